// Faults: the scenario's schedule and the random nemesis, applied to network, nodes and
// clocks. A fault with a duration (`for`, `restart_after`) schedules its own undo.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "sim/check.h"
#include "sim/strings.h"
#include "sim/partition.h"
#include "sim/simulator.h"

namespace faultline::sim {
namespace {

FaultAction Undo(FaultAction::Kind kind, std::string target = {}, int64_t drift_ppm = 0) {
  FaultAction a;
  a.kind = kind;
  a.target = std::move(target);
  a.drift_ppm = drift_ppm;
  return a;
}

std::string SignedDuration(Nanos d) {
  return d >= 0 ? absl::StrCat("+", FormatDuration(d)) : FormatDuration(d);
}

}  // namespace

void Simulator::ScheduleFaults() {
  const FaultsSpec& faults = spec_.faults;
  for (size_t i = 0; i < faults.schedule.size(); ++i) {
    scheduler_.Schedule(faults.schedule[i].at_ns, kFault, 0, i);
  }
  if (faults.random.enabled && !faults.random.kinds.empty()) {
    const Nanos first = faults.random.interval_ns.SampleNanos(fault_rng_);
    if (first < spec_.duration_ns) scheduler_.Schedule(first, kNemesis, 0, 0);
  }
}

std::optional<EndpointId> Simulator::FaultTarget(const std::string& target,
                                                 std::string_view what) {
  absl::StatusOr<EndpointId> n =
      ResolveTarget(target, node_count_, names_, CurrentLeader(), fault_rng_);
  if (!n.ok() || *n >= node_count_) {
    Note(-1, absl::StrCat(Sv(what), " skipped: ",
                          n.ok() ? absl::StrCat(target, " is not a server node")
                                 : std::string(n.status().message())));
    return std::nullopt;
  }
  return *n;
}

void Simulator::ApplyFault(const FaultAction& action, bool from_nemesis) {
  (void)from_nemesis;
  const Nanos now = scheduler_.now();
  // Undo actions are scheduled against a resolved node name, never "primary" or "random":
  // the node that was crashed is the one to restart.
  auto schedule_undo = [&](FaultAction undo) {
    if (action.for_ns <= 0) return;
    undo.at_ns = now + action.for_ns;
    undo.for_ns = 0;
    undo_actions_.push_back(std::move(undo));
    scheduler_.Schedule(now + action.for_ns, kFaultUndo, 0, undo_actions_.size() - 1);
  };
  auto record = [&](TraceType type, EndpointId node, std::string_view text, int64_t a = 0) {
    TraceRecord r;
    r.time = now;
    r.type = type;
    r.node = node;
    r.text = text;
    r.a = a;
    trace_.Record(r);
  };

  switch (action.kind) {
    case FaultAction::Kind::kPartition: {
      absl::StatusOr<PartitionCut> cut = ComputePartition(action.partition, node_count_, names_,
                                                          CurrentLeader(), fault_rng_);
      if (!cut.ok()) {
        Note(-1, absl::StrCat("partition skipped: ", cut.status().message()));
        return;
      }
      // One partition at a time, as Jepsen's nemesis: a new one replaces the old.
      network_->HealPartitions();
      for (const auto& [from, to] : cut->blocked) network_->SetBlocked(from, to, true);
      ++stats_.partitions;
      record(TraceType::kPartition, -1, cut->description);
      schedule_undo(Undo(FaultAction::Kind::kHeal));
      return;
    }
    case FaultAction::Kind::kHeal:
      network_->HealPartitions();
      network_->RestoreLinks();
      record(TraceType::kHeal, -1, "all links restored");
      return;
    case FaultAction::Kind::kCrash: {
      auto n = FaultTarget(action.target, "crash");
      if (!n) return;
      CrashNode(*n);
      schedule_undo(Undo(FaultAction::Kind::kRestart, names_[*n]));
      return;
    }
    case FaultAction::Kind::kRestart: {
      auto n = FaultTarget(action.target, "restart");
      if (n && nodes_[*n].status == NodeStatus::kCrashed) StartNode(*n, /*restart=*/true);
      return;
    }
    case FaultAction::Kind::kPause: {
      auto n = FaultTarget(action.target, "pause");
      if (!n) return;
      PauseNode(*n);
      schedule_undo(Undo(FaultAction::Kind::kResume, names_[*n]));
      return;
    }
    case FaultAction::Kind::kResume: {
      auto n = FaultTarget(action.target, "resume");
      if (n) ResumeNode(*n);
      return;
    }
    case FaultAction::Kind::kClockJump: {
      auto n = FaultTarget(action.target, "clock jump");
      if (!n) return;
      LocalClock& clock = nodes_[*n].clock;
      clock.Jump(now, action.clock_jump_ns);
      ++stats_.clock_changes;
      record(TraceType::kClock, *n, absl::StrCat("jump ", SignedDuration(action.clock_jump_ns)),
             clock.Read(now));
      return;
    }
    case FaultAction::Kind::kClockDrift: {
      auto n = FaultTarget(action.target, "clock drift");
      if (!n) return;
      LocalClock& clock = nodes_[*n].clock;
      const int64_t before = clock.drift_ppm();
      clock.SetDrift(now, action.drift_ppm);
      ++stats_.clock_changes;
      record(TraceType::kClock, *n, absl::StrCat("drift ", clock.drift_ppm(), "ppm"),
             clock.Read(now));
      schedule_undo(Undo(FaultAction::Kind::kClockDrift, names_[*n], before));
      return;
    }
    case FaultAction::Kind::kLinkDegrade: {
      ++stats_.link_faults;
      record(TraceType::kLink, -1, network_->DegradeLinks(action.link));
      schedule_undo(Undo(FaultAction::Kind::kHeal));
      return;
    }
  }
  FL_CHECK_MSG(false, "unknown fault kind");
}

void Simulator::OnNemesis() {
  if (phase_ != Phase::kWorkload) return;
  const NemesisSpec& nemesis = spec_.faults.random;
  const std::string& kind = nemesis.kinds[fault_rng_.Below(nemesis.kinds.size())];
  FaultAction action;
  action.for_ns = nemesis.fault_duration_ns.SampleNanos(fault_rng_);
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
    action.clock_jump_ns = fault_rng_.Between(-nemesis.clock_jump_max_ns, nemesis.clock_jump_max_ns);
    action.for_ns = 0;
  } else if (kind == "link") {
    // Degrade every link of one node: slow and lossy, the "grey failure".
    action.kind = FaultAction::Kind::kLinkDegrade;
    const std::string& node = names_[fault_rng_.Below(static_cast<uint64_t>(node_count_))];
    action.link.from = node;
    action.link.to = "*";
    action.link.latency = Distribution::Uniform(50 * kMillisecond, 200 * kMillisecond);
    action.link.loss_ppm = 200'000;
  } else {
    FL_CHECK_MSG(false, "the loader let an unknown nemesis kind through");
  }
  ApplyFault(action, /*from_nemesis=*/true);
  const Nanos next = scheduler_.now() + std::max<Nanos>(1, nemesis.interval_ns.SampleNanos(fault_rng_));
  if (next < spec_.duration_ns) scheduler_.Schedule(next, kNemesis, 0, 0);
}

void Simulator::HealEverything() {
  const Nanos now = scheduler_.now();
  network_->HealPartitions();
  network_->RestoreLinks();
  TraceRecord r;
  r.time = now;
  r.type = TraceType::kHeal;
  r.text = "end of workload: all links restored";
  trace_.Record(r);
  for (EndpointId n = 0; n < node_count_; ++n) {
    if (nodes_[n].status == NodeStatus::kCrashed) StartNode(n, /*restart=*/true);
    ResumeNode(n);
  }
}

}  // namespace faultline::sim
