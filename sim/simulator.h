// The simulator: runs one scenario with one seed, deterministically.
//
//   ModelRegistry models;  RegisterBuiltinModels(models);
//   Simulator sim(spec, models, {.seed = 7, .trace_file = f});
//   absl::StatusOr<RunResult> r = sim.Run();
//   printf("seed=%llu trace_hash=%016llx\n", r->seed, r->trace_hash);
//
// A run has Jepsen's phases: the workload runs with faults for `duration`; then every
// fault heals and the system gets `recovery`; then the workload's final phase (final
// reads of every key for a kv store), so lost writes and divergence show in the history.
// The run ends when every client has finished its final phase.
//
// Implementation is split by concept: simulator.cc (event loop, network delivery),
// node_runtime.cc (node lifecycle, CPU, timers, Context), clients.cc (workload),
// fault_runner.cc (scheduled faults and the random nemesis).
#ifndef FAULTLINE_SIM_SIMULATOR_H_
#define FAULTLINE_SIM_SIMULATOR_H_

#include <cstdint>
#include <cstdio>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "sim/clock.h"
#include "sim/disk.h"
#include "sim/history.h"
#include "sim/message.h"
#include "sim/model.h"
#include "sim/network.h"
#include "sim/node.h"
#include "sim/rng.h"
#include "sim/run_stats.h"
#include "sim/scenario.h"
#include "sim/scheduler.h"
#include "sim/trace.h"
#include "sim/workload.h"

namespace faultline::sim {

struct RunOptions {
  uint64_t seed = 1;
  std::FILE* trace_file = nullptr;    // trace.jsonl, when wanted
  std::FILE* history_file = nullptr;  // history.jsonl, when wanted
  // Called every `progress_every` events with (simulated now, events so far); the caller
  // decides whether to print (the simulator never reads a wall clock).
  std::function<void(Nanos, uint64_t)> progress;
  uint64_t progress_every = 1 << 20;
  // Safety nets for runaway configurations; 0 = none. The run stops after this many
  // events, or once the trace file holds this many bytes.
  uint64_t max_events = 0;
  uint64_t max_trace_bytes = 0;
};

struct RunResult {
  uint64_t seed = 0;
  uint64_t trace_hash = 0;
  uint64_t trace_events = 0;
  Nanos end_ns = 0;
  // Why the run stopped before its end (a limit of RunOptions), or empty. The trace's
  // last note says only "stopped early after N events", the same for every limit, so a
  // replay with max_events = N reproduces the hash whatever limit stopped the original.
  std::string stopped_early;
  RunStats stats;
  std::vector<std::string> node_states;  // Node::Describe() at the end, or "crashed"
  std::vector<std::string> chosen;       // options drawn from the seed (clock skews, ...)
  // Every fault the workload phase applied, from the schedule and the nemesis, in the
  // order applied, as schedule entries with nothing left to draw: `at_ns` is when it was
  // applied, targets are node names ("n3", never "random" or "leader"), partitions their
  // resolved shape (PartitionCut::resolved), link ends concrete. A fault that was skipped
  // (its target down or no server node) is absent. As `faults.schedule` of the same
  // scenario without the nemesis, it applies the same faults at the same times (barring a
  // nemesis fault that fell on the very nanosecond of another event: a replayed fault
  // runs first at its time). `loc` fields stay default.
  std::vector<FaultAction> faults_applied;
  bool output_write_failed = false;
};

class Simulator {
 public:
  // REQUIRES: `spec` was validated by the loader (model exists, names resolve).
  Simulator(const ScenarioSpec& spec, const ModelRegistry& models, RunOptions options);
  ~Simulator();
  Simulator(const Simulator&) = delete;
  Simulator& operator=(const Simulator&) = delete;

  // Runs to the end. Fails only on a configuration the loader could not catch.
  absl::StatusOr<RunResult> Run();

 private:
  class NodeContext;

  enum EventKind : uint32_t {
    kDeliver,        // target = receiver, arg = message slot
    kArrive,         // target = node, arg = message slot: a held message, past the network
    kCpuDone,        // target = node, arg = message slot
    kTimer,          // target = node, arg = timer id
    kFault,          // arg = index into spec_.faults.schedule
    kFaultUndo,      // arg = index into undos_
    kNemesis,        // the random nemesis picks and applies a fault
    kClientIssue,    // target = client index: issue the next op (closed loop, final phase)
    kArrival,        // open loop: an op arrives
    kClientTimeout,  // target = client index, arg = op id
    kEndWorkload,    // duration reached: heal everything, start recovery
    kStartFinalPhase,
  };

  struct InFlight {
    Envelope msg;
    Nanos sent_at = 0;
    uint32_t generation = 0;  // receiver's generation when queued on its CPU
  };

  enum class NodeStatus { kUp, kCrashed };
  struct NodeSlot {
    std::unique_ptr<Node> node;
    std::unique_ptr<NodeContext> ctx;
    NodeStatus status = NodeStatus::kUp;
    bool paused = false;
    uint32_t generation = 0;  // bumped at each crash: stale timers and CPU work die
    LocalClock clock;
    Disk disk;
    Rng rng{0};
    uint32_t pause_count = 0;  // bumped at each pause: a resume undo names its pause
    int busy_workers = 0;
    uint64_t cpu_served = 0;  // services begun, and their total time (Context::cpu_load)
    Nanos cpu_busy_ns = 0;
    std::vector<uint32_t> in_service;  // message slots a worker is serving now
    std::deque<uint32_t> cpu_queue;    // message slots waiting for a worker
    std::deque<Event> deferred;      // deliveries and timers held while paused
    // A clock fault is in force: a jump (a clock never jumps back, so it lasts until the
    // workload ends), or a drift change until its undo restores the old drift.
    bool clock_jumped = false;
    bool drift_changed = false;
  };

  // The undo of a fault with a duration. Each names the fault it undoes (a token), so it
  // never undoes a later fault of the same kind: a partition's heal leaves a newer
  // partition alone, a crash's restart leaves a later crash of the node alone.
  struct Undo {
    enum class Kind { kHealPartition, kRestoreLinks, kRestart, kResume, kRestoreDrift };
    Kind kind;
    EndpointId node = -1;
    uint64_t token = 0;          // partition epoch, link layer, node generation or pause
    int64_t drift_ppm = 0;       // kRestoreDrift: the value to restore
    int64_t set_drift_ppm = 0;   // kRestoreDrift: only if the drift is still this
  };

  struct Timer {
    EndpointId node;
    uint32_t generation;
    uint64_t tag;
  };

  struct Client {
    EndpointId endpoint = 0;
    int64_t process = 0;
    bool busy = false;
    uint64_t op_id = 0;
    Op op;
    Nanos invoked_at = 0;
    bool invoked_in_fault = false;  // AnyFaultActive() when the op was invoked
    EndpointId leader_guess = 0;
    bool final_done = false;
  };

  // Clock skews are saturated here (a pareto can draw anything).
  static constexpr Nanos kMaxSkewNs = 1000 * kHour;

  // --- simulator.cc: setup, loop, messages
  absl::Status CheckKindNames() const;
  void Setup();
  void Dispatch(const Event& ev);
  uint32_t AllocSlot();
  void FreeSlot(uint32_t slot) { free_slots_.push_back(slot); }
  void SendMessage(EndpointId from, EndpointId to, MessageKind kind, AnyMessage body);
  // A probe op's request (from its client) or the reply to it (to its client, naming it).
  bool IsProbeMessage(EndpointId from, EndpointId to, const AnyMessage& body) const;
  void OnDeliver(EndpointId to, uint32_t slot);
  void TraceMessage(TraceType type, EndpointId at, EndpointId peer, const InFlight& m,
                    std::string_view text = {});
  void Note(EndpointId node, std::string_view text);
  void Observe(EndpointId node, const Observation& o);
  bool IsNode(EndpointId e) const { return e < node_count_; }
  [[noreturn]] void UnregisteredKind(const MessageTypeInfo& type, int space = 0) const;

  // --- node_runtime.cc: nodes, CPU, timers
  void StartNode(EndpointId n, bool restart);
  void ArriveAtNode(EndpointId n, uint32_t slot);
  void BeginService(EndpointId n, uint32_t slot);
  void OnCpuDone(EndpointId n, uint32_t slot);
  void HandleMessage(EndpointId n, uint32_t slot);
  void OnTimer(EndpointId n, uint64_t timer_id);
  TimerId SetTimer(EndpointId n, Nanos local_delay, uint64_t tag);
  void CrashNode(EndpointId n);
  void PauseNode(EndpointId n);
  void ResumeNode(EndpointId n);
  Nanos ServiceTime(EndpointId n, MessageKind kind);
  // Live nodes holding `role` now, ascending.
  std::vector<EndpointId> NodesWithRole(std::string_view role) const;

  // --- clients.cc: workload
  void StartWorkload();
  void OnClientIssue(int c);
  void OnArrival();
  void IssueOp(int c, Op op);
  void OnClientReply(int c, const Envelope& reply);
  void OnClientTimeout(int c, uint64_t op_id);
  void CompleteOp(int c, OpOutcome outcome, const Value& result);
  void AfterCompletion(int c);
  EndpointId RouteFor(const Client& client, const Op& op);
  void StartFinalPhase();
  void CheckFinished();

  // --- fault_runner.cc: scheduled faults and the random nemesis
  void ScheduleFaults();
  void ApplyFault(const FaultAction& action);
  void ApplyPartition(const FaultAction& action);
  void ApplyClock(const FaultAction& action);
  void ApplyLinkFault(const FaultAction& action);
  void ScheduleUndo(Nanos after, Undo undo);
  void ApplyUndo(const Undo& undo);
  void OnNemesis();
  FaultAction DrawNemesisFault();
  void HealEverything();
  std::optional<EndpointId> FaultTarget(const std::string& target, std::string_view what);
  // A link pattern ("*", a name, or a role like "primary") as a name Network matches.
  std::optional<std::string> ResolveLinkEnd(const std::string& pattern);
  void RecordFault(TraceType type, EndpointId node, std::string_view text, int64_t a = 0);
  // Adds `applied` (its fields resolved) to faults_applied_, at now, in the workload phase.
  void RecordApplied(FaultAction applied);
  // Whether any fault is in force now: a partition, a degraded link, a crashed or paused
  // node, or a faulted clock. Always false after the workload phase (everything healed),
  // so recovery and final-phase ops count as outside faults.
  bool AnyFaultActive() const;

  const ScenarioSpec spec_;
  const ModelRegistry& models_;
  RunOptions options_;
  int node_count_ = 0;
  int client_count_ = 0;
  std::vector<std::string> names_;  // endpoints: n1..nN, c1..cC
  MessageKinds kinds_;
  MessageKind client_req_kind_ = 0;
  std::vector<EndpointId> members_;  // every node: what a top-level model's nodes see
  std::unique_ptr<Model> model_;
  ModelConfig model_config_;
  Scheduler scheduler_;
  Rng root_rng_;
  Rng client_rng_;
  Rng fault_rng_;
  Rng cpu_rng_;
  std::unique_ptr<Network> network_;
  Trace trace_;
  HistoryWriter history_;
  RunStats stats_;
  std::vector<std::string> chosen_;

  std::vector<NodeSlot> nodes_;
  std::vector<InFlight> slots_;
  std::vector<uint32_t> free_slots_;
  uint64_t next_msg_id_ = 1;
  absl::flat_hash_map<TimerId, Timer> timers_;  // looked up only, never iterated
  TimerId next_timer_id_ = 1;
  std::vector<const Distribution*> service_for_kind_;  // by MessageKind
  bool cpu_modelled_ = false;

  std::vector<Client> clients_;
  std::unique_ptr<Workload> workload_;
  uint64_t next_op_id_ = 1;
  int64_t next_process_ = 0;
  Nanos arrival_mean_ns_ = 0;
  enum class Phase { kWorkload, kRecovery, kFinalPhase, kDone } phase_ = Phase::kWorkload;
  int final_clients_left_ = 0;

  std::vector<Undo> undos_;
  uint64_t partition_epoch_ = 0;  // bumped at each partition; 0 = none since the start
  bool partition_active_ = false;

  std::vector<FaultAction> faults_applied_;  // RunResult::faults_applied
};

}  // namespace faultline::sim

#endif  // FAULTLINE_SIM_SIMULATOR_H_
