// Node lifecycle, CPU model, timers and the Context a node sees.
#include "absl/strings/str_cat.h"
#include "base/check.h"
#include "sim/node_context.h"
#include "sim/simulator.h"

namespace faultline::sim {

void Simulator::StartNode(EndpointId n, bool restart) {
  NodeSlot& slot = nodes_[n];
  if (!slot.ctx) slot.ctx = std::make_unique<NodeContext>(this, n);
  slot.status = NodeStatus::kUp;
  slot.paused = false;
  slot.node = model_->CreateNode(n);
  FL_CHECK_MSG(slot.node != nullptr, "the model created no node");
  TraceRecord r;
  r.time = scheduler_.now();
  r.type = restart ? TraceType::kRestart : TraceType::kStart;
  r.node = n;
  trace_.Record(r);
  if (restart) ++stats_.restarts;
  slot.node->OnStart(*slot.ctx);
}

Nanos Simulator::ServiceTime(EndpointId n, MessageKind kind) {
  (void)n;
  const Distribution* dist =
      kind < service_for_kind_.size() ? service_for_kind_[kind] : &spec_.cluster.cpu.service_ns;
  return dist->SampleNanos(cpu_rng_);
}

void Simulator::ArriveAtNode(EndpointId n, uint32_t slot_index) {
  NodeSlot& slot = nodes_[n];
  InFlight& m = slots_[slot_index];
  if (slot.status == NodeStatus::kCrashed) {
    ++stats_.dropped_node_down;
    TraceMessage(TraceType::kDrop, n, m.msg.from, m, "node-down");
    FreeSlot(slot_index);
    return;
  }
  if (slot.paused) {
    // The kernel keeps receiving while the process is stopped (up to its buffer); the
    // node handles the backlog when it resumes.
    if (slot.deferred.size() >= static_cast<size_t>(spec_.cluster.cpu.queue_limit)) {
      ++stats_.dropped_overload;
      TraceMessage(TraceType::kDrop, n, m.msg.from, m, "overload");
      FreeSlot(slot_index);
      return;
    }
    slot.deferred.push_back(Event{scheduler_.now(), 0, kArrive, static_cast<uint32_t>(n),
                                  slot_index});
    return;
  }
  if (!cpu_modelled_) {
    HandleMessage(n, slot_index);
    return;
  }
  m.generation = slot.generation;
  if (slot.busy_workers < spec_.cluster.cpu.workers) {
    BeginService(n, slot_index);
    return;
  }
  if (slot.cpu_queue.size() >= static_cast<size_t>(spec_.cluster.cpu.queue_limit)) {
    ++stats_.dropped_overload;
    TraceMessage(TraceType::kDrop, n, m.msg.from, m, "overload");
    FreeSlot(slot_index);
    return;
  }
  slot.cpu_queue.push_back(slot_index);
  if (slot.cpu_queue.size() > stats_.max_cpu_queue) stats_.max_cpu_queue = slot.cpu_queue.size();
}

void Simulator::BeginService(EndpointId n, uint32_t slot_index) {
  ++nodes_[n].busy_workers;
  nodes_[n].in_service.push_back(slot_index);
  const Nanos service = ServiceTime(n, slots_[slot_index].msg.kind);
  ++nodes_[n].cpu_served;
  nodes_[n].cpu_busy_ns += service;
  scheduler_.Schedule(scheduler_.now() + service, kCpuDone, static_cast<uint32_t>(n),
                      slot_index);
}

void Simulator::OnCpuDone(EndpointId n, uint32_t slot_index) {
  NodeSlot& slot = nodes_[n];
  if (slots_[slot_index].generation != slot.generation) {
    // The node crashed while this message was being served: the work is gone (the drop
    // was traced at the crash).
    FreeSlot(slot_index);
    return;
  }
  std::erase(slot.in_service, slot_index);
  if (slot.paused) {
    slot.in_service.push_back(slot_index);  // still the worker's until the node resumes
    slot.deferred.push_back(Event{scheduler_.now(), 0, kCpuDone, static_cast<uint32_t>(n),
                                  slot_index});
    return;
  }
  --slot.busy_workers;
  HandleMessage(n, slot_index);
  // HandleMessage may not crash the node, so `slot` is still the same node here.
  while (slot.busy_workers < spec_.cluster.cpu.workers && !slot.cpu_queue.empty()) {
    const uint32_t next = slot.cpu_queue.front();
    slot.cpu_queue.pop_front();
    BeginService(n, next);
  }
}

void Simulator::HandleMessage(EndpointId n, uint32_t slot_index) {
  NodeSlot& slot = nodes_[n];
  ++stats_.messages_delivered;
  TraceMessage(TraceType::kDeliver, n, slots_[slot_index].msg.from, slots_[slot_index]);
  // Copy out before the handler runs: its sends may grow slots_ and move the storage.
  const Envelope msg = std::move(slots_[slot_index].msg);
  FreeSlot(slot_index);
  slot.node->OnMessage(msg, *slot.ctx);
}

TimerId Simulator::SetTimer(EndpointId n, Nanos local_delay, uint64_t tag) {
  FL_CHECK_MSG(local_delay >= 0, "a timer was set with a negative delay");
  NodeSlot& slot = nodes_[n];
  const TimerId id = next_timer_id_++;
  timers_.emplace(id, Timer{n, slot.generation, tag});
  const Nanos at = scheduler_.now() + slot.clock.TrueDelay(local_delay);
  scheduler_.Schedule(at, kTimer, static_cast<uint32_t>(n), id);
  return id;
}

void Simulator::OnTimer(EndpointId n, uint64_t timer_id) {
  auto it = timers_.find(timer_id);
  if (it == timers_.end()) return;  // cancelled
  NodeSlot& slot = nodes_[n];
  if (it->second.generation != slot.generation || slot.status == NodeStatus::kCrashed) {
    timers_.erase(it);  // set by a previous incarnation of the node
    return;
  }
  if (slot.paused) {
    slot.deferred.push_back(Event{scheduler_.now(), 0, kTimer, static_cast<uint32_t>(n),
                                  timer_id});
    return;
  }
  const uint64_t tag = it->second.tag;
  timers_.erase(it);
  ++stats_.timers_fired;
  TraceRecord r;
  r.time = scheduler_.now();
  r.type = TraceType::kTimer;
  r.node = n;
  r.msg_id = timer_id;
  r.a = static_cast<int64_t>(tag);
  trace_.Record(r);
  slot.node->OnTimer(timer_id, tag, *slot.ctx);
}

void Simulator::CrashNode(EndpointId n) {
  NodeSlot& slot = nodes_[n];
  if (slot.status == NodeStatus::kCrashed) return;
  TraceRecord r;
  r.time = scheduler_.now();
  r.type = TraceType::kCrash;
  r.node = n;
  trace_.Record(r);
  ++stats_.crashes;
  slot.status = NodeStatus::kCrashed;
  ++slot.generation;
  slot.node.reset();
  slot.disk.LoseUnsynced();
  slot.busy_workers = 0;
  // Queued and held work dies with the process.
  auto drop = [&](uint32_t slot_index) {
    ++stats_.dropped_node_down;
    TraceMessage(TraceType::kDrop, n, slots_[slot_index].msg.from, slots_[slot_index],
                 "crashed");
    FreeSlot(slot_index);
  };
  for (uint32_t s : slot.cpu_queue) drop(s);
  slot.cpu_queue.clear();
  // Messages a worker was serving: traced now; their pending kCpuDone frees the slot
  // (its generation no longer matches).
  for (uint32_t s : slot.in_service) {
    ++stats_.dropped_node_down;
    TraceMessage(TraceType::kDrop, n, slots_[s].msg.from, slots_[s], "crashed");
  }
  slot.in_service.clear();
  for (const Event& ev : slot.deferred) {
    if (ev.kind == kArrive) drop(static_cast<uint32_t>(ev.arg));
    if (ev.kind == kCpuDone) FreeSlot(static_cast<uint32_t>(ev.arg));  // traced above
    if (ev.kind == kTimer) timers_.erase(ev.arg);
  }
  slot.deferred.clear();
  slot.paused = false;
}

void Simulator::PauseNode(EndpointId n) {
  NodeSlot& slot = nodes_[n];
  if (slot.status == NodeStatus::kCrashed || slot.paused) return;
  slot.paused = true;
  ++slot.pause_count;
  ++stats_.pauses;
  TraceRecord r;
  r.time = scheduler_.now();
  r.type = TraceType::kPause;
  r.node = n;
  trace_.Record(r);
}

void Simulator::ResumeNode(EndpointId n) {
  NodeSlot& slot = nodes_[n];
  if (!slot.paused) return;
  slot.paused = false;
  TraceRecord r;
  r.time = scheduler_.now();
  r.type = TraceType::kResume;
  r.node = n;
  trace_.Record(r);
  // Replay the backlog now, in the order it arrived.
  for (const Event& ev : slot.deferred) {
    scheduler_.Schedule(scheduler_.now(), ev.kind, ev.target, ev.arg);
  }
  slot.deferred.clear();
}

std::vector<EndpointId> Simulator::NodesWithRole(std::string_view role) const {
  std::vector<EndpointId> holders;
  std::vector<std::string> roles;
  for (EndpointId n = 0; n < node_count_; ++n) {
    const NodeSlot& slot = nodes_[n];
    if (slot.status != NodeStatus::kUp) continue;
    roles.clear();
    slot.node->AppendRoles(roles);
    for (const std::string& r : roles) {
      if (r == role) {
        holders.push_back(n);
        break;
      }
    }
  }
  return holders;
}

}  // namespace faultline::sim
