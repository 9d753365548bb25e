// The sharding checker: judges a sharded store's migrations from the router's records
// (shard_history.h) and measures what sharding costs and buys: load imbalance per
// window, the hot shard and hot key, keys moved per topology change, migration and
// cutover durations, and client latency inside and outside cutover holds.
//
// It judges only what the records show: a migration whose phases come out of order
// (registration, bulk-import, async-replication, [validation], cutover, cleanup, done;
// only validation may be left out, or repeat: one line per pass) is a `phase-order` anomaly, and
// one registered but never done by the end of the history is `migration-unfinished`. Either makes
// the history invalid. Whether the data survived the move is the kv checkers' question
// (linearizability, lost-writes) on the same history. docs/sharding-checker.md defines
// every metric.
//
//   const ShardReport r = CheckSharding(history);
//   if (!r.Valid()) std::cout << r.anomalies.begin()->second.examples[0];
//   double imbalance = r.metrics.at("imbalance_max");
#ifndef FAULTLINE_CHECKERS_SHARDING_SHARDING_CHECKER_H_
#define FAULTLINE_CHECKERS_SHARDING_SHARDING_CHECKER_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "checkers/sharding/shard_history.h"

namespace faultline::checkers::sharding {

struct ShardAnomaly {
  int64_t count = 0;
  std::vector<std::string> examples{};  // the first few, in plain words
};

// One migration's phases as recorded, in line order.
struct MigrationTimeline {
  std::string id{};
  std::vector<std::pair<Phase, int64_t>> phases{};  // (phase, time_ns)
  std::map<std::string, int64_t> detail{};  // the registration line's detail (from, to, keys)
  bool done = false;
  int64_t duration_ns = -1;      // registration to done; -1 when either is missing
  int64_t cutover_hold_ns = -1;  // its longest cutover hold; -1: no cutover line
  int64_t cutover_held = 0;      // requests its cutovers held
  int64_t cutover_failed = 0;    // and failed
};

// One window's load over all routers.
struct WindowLoad {
  int64_t window_end_ns = 0;
  int64_t requests = 0;
  double imbalance = 0;  // max over mean per shard; 0 when no traffic
  // Whether the window carries load: at least a quarter of the median window's requests.
  // The imbalance statistics leave the others out: the run's first and last partial
  // windows and its final reads (which walk the keys in order, one shard at a time)
  // would read as one shard taking everything.
  bool loaded = false;
};

struct ShardReport {
  std::map<std::string, ShardAnomaly> anomalies{};  // only the kinds found
  std::map<std::string, double> metrics{};
  std::vector<WindowLoad> windows{};            // in time order
  std::vector<MigrationTimeline> migrations{};  // in order of first record
  std::string hot_shard{};  // the shard with the largest share of routed requests; ""
  std::vector<std::string> notes{};

  bool Valid() const { return anomalies.empty(); }
};

// Every kind found decides the verdict.
ShardReport CheckSharding(const ShardHistory& history);

// max over mean of `per_shard` (each shard's requests in one window); 0 when all are 0.
// REQUIRES: !per_shard.empty().
double Imbalance(const std::vector<int64_t>& per_shard);

}  // namespace faultline::checkers::sharding

#endif  // FAULTLINE_CHECKERS_SHARDING_SHARDING_CHECKER_H_
