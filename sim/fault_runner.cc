// Faults: the scenario's schedule and the random nemesis, applied to network, nodes and
// clocks. A fault with a duration (`for`, `restart_after`) schedules its own undo, which
// names the fault it undoes (see Simulator::Undo).
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "base/check.h"
#include "base/strings.h"
#include "sim/partition.h"
#include "sim/simulator.h"

namespace faultline::sim {
namespace {

std::string SignedDuration(Nanos d) {
  return d >= 0 ? absl::StrCat("+", FormatDuration(d)) : FormatDuration(d);
}

// Nemesis intervals and fault durations are raised to this floor, so a distribution that
// can draw zero or negative gaps (a normal) cannot turn the nemesis into a livelock, and
// a random fault always heals.
constexpr Nanos kNemesisIntervalMin = kMillisecond;

// What every kind keeps of `action` in RunResult::faults_applied: its kind and duration.
// The caller adds the fields its kind uses, resolved.
FaultAction AppliedBase(const FaultAction& action) {
  FaultAction applied;
  applied.kind = action.kind;
  applied.for_ns = action.for_ns;
  return applied;
}

// `action`, a fault on one node, as applied to `node`.
FaultAction AppliedOn(const FaultAction& action, const std::string& node) {
  FaultAction applied = AppliedBase(action);
  applied.target = node;
  if (action.kind == FaultAction::Kind::kClockJump) applied.clock_jump_ns = action.clock_jump_ns;
  if (action.kind == FaultAction::Kind::kClockDrift) applied.drift_ppm = action.drift_ppm;
  return applied;
}

}  // namespace

void Simulator::ScheduleFaults() {
  const FaultsSpec& faults = spec_.faults;
  for (size_t i = 0; i < faults.schedule.size(); ++i) {
    scheduler_.Schedule(faults.schedule[i].at_ns, kFault, 0, i);
  }
  if (faults.random.enabled && !faults.random.kinds.empty()) {
    const Nanos first =
        std::max(kNemesisIntervalMin, faults.random.interval_ns.SampleNanos(fault_rng_));
    if (first < spec_.duration_ns) scheduler_.Schedule(first, kNemesis, 0, 0);
  }
}

void Simulator::RecordApplied(FaultAction applied) {
  // The loader keeps the schedule within the workload; a spec built in code may not.
  if (phase_ != Phase::kWorkload) return;
  applied.at_ns = scheduler_.now();
  faults_applied_.push_back(std::move(applied));
}

void Simulator::RecordFault(TraceType type, EndpointId node, std::string_view text,
                            int64_t a) {
  TraceRecord r;
  r.time = scheduler_.now();
  r.type = type;
  r.node = node;
  r.text = text;
  r.a = a;
  trace_.Record(r);
}

std::optional<EndpointId> Simulator::FaultTarget(const std::string& target,
                                                 std::string_view what) {
  const RoleHolders roles = [this](std::string_view role) { return NodesWithRole(role); };
  absl::StatusOr<EndpointId> n =
      ResolveTarget(target, node_count_, names_, roles, fault_rng_);
  if (!n.ok() || *n >= node_count_) {
    Note(-1, absl::StrCat(Sv(what), " skipped: ",
                          n.ok() ? absl::StrCat(target, " is not a server node")
                                 : std::string(n.status().message())));
    return std::nullopt;
  }
  return *n;
}

std::optional<std::string> Simulator::ResolveLinkEnd(const std::string& pattern) {
  if (pattern != "primary" && pattern != "leader" && pattern != "follower" &&
      pattern != "random" && !pattern.starts_with("role:")) {
    return pattern;
  }
  std::optional<EndpointId> n = FaultTarget(pattern, "link fault");
  if (!n) return std::nullopt;
  return names_[*n];
}

void Simulator::ScheduleUndo(Nanos after, Undo undo) {
  if (after <= 0) return;
  undos_.push_back(undo);
  scheduler_.Schedule(scheduler_.now() + after, kFaultUndo, 0, undos_.size() - 1);
}

void Simulator::ApplyFault(const FaultAction& action) {
  using Kind = FaultAction::Kind;
  switch (action.kind) {
    case Kind::kPartition:
      ApplyPartition(action);
      return;
    case Kind::kHeal:
      network_->HealPartitions();
      network_->RestoreAllLinks();
      partition_active_ = false;
      RecordFault(TraceType::kHeal, -1, "all links restored");
      RecordApplied(AppliedBase(action));
      return;
    case Kind::kCrash: {
      auto n = FaultTarget(action.target, "crash");
      if (!n || nodes_[*n].status == NodeStatus::kCrashed) return;
      CrashNode(*n);
      ScheduleUndo(action.for_ns, {Undo::Kind::kRestart, *n, nodes_[*n].generation});
      RecordApplied(AppliedOn(action, names_[*n]));
      return;
    }
    case Kind::kRestart: {
      auto n = FaultTarget(action.target, "restart");
      if (!n || nodes_[*n].status != NodeStatus::kCrashed) return;
      StartNode(*n, /*restart=*/true);
      RecordApplied(AppliedOn(action, names_[*n]));
      return;
    }
    case Kind::kPause: {
      auto n = FaultTarget(action.target, "pause");
      if (!n || nodes_[*n].status == NodeStatus::kCrashed || nodes_[*n].paused) return;
      PauseNode(*n);
      ScheduleUndo(action.for_ns, {Undo::Kind::kResume, *n, nodes_[*n].pause_count});
      RecordApplied(AppliedOn(action, names_[*n]));
      return;
    }
    case Kind::kResume: {
      auto n = FaultTarget(action.target, "resume");
      if (!n || !nodes_[*n].paused) return;
      ResumeNode(*n);
      RecordApplied(AppliedOn(action, names_[*n]));
      return;
    }
    case Kind::kClockJump:
    case Kind::kClockDrift:
      ApplyClock(action);
      return;
    case Kind::kLinkDegrade:
      ApplyLinkFault(action);
      return;
  }
  FL_CHECK_MSG(false, "unknown fault kind");
}

void Simulator::ApplyPartition(const FaultAction& action) {
  absl::StatusOr<PartitionCut> cut =
      ComputePartition(action.partition, node_count_, names_,
                       [this](std::string_view role) { return NodesWithRole(role); }, fault_rng_);
  if (!cut.ok()) {
    Note(-1, absl::StrCat("partition skipped: ", cut.status().message()));
    return;
  }
  // One partition at a time, as Jepsen's nemesis: a new one replaces the old.
  network_->HealPartitions();
  for (const auto& [from, to] : cut->blocked) network_->SetBlocked(from, to, true);
  ++stats_.partitions;
  ++partition_epoch_;
  partition_active_ = true;
  RecordFault(TraceType::kPartition, -1, cut->description);
  ScheduleUndo(action.for_ns, {Undo::Kind::kHealPartition, -1, partition_epoch_});
  FaultAction applied = AppliedBase(action);
  applied.partition = std::move(cut->resolved);
  RecordApplied(std::move(applied));
}

void Simulator::ApplyClock(const FaultAction& action) {
  const bool jump = action.kind == FaultAction::Kind::kClockJump;
  auto n = FaultTarget(action.target, jump ? "clock jump" : "clock drift");
  if (!n) return;
  const Nanos now = scheduler_.now();
  LocalClock& clock = nodes_[*n].clock;
  ++stats_.clock_changes;
  if (jump) {
    nodes_[*n].clock_jumped = true;
    clock.Jump(now, action.clock_jump_ns);
    RecordFault(TraceType::kClock, *n, absl::StrCat("jump ", SignedDuration(action.clock_jump_ns)),
                clock.Read(now));
    RecordApplied(AppliedOn(action, names_[*n]));
    return;
  }
  const int64_t before = clock.drift_ppm();
  clock.SetDrift(now, action.drift_ppm);
  nodes_[*n].drift_changed = true;
  RecordFault(TraceType::kClock, *n, absl::StrCat("drift ", clock.drift_ppm(), "ppm"),
              clock.Read(now));
  Undo undo{Undo::Kind::kRestoreDrift, *n, 0};
  undo.drift_ppm = before;
  undo.set_drift_ppm = clock.drift_ppm();
  ScheduleUndo(action.for_ns, undo);
  RecordApplied(AppliedOn(action, names_[*n]));
}

void Simulator::ApplyLinkFault(const FaultAction& action) {
  LinkOverride o = action.link;
  std::optional<std::string> from = ResolveLinkEnd(o.from);
  std::optional<std::string> to = ResolveLinkEnd(o.to);
  if (!from || !to) return;
  o.from = *from;
  o.to = *to;
  FaultAction applied = AppliedBase(action);
  applied.link = o;
  applied.link.loc = {};
  std::vector<LinkOverride> layer = {o};
  // A fault on "every link of a node" (from X to *) also covers the way back.
  if (o.to == "*" && o.from != "*") {
    LinkOverride back = o;
    std::swap(back.from, back.to);
    layer.push_back(back);
  }
  std::string description;
  const uint64_t id = network_->DegradeLinks(std::move(layer), &description);
  ++stats_.link_faults;
  RecordFault(TraceType::kLink, -1, description);
  ScheduleUndo(action.for_ns, {Undo::Kind::kRestoreLinks, -1, id});
  RecordApplied(std::move(applied));
}

void Simulator::ApplyUndo(const Undo& undo) {
  switch (undo.kind) {
    case Undo::Kind::kHealPartition:
      if (partition_active_ && partition_epoch_ == undo.token) {
        network_->HealPartitions();
        partition_active_ = false;
        RecordFault(TraceType::kHeal, -1, "partition healed");
      }
      return;
    case Undo::Kind::kRestoreLinks:
      network_->RestoreLinks(undo.token);
      RecordFault(TraceType::kLink, -1, "link fault undone");
      return;
    case Undo::Kind::kRestart:
      if (nodes_[undo.node].status == NodeStatus::kCrashed &&
          nodes_[undo.node].generation == undo.token) {
        StartNode(undo.node, /*restart=*/true);
      }
      return;
    case Undo::Kind::kResume:
      if (nodes_[undo.node].paused && nodes_[undo.node].pause_count == undo.token) {
        ResumeNode(undo.node);
      }
      return;
    case Undo::Kind::kRestoreDrift: {
      LocalClock& clock = nodes_[undo.node].clock;
      if (clock.drift_ppm() != undo.set_drift_ppm) return;  // changed again since
      const Nanos now = scheduler_.now();
      clock.SetDrift(now, undo.drift_ppm);
      nodes_[undo.node].drift_changed = false;
      ++stats_.clock_changes;
      RecordFault(TraceType::kClock, undo.node, absl::StrCat("drift ", clock.drift_ppm(), "ppm"),
                  clock.Read(now));
      return;
    }
  }
}

FaultAction Simulator::DrawNemesisFault() {
  const NemesisSpec& nemesis = spec_.faults.random;
  const std::string& kind = nemesis.kinds[fault_rng_.Below(nemesis.kinds.size())];
  FaultAction action;
  // Every random fault heals: a zero draw would otherwise mean "forever".
  action.for_ns = std::max(kNemesisIntervalMin, nemesis.fault_duration_ns.SampleNanos(fault_rng_));
  action.target = "random";
  if (kind == "partition") {
    action.kind = FaultAction::Kind::kPartition;
    // Majority rings only cut something from five nodes up.
    const int shapes = node_count_ >= 5 ? 3 : 2;
    switch (fault_rng_.Below(shapes)) {
      case 0:
        action.partition.shape = PartitionSpec::Shape::kHalves;
        break;
      case 1:
        action.partition.shape = PartitionSpec::Shape::kIsolate;
        action.partition.target = "random";
        break;
      default:
        action.partition.shape = PartitionSpec::Shape::kMajorityRing;
        break;
    }
  } else if (kind == "crash") {
    action.kind = FaultAction::Kind::kCrash;
  } else if (kind == "pause") {
    action.kind = FaultAction::Kind::kPause;
  } else if (kind == "clock") {
    action.kind = FaultAction::Kind::kClockJump;
    action.clock_jump_ns =
        fault_rng_.Between(-nemesis.clock_jump_max_ns, nemesis.clock_jump_max_ns);
    action.for_ns = 0;
  } else if (kind == "link") {
    // Degrade every link of one node, both ways: slow and lossy, the "grey failure".
    action.kind = FaultAction::Kind::kLinkDegrade;
    action.link.from = names_[fault_rng_.Below(static_cast<uint64_t>(node_count_))];
    action.link.to = "*";
    action.link.latency = Distribution::Uniform(50 * kMillisecond, 200 * kMillisecond);
    action.link.loss_ppm = 200'000;
  } else {
    FL_CHECK_MSG(false, "the loader let an unknown nemesis kind through");
  }
  return action;
}

void Simulator::OnNemesis() {
  if (phase_ != Phase::kWorkload) return;
  ApplyFault(DrawNemesisFault());
  const Nanos gap =
      std::max(kNemesisIntervalMin, spec_.faults.random.interval_ns.SampleNanos(fault_rng_));
  const Nanos next = scheduler_.now() + gap;
  if (next < spec_.duration_ns) scheduler_.Schedule(next, kNemesis, 0, 0);
}

bool Simulator::AnyFaultActive() const {
  if (phase_ != Phase::kWorkload) return false;
  if (partition_active_ || network_->AnyDegradation()) return true;
  for (const NodeSlot& slot : nodes_) {
    if (slot.status == NodeStatus::kCrashed || slot.paused || slot.clock_jumped ||
        slot.drift_changed) {
      return true;
    }
  }
  return false;
}

void Simulator::HealEverything() {
  network_->HealPartitions();
  network_->RestoreAllLinks();
  partition_active_ = false;
  RecordFault(TraceType::kHeal, -1, "end of workload: all links restored");
  for (EndpointId n = 0; n < node_count_; ++n) {
    if (nodes_[n].status == NodeStatus::kCrashed) StartNode(n, /*restart=*/true);
    ResumeNode(n);
  }
}

}  // namespace faultline::sim
