// Reads faultline's history.jsonl as a lock history (lock_history.h): `request` ops paired
// per process (an invocation with the same process's next completion), and the
// observations acquire / release / pause / restart (pods), grant / load (lock servers) and write
// (the resource), each with the detail fields docs/lock-checker.md lists.
#include "checkers/locks/lock_history.h"

#include <algorithm>
#include <limits>
#include <map>
#include <utility>

#include "absl/strings/str_cat.h"
#include "base/check.h"
#include "base/json_depth.h"
#include "base/line_error.h"
#include "base/strings.h"
#include "base/text_file.h"
#include "checkers/internal/observation_line.h"

namespace faultline::checkers::locks {
namespace {

using checkers::internal::ForEachHistoryLine;
using checkers::internal::IntRange;
using checkers::internal::JsonLine;

constexpr char kLockLineShape[] =
    "a JSON object: a client's {\"time\":T,\"process\":P,\"type\":\"invoke|ok|fail|info\","
    "\"f\":\"request\",\"key\":\"L1\",\"value\":V} or a node's {\"time\":T,\"node\":\"n3\","
    "\"type\":\"observe\",\"f\":F,...}";

absl::Status ReadAcquire(const JsonLine& p, Acquire& a) {
  const char* f = "acquire";
  FL_ASSIGN_OR_RETURN(a.key, p.LockKey());
  FL_ASSIGN_OR_RETURN(a.token, p.Int("value"));
  FL_ASSIGN_OR_RETURN(a.thread, p.DetailString(f, "thread", "the pod's thread, such as \"t3\""));
  FL_ASSIGN_OR_RETURN(a.op, p.DetailInt(f, "op", "the request's op number", 1));
  FL_ASSIGN_OR_RETURN(a.attempts, p.DetailInt(f, "attempts", "lock commands sent, at least 1", 1));
  FL_ASSIGN_OR_RETURN(a.wait_ns, p.DetailInt(f, "wait_ns", "first attempt to grant", 0));
  FL_ASSIGN_OR_RETURN(a.ttl_ns, p.DetailInt(f, "ttl_ns", "the lock's time to live", 0));
  if (p.HasDetail("servers")) {
    FL_ASSIGN_OR_RETURN(a.servers, p.DetailInt(f, "servers", "how many servers granted", 1));
  }
  if (p.HasDetail("validity_ns")) {
    // Negative validity is possible in principle (the round took longer than the TTL) and
    // is a fact worth keeping, so any integer is read.
    FL_ASSIGN_OR_RETURN(a.validity_ns, p.DetailInt(f, "validity_ns", "TTL - elapsed - drift",
                                                   std::numeric_limits<int64_t>::min()));
  }
  return absl::OkStatus();
}

absl::Status ReadRelease(const JsonLine& p, Release& r) {
  const char* f = "release";
  FL_ASSIGN_OR_RETURN(r.key, p.LockKey());
  FL_ASSIGN_OR_RETURN(r.token, p.Int("value"));
  FL_ASSIGN_OR_RETURN(r.thread, p.DetailString(f, "thread", "the pod's thread, such as \"t3\""));
  FL_ASSIGN_OR_RETURN(r.op, p.DetailInt(f, "op", "the request's op number", 1));
  FL_ASSIGN_OR_RETURN(r.held_ns,
                      p.DetailInt(f, "held_ns", "how long it held, on the pod's clock", 0));
  FL_ASSIGN_OR_RETURN(r.outcome, p.DetailString(f, "outcome", "\"released\" or \"abandoned\""));
  if (r.outcome != "released" && r.outcome != "abandoned") {
    return p.Error("detail \"outcome\" to be \"released\" or \"abandoned\"", r.outcome);
  }
  return absl::OkStatus();
}

absl::Status ReadPause(const JsonLine& p, Pause& pause) {
  FL_ASSIGN_OR_RETURN(pause.gap_ns, p.Int("value"));
  if (pause.gap_ns < 0)
    return p.Error("a pause's value (the gap in ns) to be 0 or more", p.Dump(p.obj().at("value")));
  // The monitor's expected_ns is when its tick was due on the pod's own clock; the
  // pause's start in true time is the line's time minus the gap (pod clocks only drift
  // between the two, so the error is parts per million), comparable with other lines.
  FL_ASSIGN_OR_RETURN(pause.due_ns,
                      p.DetailInt("pause", "expected_ns", "when the monitor's tick was due", 0));
  pause.began_ns = std::max<int64_t>(0, pause.time_ns - pause.gap_ns);
  return absl::OkStatus();
}

absl::Status ReadGrant(const JsonLine& p, Grant& g) {
  const char* f = "grant";
  FL_ASSIGN_OR_RETURN(g.key, p.LockKey());
  FL_ASSIGN_OR_RETURN(g.token, p.Int("value"));
  FL_ASSIGN_OR_RETURN(g.owner, p.DetailString(f, "owner", "the new holder, such as \"n3/t7\""));
  FL_ASSIGN_OR_RETURN(g.ttl_ns, p.DetailInt(f, "ttl_ns", "the lock's time to live", 0));
  FL_ASSIGN_OR_RETURN(g.previous,
                      p.DetailStringOrNull(f, "previous", "the previous owner, or null"));
  FL_ASSIGN_OR_RETURN(
      g.previous_expired,
      p.DetailBool(f, "previous_expired",
                   "whether the previous owner's key expired rather than was released"));
  return absl::OkStatus();
}

absl::Status ReadLoad(const JsonLine& p, Load& l) {
  const char* f = "load";
  FL_ASSIGN_OR_RETURN(l.queued, p.Int("value"));
  if (l.queued < 0)
    return p.Error("a load's value (the queue length) to be 0 or more",
                   p.Dump(p.obj().at("value")));
  FL_ASSIGN_OR_RETURN(l.in_service, p.DetailInt(f, "in_service", "commands in service now", 0));
  FL_ASSIGN_OR_RETURN(l.served, p.DetailInt(f, "served", "commands served so far", 0));
  FL_ASSIGN_OR_RETURN(l.busy_ns, p.DetailInt(f, "busy_ns", "cumulative CPU busy time", 0));
  return absl::OkStatus();
}

absl::Status ReadWrite(const JsonLine& p, Write& w) {
  const char* f = "write";
  FL_ASSIGN_OR_RETURN(w.key, p.LockKey());
  FL_ASSIGN_OR_RETURN(w.token, p.Int("value"));
  FL_ASSIGN_OR_RETURN(w.holder, p.DetailString(f, "holder", "the writer, such as \"n3/t7\""));
  FL_ASSIGN_OR_RETURN(w.op, p.DetailInt(f, "op", "the request's op number", 1));
  FL_ASSIGN_OR_RETURN(w.accepted, p.DetailBool(f, "accepted", "whether the resource took it"));
  FL_ASSIGN_OR_RETURN(w.highest, p.DetailInt(f, "highest", "the highest token accepted before", 0));
  return absl::OkStatus();
}

class Reader {
 public:
  explicit Reader(LockHistory* history) : h_(*history) {}
  absl::Status Line(std::string_view line, const LineRef& at);
  void Finish();

 private:
  absl::Status Observation(const JsonLine& p, int64_t time, const LineRef& at);
  absl::Status ClientLine(const JsonLine& p, int64_t time, const std::string& type,
                          const LineRef& at);
  absl::Status Invoke(const JsonLine& p, int64_t time, int64_t process, std::string key,
                      const nlohmann::json& value, const LineRef& at);

  LockHistory& h_;
  std::map<int64_t, size_t> open_;       // process -> index in requests
  std::map<int64_t, int64_t> op_lines_;  // op number -> line of its invocation
};

absl::Status Reader::Line(std::string_view line, const LineRef& at) {
  JsonLine p(line, at, kLockLineShape, IntRange::kArithmeticSafe);
  if (absl::Status st = p.Parse(); !st.ok()) return st;
  int64_t time = 0;
  FL_ASSIGN_OR_RETURN(time, p.Int("time"));
  if (time < 0)
    return p.Error("\"time\" to be 0 or more (ns since the run began)", p.Dump(p.obj().at("time")));
  std::string type;
  FL_ASSIGN_OR_RETURN(type, p.String("type"));
  h_.end_ns = std::max(h_.end_ns, time);
  if (type == "observe") return Observation(p, time, at);
  return ClientLine(p, time, type, at);
}

absl::Status Reader::Observation(const JsonLine& p, int64_t time, const LineRef& at) {
  checkers::internal::ObservationHead head;
  FL_ASSIGN_OR_RETURN(head, checkers::internal::ReadObservationHead(p));
  const std::string& node = head.node;
  const std::string& f = head.f;
  if (p.Has("detail") && !p.obj().at("detail").is_object()) {
    return p.Error("\"detail\" to be an object such as {\"thread\":\"t3\",\"op\":41}",
                   p.Dump(p.obj().at("detail")));
  }
  if (f == "acquire") {
    Acquire a{.time_ns = time, .line = at.line, .node = node};
    if (absl::Status st = ReadAcquire(p, a); !st.ok()) return st;
    h_.acquires.push_back(std::move(a));
  } else if (f == "release") {
    Release r{.time_ns = time, .line = at.line, .node = node};
    if (absl::Status st = ReadRelease(p, r); !st.ok()) return st;
    h_.releases.push_back(std::move(r));
  } else if (f == "pause") {
    Pause pause{.time_ns = time, .line = at.line, .node = node};
    if (absl::Status st = ReadPause(p, pause); !st.ok()) return st;
    h_.pauses.push_back(std::move(pause));
  } else if (f == "restart") {
    h_.restarts.push_back(Restart{.time_ns = time, .line = at.line, .node = node});
  } else if (f == "grant") {
    Grant g{.time_ns = time, .line = at.line, .node = node};
    if (absl::Status st = ReadGrant(p, g); !st.ok()) return st;
    h_.grants.push_back(std::move(g));
  } else if (f == "load") {
    Load l{.time_ns = time, .line = at.line, .node = node};
    if (absl::Status st = ReadLoad(p, l); !st.ok()) return st;
    h_.loads.push_back(std::move(l));
  } else if (f == "write") {
    Write w{.time_ns = time, .line = at.line, .node = node};
    if (absl::Status st = ReadWrite(p, w); !st.ok()) return st;
    h_.writes.push_back(std::move(w));
  } else {
    ++h_.other_observations;  // another family's record: kept out, counted
  }
  return absl::OkStatus();
}

absl::Status Reader::Invoke(const JsonLine& p, int64_t time, int64_t process, std::string key,
                            const nlohmann::json& value, const LineRef& at) {
  if (const auto it = open_.find(process); it != open_.end()) {
    return p.Error(
        absl::StrCat("a completion of process ", process, "'s open request (line ",
                     h_.requests[it->second].invoke_line, ") before its next invocation"),
        "another invocation");
  }
  Request r{.process = process,
            .key = std::move(key),
            .invoke_ns = time,
            .complete_ns = time,
            .invoke_line = at.line};
  if (p.Has("op")) {
    FL_ASSIGN_OR_RETURN(r.op, p.Int("op"));
    if (r.op < 1)
      return p.Error("\"op\" to be an op number of at least 1", p.Dump(p.obj().at("op")));
  } else {
    r.op = static_cast<int64_t>(h_.requests.size()) + 1;
  }
  if (const auto [it, fresh] = op_lines_.emplace(r.op, at.line); !fresh) {
    return p.Error(absl::StrCat("each op number once (line ", it->second, " is op ", r.op, ")"),
                   absl::StrCat("op ", r.op, " again"));
  }
  if (p.Has("client")) {
    FL_ASSIGN_OR_RETURN(r.client, p.String("client"));
  }
  if (!value.is_null()) return p.Error("a null value for a request invocation", p.Dump(value));
  open_[process] = h_.requests.size();
  h_.requests.push_back(std::move(r));
  return absl::OkStatus();
}

absl::Status Reader::ClientLine(const JsonLine& p, int64_t time, const std::string& type,
                                const LineRef& at) {
  int64_t process = 0;
  FL_ASSIGN_OR_RETURN(process, p.Int("process"));
  std::string f;
  FL_ASSIGN_OR_RETURN(f, p.String("f"));
  if (f != "request") {
    return p.Error(
        "\"f\" to be request (a lock history's client op: take the lock, write, release)", f);
  }
  std::string key;
  FL_ASSIGN_OR_RETURN(key, p.LockKey());
  if (!p.Has("value")) return p.Error("a \"value\" field", p.Dump(p.obj()));
  const nlohmann::json& value = p.obj().at("value");
  if (type == "invoke") return Invoke(p, time, process, std::move(key), value, at);
  RequestStatus status = RequestStatus::kInfo;
  if (type == "ok") {
    status = RequestStatus::kOk;
  } else if (type == "fail") {
    status = RequestStatus::kFail;
  } else if (type != "info") {
    return p.Error("\"type\" to be invoke, ok, fail, info or observe", type);
  }
  const auto it = open_.find(process);
  if (it == open_.end()) {
    return p.Error(absl::StrCat("an invocation of process ", process,
                                " before its completion (every ok, fail or info line closes "
                                "its process's open invoke line)"),
                   "a completion with none open");
  }
  Request& r = h_.requests[it->second];
  if (r.key != key) {
    return p.Error(absl::StrCat("the completion of process ", process, "'s request of ", r.key,
                                " (line ", r.invoke_line, ")"),
                   absl::StrCat("a request of ", key));
  }
  if (time < r.invoke_ns) {
    return p.Error(absl::StrCat("a completion time at or after its invocation's (", r.invoke_ns,
                                ", line ", r.invoke_line, ")"),
                   absl::StrCat(time));
  }
  if (status == RequestStatus::kOk) {
    if (!value.is_number_integer() || (value.is_number_integer() && value.get<int64_t>() < 0)) {
      return p.Error(
          "an ok request's value to be the fencing token its write used (an integer, "
          "0 when tokens are off)",
          p.Dump(value));
    }
    r.token = value.get<int64_t>();
  } else if (status == RequestStatus::kFail) {
    if (!value.is_string() || value.get<std::string>().empty()) {
      return p.Error(
          "a failed request's value to be the reason: \"rejected\", \"busy\", "
          "\"lock-timeout\" or \"fenced\"",
          p.Dump(value));
    }
    r.reason = value.get<std::string>();
  }
  r.status = status;
  r.completed = true;
  r.complete_ns = time;
  open_.erase(it);
  return absl::OkStatus();
}

void Reader::Finish() {
  if (!open_.empty()) {
    h_.notes.push_back(absl::StrCat(open_.size(),
                                    " request(s) still open at the end of the history: counted "
                                    "as timeouts (unknown outcome)"));
  }
  if (h_.other_observations > 0) {
    h_.notes.push_back(absl::StrCat(h_.other_observations,
                                    " observation(s) of other kinds not read (not a lock "
                                    "model's records)"));
  }
}

}  // namespace

absl::StatusOr<LockHistory> ReadLockHistoryFile(const std::string& path) {
  absl::StatusOr<std::string> text =
      ReadTextFile(path, "history file", "e.g. RUN_DIR/history.jsonl");
  if (!text.ok()) return text.status();
  return ReadLockHistoryText(*text, path);
}

absl::StatusOr<LockHistory> ReadLockHistoryText(std::string_view text, std::string_view source) {
  text = StripUtf8Bom(text);
  LockHistory history;
  history.source = std::string(source);
  Reader reader(&history);
  if (absl::Status st = ForEachHistoryLine(
          text, source,
          [&reader](std::string_view line, const LineRef& at) { return reader.Line(line, at); });
      !st.ok()) {
    return st;
  }
  reader.Finish();
  return history;
}

}  // namespace faultline::checkers::locks
