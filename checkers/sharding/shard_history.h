// A sharded store's history as the sharding checker reads it: the router's observe lines
// (per-shard load per window, topology changes, migration phases, cutover holds) and the
// clients' ops (for latency), from faultline's history.jsonl. docs/sharding-checker.md
// lists the lines; a line that breaks their shape is an InvalidArgument error
// "FILE:LINE: expected ..., found '...'" naming the field and what it should be.
//
//   absl::StatusOr<ShardHistory> h = ReadShardHistoryFile("runs/x/history.jsonl");
//   for (const LoadSample& s : h->loads) total += s.requests;
#ifndef FAULTLINE_CHECKERS_SHARDING_SHARD_HISTORY_H_
#define FAULTLINE_CHECKERS_SHARDING_SHARD_HISTORY_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace faultline::checkers::sharding {

// {"f":"load","key":"shard2","value":N,"detail":{"window_ns":W,"keys":K,"hot_key":"k0",
// "hot_key_requests":H,...}}: N requests routed to the shard in the window ending at time.
struct LoadSample {
  int64_t time_ns = 0;
  int64_t line = 0;
  std::string router{};
  std::string shard{};
  int64_t requests = 0;
  int64_t window_ns = 0;
  int64_t keys = -1;      // keys the shard holds; -1: not given
  std::string hot_key{};  // "": not given, or no requests
  int64_t hot_key_requests = 0;
  // Other integer detail fields (directory_misses, directory_unavailable, ...): the
  // router's counts over the window, the same on each of its lines of that window.
  std::map<std::string, int64_t> counters{};
};

// {"f":"topology","key":"add shard4","value":MOVED,"detail":{"keys":UNIVERSE,
// "strategy":"hash-mod","from_shards":4,"to_shards":5}}
struct TopologyChange {
  int64_t time_ns = 0;
  int64_t line = 0;
  std::string change{};  // "add shard4", "split shard1 at k12"
  int64_t keys_moved = 0;
  int64_t keys = 0;          // the key universe the fraction is of
  std::string strategy{};    // "": not given
  int64_t from_shards = -1;  // -1: not given
  int64_t to_shards = -1;
};

// The phases of an online migration, in the order they must come (Stripe's six, then
// done). kValidation may be skipped (a scenario turns it off to show what it catches).
// The same list as models/shard/migration.h's Migration::Phase, written again on
// purpose: checkers/ may not include models/, and the contract between them is the
// `phase` line's text (docs/sharding-checker.md), which this reader parses.
enum class Phase {
  kRegistration,
  kBulkImport,
  kAsyncReplication,
  kValidation,
  kCutover,
  kCleanup,
  kDone
};
inline constexpr int kPhaseCount = 7;
std::string_view PhaseName(Phase phase);

// {"f":"phase","key":"m1","value":"bulk-import","detail":{"from":0,"to":3,"keys":10,...}}
struct PhaseRecord {
  int64_t time_ns = 0;
  int64_t line = 0;
  std::string migration{};
  Phase phase = Phase::kRegistration;
  // Integer detail fields as written (from, to, keys, mismatches, ...).
  std::map<std::string, int64_t> detail{};
};

// {"f":"cutover","key":"m1","value":HOLD_NS,"detail":{"held":H,"failed":F}}: written at
// the end of a cutover's hold, so the hold spans [time - hold_ns, time].
struct CutoverRecord {
  int64_t time_ns = 0;
  int64_t line = 0;
  std::string migration{};
  int64_t hold_ns = 0;
  int64_t held = 0;    // requests held during the hold
  int64_t failed = 0;  // requests failed by it
};

enum class OpOutcome { kOk, kFail, kInfo };

// A client op, paired invoke with completion per process; only what latency needs.
struct ClientOp {
  int64_t process = 0;
  std::string f{};
  int64_t invoke_ns = 0;
  int64_t complete_ns = -1;  // -1: never completed
  OpOutcome outcome = OpOutcome::kInfo;
};

struct ShardHistory {
  std::string source{};
  std::vector<LoadSample> loads{};
  std::vector<TopologyChange> topology{};
  std::vector<PhaseRecord> phases{};
  std::vector<CutoverRecord> cutovers{};
  std::vector<ClientOp> ops{};     // in invocation order
  int64_t other_observations = 0;  // observe lines of other kinds: counted, not read
  int64_t end_ns = 0;              // the last line's time
  std::vector<std::string> notes{};

  int64_t observations() const {
    return static_cast<int64_t>(loads.size() + topology.size() + phases.size() + cutovers.size()) +
           other_observations;
  }
};

[[nodiscard]] absl::StatusOr<ShardHistory> ReadShardHistoryFile(const std::string& path);
// `source` names the text in errors and in ShardHistory::source.
[[nodiscard]] absl::StatusOr<ShardHistory> ReadShardHistoryText(std::string_view text,
                                                                std::string_view source);

}  // namespace faultline::checkers::sharding

#endif  // FAULTLINE_CHECKERS_SHARDING_SHARD_HISTORY_H_
