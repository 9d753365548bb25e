// A scenario as plain structs: what the YAML file says, after validation and with units
// resolved (durations in nanoseconds, probabilities in parts per million).
//
// scenario/scenario_loader.h fills these from a file; the simulator reads only these structs, so a
// test can also build a scenario in code. Defaults here are the defaults of the file
// format (docs/scenario-format.md).
#ifndef FAULTLINE_SIM_SCENARIO_H_
#define FAULTLINE_SIM_SCENARIO_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/time.h"
#include "sim/distribution.h"

namespace faultline::sim {

// Where a value came from, for error messages raised after loading (1-based; 0 unknown).
struct SourceLoc {
  int line = 0;
  int column = 0;
};

// Behaviour of a directed link. Probabilities are parts per million (0..1'000'000).
struct LinkSpec {
  Distribution latency = Distribution::Constant(1 * kMillisecond);
  uint32_t loss_ppm = 0;
  uint32_t duplicate_ppm = 0;
  bool reorder = false;  // false: FIFO per directed link
};

// A per-link override of some LinkSpec fields ("from"/"to" are endpoint names, or "*").
struct LinkOverride {
  std::string from = "*";
  std::string to = "*";
  std::optional<Distribution> latency;
  std::optional<uint32_t> loss_ppm;
  std::optional<uint32_t> duplicate_ppm;
  std::optional<bool> reorder;
  SourceLoc loc;
};

struct NetworkSpec {
  LinkSpec defaults;
  std::vector<LinkOverride> links;
  // Latency by message kind name ("heartbeat"), overriding the link's latency.
  std::map<std::string, Distribution> kind_latency;
};

struct ClockSpec {
  Distribution skew_ns;    // drawn once per node: offset of its clock from true time
  Distribution drift_ppm;  // drawn once per node: rate error in parts per million
};

struct CpuSpec {
  int workers = 1;
  int queue_limit = 10'000;  // messages waiting beyond this are dropped (overload)
  Distribution service_ns;   // default service time per message (0: instant)
  std::map<std::string, Distribution> service_by_kind;
};

struct ClusterSpec {
  std::string model;
  int nodes = 3;
  std::map<std::string, std::string> params;  // validated against the model's ModelParams
  CpuSpec cpu;
  SourceLoc model_loc;
};

// A partition shape. Node names are "n1".."nN"; "primary" / "leader" name the node that
// currently leads, "random" a node drawn from the fault stream.
struct PartitionSpec {
  enum class Shape { kHalves, kIsolate, kMajorityRing, kBridge, kGroups, kOneWay };
  Shape shape = Shape::kHalves;
  std::string target;                             // isolate, bridge (the bridge node)
  std::vector<std::vector<std::string>> groups;   // groups
  std::vector<std::string> from, to;              // one-way: messages from -> to are cut
};

struct FaultAction {
  enum class Kind {
    kPartition,   // partition
    kHeal,        // heal every partition and link degradation
    kCrash,       // crash target (restart_after, if set, restarts it)
    kRestart,     // restart target
    kPause,       // pause target (for, if set, resumes it)
    kResume,      // resume target
    kClockJump,   // step target's clock by clock_jump_ns
    kClockDrift,  // set target's drift to drift_ppm
    kLinkDegrade  // apply `link` to links from/to target ("*" for all)
  };
  Kind kind = Kind::kHeal;
  Nanos at_ns = 0;
  Nanos for_ns = 0;  // >0: undo after this long (heal, restart, resume, restore)
  std::string target;
  PartitionSpec partition;
  Nanos clock_jump_ns = 0;
  int64_t drift_ppm = 0;
  LinkOverride link;
  SourceLoc loc;
};

// The random nemesis: at intervals drawn from `interval`, inject one fault of a kind
// drawn from `kinds`, and undo it after a time drawn from `fault_duration`.
struct NemesisSpec {
  bool enabled = false;
  Distribution interval_ns = Distribution::Exponential(5 * kSecond);
  Distribution fault_duration_ns = Distribution::Uniform(1 * kSecond, 3 * kSecond);
  // Kinds: "partition", "crash", "pause", "clock", "link".
  std::vector<std::string> kinds;
  Nanos clock_jump_max_ns = 500 * kMillisecond;
};

struct FaultsSpec {
  std::vector<FaultAction> schedule;  // sorted by at_ns (stable)
  NemesisSpec random;
};

struct KeysSpec {
  enum class Dist { kUniform, kZipfian };
  int count = 10;
  Dist dist = Dist::kUniform;
  double theta = 0.99;  // zipfian skew, 0 < theta < 1 (YCSB's constant)
};

// Where a client sends an op. kLeader follows the replies' leader hints (and moves on to
// the next node when a request fails or times out without one); kRole sends to a live
// node holding `role` now (a random one among several; any node if none holds it).
enum class RoutePolicy { kLeader, kRandom, kSticky, kRole };
struct Route {
  RoutePolicy policy = RoutePolicy::kLeader;
  std::string role;  // kRole only: "leader", "follower", "router", "shard2/leader"
};

struct WorkloadSpec {
  int clients = 4;
  // Open loop when > 0: operations arrive at this total rate (per second) whatever the
  // system does. Closed loop when 0: each client issues its next op after `think_ns`.
  double rate_per_s = 0;
  Nanos think_ns = 0;
  // The workload `type` among those the model serves ("" = the model's default).
  std::string type;
  // Op names and weights, validated against the workload's functions; empty = the
  // workload's default mix.
  std::vector<std::pair<std::string, double>> ops;
  KeysSpec keys;
  Nanos timeout_ns = 1 * kSecond;
  Route route;
  std::optional<Route> read_route;  // ops named "read" only; defaults to `route`
  bool final_reads = true;
};

// A diagram the run draws from its trace.jsonl after the run: an `outputs:` entry that
// is not one of the data files. Its file name picks the format by its extension
// ("diagram.svg"); the options select events as `faultline viz` flags do (unset ones
// take that command's defaults).
struct DiagramOutput {
  std::string file;  // a plain file name, written into the run directory
  Nanos from_ns = 0;
  Nanos to_ns = kNever;
  std::vector<std::string> nodes;  // lanes to keep: n1..nN, c1..cC; empty: all
  std::vector<std::string> kinds;  // message kinds to keep; empty: all
  std::vector<std::string> hide_kinds;
  std::optional<int64_t> max_events;  // 0: no cap
  bool around_violation = false;      // centre on the checker's violation, if any
  std::optional<int64_t> around_events;
  std::string scale = "compact";  // compact | time
};

struct ScenarioSpec {
  std::string file;  // where it was loaded from ("" when built in code)
  int version = 1;
  std::string name;
  std::string description;
  uint64_t seed = 1;
  Nanos duration_ns = 10 * kSecond;
  Nanos recovery_ns = 2 * kSecond;
  ClusterSpec cluster;
  NetworkSpec network;
  ClockSpec clocks;
  FaultsSpec faults;
  WorkloadSpec workload;
  std::vector<std::string> checkers;
  // Every file the run writes, in the order listed; diagrams are also in `diagrams`.
  std::vector<std::string> outputs = {"results.json", "trace.jsonl", "history.jsonl"};
  std::vector<DiagramOutput> diagrams;
};

}  // namespace faultline::sim

#endif  // FAULTLINE_SIM_SCENARIO_H_
