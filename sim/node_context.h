// The Context a node sees: a thin forwarder into the simulator, so a model never holds
// a reference to the simulator itself. Private to sim/ (simulator.cc, node_runtime.cc).
#ifndef FAULTLINE_SIM_NODE_CONTEXT_H_
#define FAULTLINE_SIM_NODE_CONTEXT_H_

#include "base/check.h"
#include "sim/simulator.h"

namespace faultline::sim {

class Simulator::NodeContext final : public Context {
 public:
  NodeContext(Simulator* sim, EndpointId self) : sim_(sim), self_(self) {}

  EndpointId self() const override { return self_; }
  const std::vector<EndpointId>& members() const override { return sim_->members_; }
  Nanos LocalNow() const override {
    return sim_->nodes_[self_].clock.Read(sim_->scheduler_.now());
  }
  void SendMessage(EndpointId to, const MessageTypeInfo& type, AnyMessage body) override {
    const std::optional<MessageKind> kind = sim_->kinds_.KindOf(type, 0);
    if (!kind) sim_->UnregisteredKind(type);
    sim_->SendMessage(self_, to, *kind, std::move(body));
  }
  void SendInSpace(EndpointId to, int space, const MessageTypeInfo& type,
                   AnyMessage body) override {
    const std::optional<MessageKind> kind = sim_->kinds_.KindOf(type, space);
    if (!kind) sim_->UnregisteredKind(type, space);
    sim_->SendMessage(self_, to, *kind, std::move(body));
  }
  TimerId SetTimer(Nanos delay_ns, uint64_t tag) override {
    return sim_->SetTimer(self_, delay_ns, tag);
  }
  void CancelTimer(TimerId id) override { sim_->timers_.erase(id); }
  Rng& rng() override { return sim_->nodes_[self_].rng; }
  Disk& disk() override { return sim_->nodes_[self_].disk; }
  void Note(std::string text) override { sim_->Note(self_, text); }
  void Observe(Observation o) override { sim_->Observe(self_, o); }
  CpuLoad cpu_load() const override {
    const NodeSlot& slot = sim_->nodes_[self_];
    return CpuLoad{.queued = static_cast<int64_t>(slot.cpu_queue.size()),
                   .in_service = static_cast<int64_t>(slot.in_service.size()),
                   .served = slot.cpu_served,
                   .busy_ns = slot.cpu_busy_ns};
  }

 private:
  Simulator* sim_;
  EndpointId self_;
};

}  // namespace faultline::sim

#endif  // FAULTLINE_SIM_NODE_CONTEXT_H_
