#include "sim/simulator.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/check.h"
#include "base/suggest.h"
#include "sim/model.h"
#include "sim/node_context.h"
#include "base/strings.h"
#include "base/suggest.h"

namespace faultline::sim {

Simulator::Simulator(const ScenarioSpec& spec, const ModelRegistry& models, RunOptions options)
    : spec_(spec),
      models_(models),
      options_(std::move(options)),
      node_count_(spec.cluster.nodes),
      client_count_(spec.workload.clients),
      root_rng_(options_.seed),
      client_rng_(root_rng_.Fork("clients")),
      fault_rng_(root_rng_.Fork("faults")),
      cpu_rng_(root_rng_.Fork("cpu")),
      trace_(&names_, &kinds_),
      history_(options_.history_file) {
  for (int i = 0; i < node_count_; ++i) names_.push_back(absl::StrCat("n", i + 1));
  for (int i = 0; i < node_count_; ++i) members_.push_back(i);
  for (int i = 0; i < client_count_; ++i) names_.push_back(absl::StrCat("c", i + 1));
  trace_.AttachFile(options_.trace_file);
}

Simulator::~Simulator() = default;

absl::StatusOr<RunResult> Simulator::Run() {
  const ModelInfo* info = models_.Find(spec_.cluster.model);
  if (info == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat("unknown model '", spec_.cluster.model, "'"));
  }
  if (node_count_ < 1 || client_count_ < 0 || spec_.workload.keys.count < 1 ||
      options_.progress_every == 0) {
    return absl::InvalidArgumentError(
        "a scenario needs at least one node and one key, and progress_every must be > 0");
  }
  FL_ASSIGN_OR_RETURN(model_config_, MakeModelConfig(spec_.cluster, *info));
  client_req_kind_ = kinds_.Add<ClientRequest>();
  kinds_.Add<ClientReply>();
  // The model registers its message kinds before anything resolves them by name.
  model_ = info->create(model_config_, kinds_);
  FL_CHECK_MSG(model_ != nullptr, "the model's create function returned nothing");
  if (client_count_ > 0) {
    const WorkloadInfo* workload = info->FindWorkload(spec_.workload.type);
    if (workload == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat(
          "model ", info->name, " has no workload '", spec_.workload.type, "'"));
    }
    WorkloadSpec w = spec_.workload;
    if (w.ops.empty()) w.ops = workload->default_ops;
    const bool replica_reads = std::find(spec_.checkers.begin(), spec_.checkers.end(),
                                         "convergence") != spec_.checkers.end();
    workload_ = workload->create(WorkloadSetup{w, client_count_, node_count_, replica_reads});
    FL_CHECK_MSG(workload_ != nullptr, "the workload's create function returned nothing");
  }
  FL_RETURN_IF_ERROR(CheckKindNames());
  trace_.WriteKinds();  // every kind is registered now, and nothing is traced yet
  Setup();

  const uint64_t max_events = options_.max_events;
  const uint64_t max_trace_bytes = options_.max_trace_bytes;
  std::string stopped_early;
  while (phase_ != Phase::kDone) {
    std::optional<Event> ev = scheduler_.PopNext();
    if (!ev) break;
    Dispatch(*ev);
    const uint64_t executed = scheduler_.executed();
    if (options_.progress && executed % options_.progress_every == 0) {
      options_.progress(scheduler_.now(), executed);
    }
    if (max_events != 0 && executed >= max_events) {
      stopped_early = absl::StrCat("the event limit of ", max_events, " was reached");
    } else if (max_trace_bytes != 0 && trace_.bytes_written() >= max_trace_bytes) {
      stopped_early = absl::StrCat("trace.jsonl reached the size limit of ", max_trace_bytes,
                                   " bytes");
    } else if (trace_.write_failed() || history_.write_failed()) {
      // A full disk: running on untraced would only delay the error the caller reports.
      stopped_early = "writing trace.jsonl or history.jsonl failed (disk full?)";
    }
    if (!stopped_early.empty()) {
      Note(-1, absl::StrCat("stopped early after ", executed, " events"));
      break;
    }
  }
  stats_.events = scheduler_.executed();
  stats_.in_flight_at_end = slots_.size() - free_slots_.size();

  RunResult result;
  result.seed = options_.seed;
  result.end_ns = scheduler_.now();
  result.stopped_early = std::move(stopped_early);
  for (const NodeSlot& slot : nodes_) {
    if (slot.status == NodeStatus::kCrashed) {
      result.node_states.push_back("crashed");
    } else {
      result.node_states.push_back(slot.node->Describe());
    }
  }
  result.trace_hash = trace_.hash();
  result.trace_events = trace_.count();
  result.chosen = chosen_;
  result.faults_applied = std::move(faults_applied_);
  result.output_write_failed = trace_.write_failed() || history_.write_failed();
  result.stats = std::move(stats_);
  return result;
}

void Simulator::Setup() {
  network_ = std::make_unique<Network>(names_, spec_.network, kinds_, root_rng_.Fork("network"));

  const CpuSpec& cpu = spec_.cluster.cpu;
  cpu_modelled_ = !cpu.service_ns.IsConstantZero() || !cpu.service_by_kind.empty();
  service_for_kind_.assign(kinds_.size(), &cpu.service_ns);
  for (const auto& [name, dist] : cpu.service_by_kind) {
    if (auto kind = kinds_.Find(name)) service_for_kind_[*kind] = &dist;
  }

  Rng clock_rng = root_rng_.Fork("clocks");
  nodes_.resize(node_count_);
  for (EndpointId n = 0; n < node_count_; ++n) {
    NodeSlot& slot = nodes_[n];
    // Long-tailed distributions can draw anything: saturate before converting.
    const Nanos skew = SaturatingNanos(spec_.clocks.skew_ns.Sample(clock_rng), kMaxSkewNs);
    const int64_t drift = SaturatingNanos(spec_.clocks.drift_ppm.Sample(clock_rng),
                                          LocalClock::kDriftPpmMax);
    slot.clock = LocalClock(skew, drift);
    slot.rng = root_rng_.Fork("node").Fork(static_cast<uint64_t>(n));
    if (skew != 0 || drift != 0) {
      chosen_.push_back(absl::StrCat(names_[n], " clock skew ", FormatDuration(skew), " drift ",
                                     slot.clock.drift_ppm(), "ppm"));
    }
  }
  for (EndpointId n = 0; n < node_count_; ++n) StartNode(n, /*restart=*/false);
  ScheduleFaults();
  StartWorkload();
  scheduler_.Schedule(spec_.duration_ns, kEndWorkload, 0, 0);
}

absl::Status Simulator::CheckKindNames() const {
  std::vector<std::string> names;
  for (size_t k = 0; k < kinds_.size(); ++k) {
    names.push_back(kinds_.info(static_cast<MessageKind>(k)).name);
  }
  auto check = [&](const std::string& where, const std::string& name) -> absl::Status {
    if (kinds_.Find(name)) return absl::OkStatus();
    std::string hint = DidYouMean(name, names);
    return absl::InvalidArgumentError(absl::StrCat(
        spec_.file.empty() ? "scenario" : spec_.file, ": ", where, ".", name,
        ": the model sends no message of kind '", name, "';",
        hint.empty() ? "" : absl::StrCat(" ", hint), " (kinds of ", spec_.cluster.model, ": ",
        absl::StrJoin(names, ", "), ")"));
  };
  for (const auto& [name, dist] : spec_.network.kind_latency) {
    FL_RETURN_IF_ERROR(check("network.kinds", name));
  }
  for (const auto& [name, dist] : spec_.cluster.cpu.service_by_kind) {
    FL_RETURN_IF_ERROR(check("cluster.cpu.service_by_kind", name));
  }
  return absl::OkStatus();
}

void Simulator::Dispatch(const Event& ev) {
  const auto target = static_cast<EndpointId>(ev.target);
  switch (static_cast<EventKind>(ev.kind)) {
    case kDeliver:
      OnDeliver(target, static_cast<uint32_t>(ev.arg));
      return;
    case kArrive:
      ArriveAtNode(target, static_cast<uint32_t>(ev.arg));
      return;
    case kCpuDone:
      OnCpuDone(target, static_cast<uint32_t>(ev.arg));
      return;
    case kTimer:
      OnTimer(target, ev.arg);
      return;
    case kFault:
      ApplyFault(spec_.faults.schedule[ev.arg]);  // the schedule is const: no reallocation
      return;
    case kFaultUndo: {
      const Undo undo = undos_[ev.arg];  // a copy: applying it may grow undos_
      ApplyUndo(undo);
      return;
    }
    case kNemesis:
      OnNemesis();
      return;
    case kClientIssue:
      OnClientIssue(static_cast<int>(ev.target));
      return;
    case kArrival:
      OnArrival();
      return;
    case kClientTimeout:
      OnClientTimeout(static_cast<int>(ev.target), ev.arg);
      return;
    case kEndWorkload:
      phase_ = Phase::kRecovery;
      HealEverything();
      Note(-1, absl::StrCat("workload over: every fault healed; recovery for ",
                            FormatDuration(spec_.recovery_ns)));
      scheduler_.Schedule(spec_.duration_ns + spec_.recovery_ns, kStartFinalPhase, 0, 0);
      return;
    case kStartFinalPhase:
      StartFinalPhase();
      return;
  }
  FL_CHECK_MSG(false, "unknown event kind");
}

uint32_t Simulator::AllocSlot() {
  if (!free_slots_.empty()) {
    const uint32_t slot = free_slots_.back();
    free_slots_.pop_back();
    return slot;
  }
  FL_CHECK(slots_.size() < UINT32_MAX);
  slots_.emplace_back();
  return static_cast<uint32_t>(slots_.size() - 1);
}

void Simulator::TraceMessage(TraceType type, EndpointId at, EndpointId peer, const InFlight& m,
                             std::string_view text) {
  TraceRecord r;
  r.time = scheduler_.now();
  r.type = type;
  r.node = at;
  r.peer = peer;
  r.msg_id = m.msg.id;
  r.kind = m.msg.kind;
  r.body = &m.msg.body;
  r.a = type == TraceType::kSend ? 0 : m.sent_at;
  r.text = text;
  trace_.Record(r);
}

void Simulator::Note(EndpointId node, std::string_view text) {
  TraceRecord r;
  r.time = scheduler_.now();
  r.type = TraceType::kNote;
  r.node = node;
  r.text = text;
  trace_.Record(r);
}

void Simulator::Observe(EndpointId node, const Observation& o) {
  history_.AppendObservation(scheduler_.now(), names_[node], o);
}

void Simulator::UnregisteredKind(const MessageTypeInfo& type, int space) const {
  const std::string in_space =
      space == 0 ? "" : absl::StrCat(" in namespace '", kinds_.space_name(space), "'");
  const std::string what =
      absl::StrCat("a node sent a message of type '", Sv(type.name), "'", in_space, " that model ",
                   spec_.cluster.model,
                   " did not register: add it to the kinds in the model's create function "
                   "(MessageKinds::Add or AddHandledBy)");
  ::faultline::internal::CheckFailed("message kind registered", what.c_str(), __FILE__, __LINE__);
}

void Simulator::SendMessage(EndpointId from, EndpointId to, MessageKind kind, AnyMessage body) {
  FL_CHECK_MSG(to >= 0 && to < network_->endpoints(), "a message was sent to no endpoint");
  const Nanos now = scheduler_.now();
  InFlight m;
  m.msg.id = next_msg_id_++;
  m.msg.from = from;
  m.msg.to = to;
  m.msg.kind = kind;
  m.msg.body = std::move(body);
  m.sent_at = now;
  ++stats_.messages_sent;
  if (IsProbeMessage(from, to, m.msg.body)) ++stats_.probe_messages;
  stats_.bytes_sent += m.msg.body.ByteSize();
  TraceMessage(TraceType::kSend, from, to, m);
  const Network::Plan plan = network_->PlanSend(now, from, to, kind);
  if (!plan.drop_reason.empty()) {
    if (plan.drop_reason == "loss") {
      ++stats_.dropped_loss;
    } else {
      ++stats_.dropped_partition;
    }
    TraceMessage(TraceType::kDrop, to, from, m, plan.drop_reason);
    return;
  }
  // Client sessions behave like TCP connections: the network may lose or delay a
  // request or a reply, but never hands a node the same request twice.
  const int copies = IsNode(from) && IsNode(to) ? plan.copies : 1;
  for (int c = 0; c < copies; ++c) {
    if (c == 1) {
      ++stats_.duplicated;
      TraceMessage(TraceType::kDuplicate, to, from, m);
    }
    const uint32_t slot = AllocSlot();
    if (c + 1 == copies) {
      slots_[slot] = std::move(m);
    } else {
      slots_[slot] = m;
    }
    scheduler_.Schedule(plan.deliver_at[c], kDeliver, static_cast<uint32_t>(to), slot);
  }
}

void Simulator::OnDeliver(EndpointId to, uint32_t slot) {
  const InFlight& m = slots_[slot];
  // A partition that formed while the message was in flight cuts it too (as a firewall
  // drops packets at the receiver).
  if (!network_->Connected(m.msg.from, to)) {
    ++stats_.dropped_partition;
    TraceMessage(TraceType::kDrop, to, m.msg.from, m, "partition");
    FreeSlot(slot);
    return;
  }
  if (!IsNode(to)) {
    ++stats_.messages_delivered;
    TraceMessage(TraceType::kDeliver, to, m.msg.from, m);
    const Envelope reply = std::move(slots_[slot].msg);
    FreeSlot(slot);
    OnClientReply(to - node_count_, reply);
    return;
  }
  ArriveAtNode(to, slot);
}

}  // namespace faultline::sim
