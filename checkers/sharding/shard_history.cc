// Reads faultline's history.jsonl as a sharded store's history (shard_history.h): the
// router's load / topology / phase / cutover observations and the clients' ops, paired
// per process. Client op values are not read: the kv checkers judge them; this reader
// wants only when each op began and ended.
#include "checkers/sharding/shard_history.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "base/check.h"
#include "base/json_depth.h"
#include "base/strings.h"
#include "base/text_file.h"
#include "checkers/internal/observation_line.h"

namespace faultline::checkers::sharding {
namespace {

using checkers::internal::JsonLine;

constexpr char kShardLineShape[] =
    "a JSON object: a client's {\"time\":T,\"process\":P,\"type\":\"invoke|ok|fail|info\","
    "\"f\":F,...} or a router's {\"time\":T,\"node\":\"router\",\"type\":\"observe\","
    "\"f\":\"load|topology|phase|cutover\",\"key\":K,\"value\":V,\"detail\":{...}}";

constexpr const char* kShardPhaseNames[kPhaseCount] = {
    "registration", "bulk-import", "async-replication", "validation", "cutover", "cleanup", "done"};

// The "key" field as a non-empty string; `means` says what it names.
absl::StatusOr<std::string> ShardLineKey(const JsonLine& p, std::string_view f,
                                         std::string_view means) {
  if (!p.Has("key") || !p.obj().at("key").is_string() ||
      p.obj().at("key").get<std::string>().empty()) {
    return p.Error(absl::StrCat("\"key\" on a ", Sv(f), " line to be ", Sv(means)),
                   p.Has("key") ? p.Dump(p.obj().at("key")) : std::string(p.line()));
  }
  return p.obj().at("key").get<std::string>();
}

// The "value" field as an integer of at least 0; `means` says what it counts.
absl::StatusOr<int64_t> ShardLineCount(const JsonLine& p, std::string_view f,
                                       std::string_view means) {
  const std::string what = absl::StrCat("\"value\" on a ", Sv(f), " line (", Sv(means), ")");
  if (!p.Has("value")) return p.Error(what, std::string(p.line()));
  FL_ASSIGN_OR_RETURN(const int64_t v, p.AsInt(p.obj().at("value"), what));
  if (v < 0) return p.Error(absl::StrCat(what, " to be 0 or more"), p.Dump(p.obj().at("value")));
  return v;
}

// Every integer field of "detail" but those in `read`, for the counters and extra facts.
absl::StatusOr<std::map<std::string, int64_t>> ShardDetailInts(
    const JsonLine& p, std::initializer_list<std::string_view> read) {
  std::map<std::string, int64_t> out;
  if (!p.Has("detail")) return out;
  for (const auto& item : p.obj().at("detail").items()) {
    if (std::find(read.begin(), read.end(), item.key()) != read.end()) continue;
    if (!item.value().is_number_integer()) continue;  // strings and flags: facts, not counts
    FL_ASSIGN_OR_RETURN(out[item.key()],
                        p.AsInt(item.value(), absl::StrCat("detail \"", item.key(), "\"")));
  }
  return out;
}

absl::Status ReadShardLoad(const JsonLine& p, LoadSample& s) {
  const char* f = "load";
  FL_ASSIGN_OR_RETURN(s.shard, ShardLineKey(p, f, "the shard's name, such as \"shard2\""));
  FL_ASSIGN_OR_RETURN(s.requests, ShardLineCount(p, f, "requests routed to the shard"));
  FL_ASSIGN_OR_RETURN(s.window_ns, p.DetailInt(f, "window_ns", "the window's length", 1));
  if (p.HasDetail("keys")) {
    FL_ASSIGN_OR_RETURN(s.keys, p.DetailInt(f, "keys", "keys the shard holds", 0));
  }
  if (p.HasDetail("hot_key")) {
    // "" (or null) when the shard had no requests in the window.
    FL_ASSIGN_OR_RETURN(s.hot_key,
                        p.DetailStringOrNull(f, "hot_key", "the shard's busiest key, or \"\""));
    FL_ASSIGN_OR_RETURN(s.hot_key_requests,
                        p.DetailInt(f, "hot_key_requests", "requests for the hot key", 0));
    if (s.hot_key_requests > s.requests) {
      return p.Error(absl::StrCat("detail \"hot_key_requests\" to be at most the line's value (",
                                  s.requests, " requests routed)"),
                     absl::StrCat(s.hot_key_requests));
    }
  }
  FL_ASSIGN_OR_RETURN(s.counters,
                      ShardDetailInts(p, {"window_ns", "keys", "hot_key", "hot_key_requests"}));
  for (const auto& [name, v] : s.counters) {
    if (v < 0)
      return p.Error(absl::StrCat("detail \"", name, "\" to be 0 or more"), absl::StrCat(v));
  }
  return absl::OkStatus();
}

absl::Status ReadShardTopology(const JsonLine& p, TopologyChange& t) {
  const char* f = "topology";
  FL_ASSIGN_OR_RETURN(t.change, ShardLineKey(p, f, "the change, such as \"add shard4\""));
  FL_ASSIGN_OR_RETURN(t.keys_moved, ShardLineCount(p, f, "keys moved"));
  FL_ASSIGN_OR_RETURN(t.keys, p.DetailInt(f, "keys", "the key universe, such as 10000", 1));
  if (t.keys_moved > t.keys) {
    return p.Error(
        absl::StrCat("keys moved (the value) to be at most detail \"keys\" (", t.keys, ")"),
        absl::StrCat(t.keys_moved));
  }
  if (p.HasDetail("strategy")) {
    FL_ASSIGN_OR_RETURN(t.strategy, p.DetailString(f, "strategy", "such as \"hash-mod\""));
  }
  if (p.HasDetail("from_shards")) {
    FL_ASSIGN_OR_RETURN(t.from_shards, p.DetailInt(f, "from_shards", "shards before", 0));
  }
  if (p.HasDetail("to_shards")) {
    FL_ASSIGN_OR_RETURN(t.to_shards, p.DetailInt(f, "to_shards", "shards after", 0));
  }
  return absl::OkStatus();
}

absl::Status ReadShardPhase(const JsonLine& p, PhaseRecord& r) {
  FL_ASSIGN_OR_RETURN(r.migration,
                      ShardLineKey(p, "phase", "the migration's name, such as \"m1\""));
  const char* want =
      "a phase's value to be one of registration, bulk-import, "
      "async-replication, validation, cutover, cleanup, done";
  if (!p.Has("value") || !p.obj().at("value").is_string()) {
    return p.Error(want, p.Has("value") ? p.Dump(p.obj().at("value")) : std::string(p.line()));
  }
  const std::string name = p.obj().at("value").get<std::string>();
  const auto it = std::find(std::begin(kShardPhaseNames), std::end(kShardPhaseNames), name);
  if (it == std::end(kShardPhaseNames)) return p.Error(want, name);
  r.phase = static_cast<Phase>(it - std::begin(kShardPhaseNames));
  FL_ASSIGN_OR_RETURN(r.detail, ShardDetailInts(p, {}));
  return absl::OkStatus();
}

absl::Status ReadShardCutover(const JsonLine& p, CutoverRecord& c) {
  const char* f = "cutover";
  FL_ASSIGN_OR_RETURN(c.migration, ShardLineKey(p, f, "the migration's name, such as \"m1\""));
  FL_ASSIGN_OR_RETURN(c.hold_ns, ShardLineCount(p, f, "how long writes were held, in ns"));
  if (c.hold_ns > c.time_ns) {
    return p.Error(absl::StrCat("a cutover's hold (the value) to be at most its line's time (",
                                c.time_ns, "): the line is written when the hold ends"),
                   absl::StrCat(c.hold_ns));
  }
  FL_ASSIGN_OR_RETURN(c.held, p.DetailInt(f, "held", "requests held", 0));
  FL_ASSIGN_OR_RETURN(c.failed, p.DetailInt(f, "failed", "requests failed", 0));
  return absl::OkStatus();
}

class ShardReader {
 public:
  explicit ShardReader(ShardHistory* history) : h_(*history) {}
  absl::Status Line(std::string_view line, const LineRef& at);
  void Finish();

 private:
  absl::Status Observation(const JsonLine& p, int64_t time, const LineRef& at);
  absl::Status ClientLine(const JsonLine& p, int64_t time, const std::string& type);

  ShardHistory& h_;
  std::map<int64_t, size_t> open_;  // process -> index in ops of its open invocation
};

absl::Status ShardReader::Line(std::string_view line, const LineRef& at) {
  JsonLine p(line, at, kShardLineShape, checkers::internal::IntRange::kArithmeticSafe);
  FL_RETURN_IF_ERROR(p.Parse());
  FL_ASSIGN_OR_RETURN(const int64_t time, p.Int("time"));
  if (time < 0) {
    return p.Error("\"time\" to be 0 or more (ns since the run began)", p.Dump(p.obj().at("time")));
  }
  FL_ASSIGN_OR_RETURN(const std::string type, p.String("type"));
  h_.end_ns = std::max(h_.end_ns, time);
  if (type == "observe") return Observation(p, time, at);
  return ClientLine(p, time, type);
}

absl::Status ShardReader::Observation(const JsonLine& p, int64_t time, const LineRef& at) {
  FL_ASSIGN_OR_RETURN(const checkers::internal::ObservationHead head,
                      checkers::internal::ReadObservationHead(p));
  if (p.Has("detail") && !p.obj().at("detail").is_object()) {
    return p.Error("\"detail\" to be an object such as {\"window_ns\":1000000000}",
                   p.Dump(p.obj().at("detail")));
  }
  if (head.f == "load") {
    LoadSample s{.time_ns = time, .line = at.line, .router = head.node};
    FL_RETURN_IF_ERROR(ReadShardLoad(p, s));
    h_.loads.push_back(std::move(s));
  } else if (head.f == "topology") {
    TopologyChange t{.time_ns = time, .line = at.line};
    FL_RETURN_IF_ERROR(ReadShardTopology(p, t));
    h_.topology.push_back(std::move(t));
  } else if (head.f == "phase") {
    PhaseRecord r{.time_ns = time, .line = at.line};
    FL_RETURN_IF_ERROR(ReadShardPhase(p, r));
    h_.phases.push_back(std::move(r));
  } else if (head.f == "cutover") {
    CutoverRecord c{.time_ns = time, .line = at.line};
    FL_RETURN_IF_ERROR(ReadShardCutover(p, c));
    h_.cutovers.push_back(std::move(c));
  } else if (head.f == "imbalance") {
    // A router's own max/mean over its requests alone: the checker sums the `load` lines
    // of every router instead, so this one adds nothing.
  } else {
    ++h_.other_observations;  // another node's record (a shard's replicas): counted
  }
  return absl::OkStatus();
}

absl::Status ShardReader::ClientLine(const JsonLine& p, int64_t time, const std::string& type) {
  FL_ASSIGN_OR_RETURN(const int64_t process, p.Int("process"));
  FL_ASSIGN_OR_RETURN(const std::string f, p.String("f"));
  if (type == "invoke") {
    if (const auto it = open_.find(process); it != open_.end()) {
      return p.Error(absl::StrCat("a completion of process ", process,
                                  "'s open op before its next invocation"),
                     "another invocation");
    }
    open_[process] = h_.ops.size();
    h_.ops.push_back(ClientOp{.process = process, .f = f, .invoke_ns = time});
    return absl::OkStatus();
  }
  OpOutcome outcome = OpOutcome::kInfo;
  if (type == "ok") {
    outcome = OpOutcome::kOk;
  } else if (type == "fail") {
    outcome = OpOutcome::kFail;
  } else if (type != "info") {
    return p.Error("\"type\" to be invoke, ok, fail, info or observe", type);
  }
  const auto it = open_.find(process);
  if (it == open_.end()) {
    return p.Error(absl::StrCat("an invocation of process ", process, " before its completion"),
                   "a completion with none open");
  }
  ClientOp& op = h_.ops[it->second];
  if (op.f != f) {
    return p.Error(absl::StrCat("the completion of process ", process, "'s ", op.f), f);
  }
  if (time < op.invoke_ns) {
    return p.Error(
        absl::StrCat("a completion time at or after its invocation's (", op.invoke_ns, ")"),
        absl::StrCat(time));
  }
  op.outcome = outcome;
  op.complete_ns = time;
  open_.erase(it);
  return absl::OkStatus();
}

void ShardReader::Finish() {
  if (h_.other_observations > 0) {
    h_.notes.push_back(absl::StrCat(h_.other_observations,
                                    " observation(s) of other kinds (f not load, imbalance, "
                                    "topology, phase or cutover) not read"));
  }
}

}  // namespace

std::string_view PhaseName(Phase phase) { return kShardPhaseNames[static_cast<int>(phase)]; }

absl::StatusOr<ShardHistory> ReadShardHistoryFile(const std::string& path) {
  absl::StatusOr<std::string> text =
      ReadTextFile(path, "history file", "e.g. RUN_DIR/history.jsonl");
  if (!text.ok()) return text.status();
  return ReadShardHistoryText(*text, path);
}

absl::StatusOr<ShardHistory> ReadShardHistoryText(std::string_view text, std::string_view source) {
  text = StripUtf8Bom(text);
  ShardHistory history;
  history.source = std::string(source);
  ShardReader reader(&history);
  FL_RETURN_IF_ERROR(checkers::internal::ForEachHistoryLine(
      text, source,
      [&reader](std::string_view line, const LineRef& at) { return reader.Line(line, at); }));
  reader.Finish();
  return history;
}

}  // namespace faultline::checkers::sharding
