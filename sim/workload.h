// Workloads: what clients ask of a model, owned by the model's family.
//
// The simulator runs the clients (Jepsen processes: one op outstanding each, a timed-out
// op recorded as `info` and the client continuing under a fresh process id), the timing
// (open or closed loop, rate, think time, timeouts) and the phases. A Workload decides
// *what* each op is, sees every completion with its result, says what the history
// records, and defines the final phase (final reads of every key for a kv store;
// draining a queue for a broker).
//
// A workload may run multi-step sessions per client (acquire -> write with the fencing
// token -> release): it keeps per-client state and picks the next step in NextOp.
//
//   class KvWorkload : public Workload {
//     std::optional<Op> NextOp(int client, Rng& rng) override { ... }
//     Value OnComplete(int client, const Op& op, OpOutcome o, const Value& result) override;
//     std::optional<Op> NextFinalOp(int client) override { ... }
//   };
#ifndef FAULTLINE_SIM_WORKLOAD_H_
#define FAULTLINE_SIM_WORKLOAD_H_

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/op.h"
#include "sim/rng.h"
#include "sim/scenario.h"
#include "sim/value.h"

namespace faultline::sim {

class Workload {
 public:
  virtual ~Workload() = default;
  // The next op of idle `client` in the workload phase, or nullopt to stay idle this
  // turn (a closed-loop client then waits one think time; an open-loop arrival is
  // offered to the next idle client).
  virtual std::optional<Op> NextOp(int client, Rng& rng) = 0;
  // Every completion, in both phases, with the model's result (nil for none; always nil
  // for info). Returns the value the history records for the completion: by Jepsen's
  // convention a read's result, a write's argument.
  virtual Value OnComplete(int client, const Op& op, OpOutcome outcome,
                           const Value& result) = 0;
  // After the workload phase and recovery: `client`'s next final op, or nullopt when it
  // is done. The run ends when every client is done.
  virtual std::optional<Op> NextFinalOp(int client) = 0;
  // A line for the trace when the final phase starts.
  virtual std::string FinalPhaseNote() const = 0;
};

// A checker that judges the histories of a workload, and the sequential spec it uses
// ("linearizability" with spec "kv"). sim/ knows them only by name: the CLI runs them.
struct CheckerUse {
  std::string checker;
  std::string spec;
};

// What a workload needs from the scenario to build itself.
struct WorkloadSetup {
  const WorkloadSpec& spec;
  int clients = 0;
  int nodes = 0;  // n1..nN are endpoints 0..nodes-1 (for ops aimed at one node)
  // The scenario checks convergence: after its final reads, the workload reads every key
  // at every node (a kv workload's `read-local` rounds), so the history shows each
  // replica's copy.
  bool replica_reads = false;
};

struct WorkloadInfo {
  std::string name;  // "kv"
  std::string summary;
  // The op names it can issue, for the scenario's `workload.ops` mix (a subset may be
  // used), and the mix of a scenario that gives none.
  std::vector<std::string> functions;
  std::vector<std::pair<std::string, double>> default_ops;
  std::vector<CheckerUse> checkers;
  std::function<std::unique_ptr<Workload>(const WorkloadSetup&)> create;
};

// Draws op names by integer weights (parts per million of the total, fixed at setup), so
// no float comparison decides which op a client runs.
class OpMix {
 public:
  // REQUIRES: at least one positive weight.
  explicit OpMix(const std::vector<std::pair<std::string, double>>& weights);
  const std::string& Draw(Rng& rng) const;

 private:
  std::vector<std::pair<std::string, uint64_t>> ppm_;
  uint64_t total_ = 0;
};

}  // namespace faultline::sim

#endif  // FAULTLINE_SIM_WORKLOAD_H_
