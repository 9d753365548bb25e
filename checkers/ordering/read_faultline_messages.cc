// Reads faultline's history.jsonl as a messaging history (message_history.h): client op
// lines, whose value depends on f, and node observation lines:
//   send     invoke value: the message's value (an integer); ok value: the same integer
//            (a broker), or [offset, value] (a log, with an optional line field
//            "partition") or [offset, value, partition] (log.partitioned);
//   poll     invoke value null, or the positions asked for (a list such as [[3, 12]]:
//            partition 3 from offset 12); ok value: [[key, offset, value], ...] or
//            [[key, offset, value, partition], ...] as returned;
//   pending  key null; ok value: [[key, value], ...] still queued or in flight;
//   assign   value: the list of keys a consumer takes (resets its poll order).
//   observe  {"node": N, "f": "apply"|"requeue"|"redeliver"|"dead-letter", "key", "value",
//            "detail": {"op", "consumer", "deliveries", "requeues", "held_ns", "reason"}}
#include <limits>
#include <set>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "base/line_error.h"
#include "base/strings.h"
#include "checkers/internal/observation_line.h"
#include "checkers/ordering/internal/op_pairing.h"
#include "checkers/ordering/internal/readers.h"
#include "nlohmann/json.hpp"

namespace faultline::checkers::ordering::internal {
namespace {

using nlohmann::json;

constexpr char kOpShape[] =
    "a JSON object {\"time\":T,\"process\":P,\"type\":\"invoke|ok|fail|info\",\"f\":\"send|poll|"
    "pending|assign\",\"key\":K,\"value\":V} or a node's {\"time\":T,\"node\":N,\"type\":"
    "\"observe\",...}";

using checkers::internal::JsonLine;

// A message's key: a non-empty string.
absl::StatusOr<std::string> MessageKey(const JsonLine& p, const json& v, std::string_view what) {
  if (!v.is_string() || v.get<std::string>().empty()) {
    return p.Error(absl::StrCat(Sv(what), " to be a message key, a non-empty string such as \"e7\""),
                   p.Dump(v));
  }
  return v.get<std::string>();
}

ObservationKind KindOf(std::string_view f) {
  if (f == "apply") return ObservationKind::kApply;
  if (f == "requeue") return ObservationKind::kRequeue;
  if (f == "redeliver") return ObservationKind::kRedeliver;
  if (f == "dead-letter") return ObservationKind::kDeadLetter;
  return ObservationKind::kOther;
}

absl::StatusOr<NodeObservation> ParseObservation(const JsonLine& p, int64_t time,
                                                 const LineRef& at) {
  NodeObservation o;
  o.time_ns = time;
  o.line = at.line;
  absl::StatusOr<checkers::internal::ObservationHead> head =
      checkers::internal::ReadObservationHead(p);
  if (!head.ok()) return head.status();
  o.node = std::move(head->node);
  o.f = std::move(head->f);
  o.kind = KindOf(o.f);
  if (o.kind == ObservationKind::kOther) return o;  // another family's record: kept, unread
  if (!p.Has("key")) return p.Error("a \"key\" field: the message's key", p.Dump(p.obj()));
  absl::StatusOr<std::string> key = MessageKey(p, p.obj().at("key"), "\"key\"");
  if (!key.ok()) return key.status();
  o.key = *std::move(key);
  absl::StatusOr<int64_t> value = p.Int("value");
  if (!value.ok()) return value.status();
  o.value = *value;
  if (!p.Has("detail")) return o;
  const json& detail = p.obj().at("detail");
  if (!detail.is_object()) {
    return p.Error("\"detail\" to be an object such as {\"op\":41,\"consumer\":\"n2\"}",
                   p.Dump(detail));
  }
  for (auto [name, slot] : {std::pair{"op", &o.op},
                            {"deliveries", &o.deliveries},
                            {"requeues", &o.requeues},
                            {"held_ns", &o.held_ns}}) {
    if (!detail.contains(name)) continue;
    absl::StatusOr<int64_t> v = p.AsInt(detail.at(name), absl::StrCat("detail \"", name, "\""));
    if (!v.ok()) return v.status();
    if (*v < 0) {
      return p.Error(absl::StrCat("detail \"", name, "\" to be 0 or more"), p.Dump(detail.at(name)));
    }
    *slot = *v;
  }
  for (auto [name, slot] : {std::pair{"consumer", &o.consumer}, {"reason", &o.reason}}) {
    if (!detail.contains(name)) continue;
    if (!detail.at(name).is_string()) {
      return p.Error(absl::StrCat("detail \"", name, "\" to be a string"), p.Dump(detail.at(name)));
    }
    *slot = detail.at(name).get<std::string>();
  }
  return o;
}

// A partition named by an integer or a string ("3" either way).
absl::StatusOr<std::string> Partition(const JsonLine& p, const json& v, std::string_view what) {
  if (v.is_string() && !v.get<std::string>().empty()) return v.get<std::string>();
  if (v.is_number_integer()) return p.Dump(v);
  return p.Error(absl::StrCat(Sv(what), " to be a partition: an integer or a non-empty string"),
                 p.Dump(v));
}

// [[key, offset, value], ...] or [[key, offset, value, partition], ...]
absl::Status ParsePolled(const JsonLine& p, const json& v, ClientOp* op) {
  constexpr char kWant[] =
      "a poll's value: a list of [key, offset, value] triples such as [[\"e7\",4,2]], or "
      "[key, offset, value, partition] such as [[\"e7\",4,2,3]]";
  if (!v.is_array()) return p.Error(kWant, p.Dump(v));
  for (const json& t : v) {
    if (!t.is_array() || (t.size() != 3 && t.size() != 4)) return p.Error(kWant, p.Dump(t));
    absl::StatusOr<std::string> key = MessageKey(p, t[0], "a triple's key");
    if (!key.ok()) return key.status();
    absl::StatusOr<int64_t> offset = p.AsInt(t[1], "a triple's offset");
    if (!offset.ok()) return offset.status();
    absl::StatusOr<int64_t> value = p.AsInt(t[2], "a triple's value");
    if (!value.ok()) return value.status();
    std::string partition;
    if (t.size() == 4) {
      absl::StatusOr<std::string> part = Partition(p, t[3], "a poll entry's partition");
      if (!part.ok()) return part.status();
      partition = *std::move(part);
    }
    op->polled.push_back({*std::move(key), *offset, *value, std::move(partition)});
  }
  return absl::OkStatus();
}

// [[key, value], ...]
absl::Status ParsePending(const JsonLine& p, const json& v, ClientOp* op) {
  constexpr char kWant[] =
      "a pending's value: a list of [key, value] pairs still queued, such as [[\"e7\",3]]";
  if (!v.is_array()) return p.Error(kWant, p.Dump(v));
  for (const json& t : v) {
    if (!t.is_array() || t.size() != 2) return p.Error(kWant, p.Dump(t));
    absl::StatusOr<std::string> key = MessageKey(p, t[0], "a pair's key");
    if (!key.ok()) return key.status();
    absl::StatusOr<int64_t> value = p.AsInt(t[1], "a pair's value");
    if (!value.ok()) return value.status();
    op->pending.push_back({*std::move(key), *value});
  }
  return absl::OkStatus();
}

absl::Status ParseAssigned(const JsonLine& p, const json& v, ClientOp* op) {
  if (!v.is_array())
    return p.Error("an assign's value: a list of keys such as [\"e1\",\"e2\"]", p.Dump(v));
  op->assigned.clear();
  for (const json& k : v) {
    absl::StatusOr<std::string> key = MessageKey(p, k, "an assigned key");
    if (!key.ok()) return key.status();
    op->assigned.push_back(*std::move(key));
  }
  return absl::OkStatus();
}

// The ok value of a send: the invocation's value, or [offset, value] or
// [offset, value, partition] for a log.
absl::Status ParseSendOk(const JsonLine& p, const json& v, ClientOp* op) {
  const std::string want =
      absl::StrCat("a send's ok value: its message value ", op->value, " (a broker) or [offset, ",
                   op->value, "] or [offset, ", op->value, ", partition] (a log)");
  if (v.is_array()) {
    if (v.size() != 2 && v.size() != 3) return p.Error(want, p.Dump(v));
    absl::StatusOr<int64_t> offset = p.AsInt(v[0], "a send's offset");
    if (!offset.ok()) return offset.status();
    absl::StatusOr<int64_t> value = p.AsInt(v[1], "a send's value");
    if (!value.ok()) return value.status();
    if (*value != op->value) return p.Error(want, p.Dump(v));
    op->offset = *offset;
    if (v.size() == 3) {
      if (p.Has("partition")) {
        return p.Error("the partition once: in the ok value or in a \"partition\" field",
                       p.Dump(p.obj().at("partition")));
      }
      absl::StatusOr<std::string> part = Partition(p, v[2], "a send's partition");
      if (!part.ok()) return part.status();
      op->partition = *std::move(part);
    }
  } else {
    absl::StatusOr<int64_t> value = p.AsInt(v, "a send's value");
    if (!value.ok() || *value != op->value) return p.Error(want, p.Dump(v));
  }
  if (p.Has("partition")) {
    const json& part = p.obj().at("partition");
    if (part.is_string()) {
      op->partition = part.get<std::string>();
    } else if (part.is_number_integer()) {
      op->partition = p.Dump(part);
    } else {
      return p.Error("\"partition\" to be an integer or a string", p.Dump(part));
    }
  }
  return absl::OkStatus();
}

class FaultlineMessages {
 public:
  explicit FaultlineMessages(MessageHistory* history) : history_(*history) {}
  absl::Status Line(std::string_view line, const LineRef& at);
  absl::Status Finish(std::string_view source) {
    absl::StatusOr<std::vector<ClientOp>> ops = pairer_.Finish(source);
    if (!ops.ok()) return ops.status();
    history_.ops = *std::move(ops);
    return absl::OkStatus();
  }

 private:
  absl::Status ClientLine(const JsonLine& p, int64_t time, const std::string& type,
                          const LineRef& at);
  MessageHistory& history_;
  OpPairer pairer_;
};

absl::Status FaultlineMessages::Line(std::string_view line, const LineRef& at) {
  JsonLine p(line, at, kOpShape);
  if (absl::Status st = p.Parse(); !st.ok()) return st;
  absl::StatusOr<int64_t> time = p.Int("time");
  if (!time.ok()) return time.status();
  absl::StatusOr<std::string> type = p.String("type");
  if (!type.ok()) return type.status();
  if (*type == "observe") {
    absl::StatusOr<NodeObservation> o = ParseObservation(p, *time, at);
    if (!o.ok()) return o.status();
    history_.observations.push_back(*std::move(o));
    return absl::OkStatus();
  }
  return ClientLine(p, *time, *type, at);
}

absl::Status FaultlineMessages::ClientLine(const JsonLine& p, int64_t time,
                                           const std::string& type, const LineRef& at) {
  absl::StatusOr<int64_t> process = p.Int("process");
  if (!process.ok()) return process.status();
  absl::StatusOr<std::string> f = p.String("f");
  if (!f.ok()) return f.status();
  if (*f != "send" && *f != "poll" && *f != "pending" && *f != "assign") {
    return p.Error(
        "\"f\" to be send, poll, pending or assign (a messaging history; a kv "
        "history's read, write and cas are for the linearizability and consistency "
        "checkers)",
        *f);
  }
  std::string key;
  if (*f == "send") {
    if (!p.Has("key")) return p.Error("a \"key\" field: the message's key", p.Dump(p.obj()));
    absl::StatusOr<std::string> k = MessageKey(p, p.obj().at("key"), "a send's \"key\"");
    if (!k.ok()) return k.status();
    key = *std::move(k);
  } else if (p.Has("key") && !p.obj().at("key").is_null()) {
    return p.Error(absl::StrCat("\"key\" null for ", *f, " (it is not about one key)"),
                   p.Dump(p.obj().at("key")));
  }
  if (!p.Has("value"))
    return p.Error(absl::StrCat("a \"value\" field in ", kOpShape), p.Dump(p.obj()));
  const json& value = p.obj().at("value");
  if (type == "invoke") {
    ClientOp op;
    op.process = *process;
    op.f = *f;
    op.key = key;
    op.invoke_ns = time;
    if (p.Has("op")) {
      absl::StatusOr<int64_t> id = p.Int("op");
      if (!id.ok()) return id.status();
      if (*id < 1)
        return p.Error("\"op\" to be an op number of at least 1", p.Dump(p.obj().at("op")));
      op.id = *id;
    }
    if (p.Has("client")) {
      absl::StatusOr<std::string> client = p.String("client");
      if (!client.ok()) return client.status();
      op.client = *std::move(client);
    }
    if (*f == "send") {
      absl::StatusOr<int64_t> v = p.AsInt(value, "a send's value (the message, an integer)");
      if (!v.ok()) return v.status();
      op.value = *v;
    } else if (*f == "assign") {
      if (absl::Status st = ParseAssigned(p, value, &op); !st.ok()) return st;
    } else if (*f == "poll" && value.is_array()) {
      // The positions the poll asks for; what it returned is in its completion.
    } else if (!value.is_null()) {
      return p.Error(absl::StrCat("a null value for a ", *f, " invocation",
                                  *f == "poll" ? " (or a list of the positions asked for)" : ""),
                     p.Dump(value));
    }
    return pairer_.Invoke(std::move(op), at);
  }
  OpStatus status = OpStatus::kInfo;
  if (type == "ok") {
    status = OpStatus::kOk;
  } else if (type == "fail") {
    status = OpStatus::kFail;
  } else if (type != "info") {
    return p.Error("\"type\" to be invoke, ok, fail, info or observe", type);
  }
  absl::StatusOr<ClientOp*> op = pairer_.Complete(*process, status, *f, &key, time, at);
  if (!op.ok()) return op.status();
  if (status != OpStatus::kOk) return absl::OkStatus();  // an unknown outcome's value says nothing
  if (*f == "send") return ParseSendOk(p, value, *op);
  if (*f == "poll") return ParsePolled(p, value, *op);
  if (*f == "pending") return ParsePending(p, value, *op);
  return ParseAssigned(p, value, *op);
}

}  // namespace

absl::Status ReadFaultlineMessages(std::string_view text, std::string_view source,
                                   MessageHistory* history) {
  FaultlineMessages reader(history);
  if (absl::Status st = checkers::internal::ForEachHistoryLine(
          text, source,
          [&reader](std::string_view line, const LineRef& at) { return reader.Line(line, at); });
      !st.ok()) {
    return st;
  }
  return reader.Finish(source);
}

}  // namespace faultline::checkers::ordering::internal
