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
  int node_count() const override { return sim_->node_count_; }
  Nanos LocalNow() const override {
    return sim_->nodes_[self_].clock.Read(sim_->scheduler_.now());
  }
  void Send(EndpointId to, MessageKind kind, const Fields& fields) override {
    sim_->SendMessage(self_, to, kind, fields);
  }
  void ReplyToClient(const Message& request, OpOutcome outcome, int64_t value,
                     EndpointId leader_hint) override {
    FL_CHECK_MSG(request.kind == sim_->client_req_kind_, "ReplyToClient needs a client.req");
    Fields f{};
    f[client_msg::kOpId] = request.fields[client_msg::kOpId];
    f[client_msg::kOutcome] = static_cast<int64_t>(outcome);
    f[client_msg::kResult] = value;
    f[client_msg::kLeaderHint] = leader_hint;
    sim_->SendMessage(self_, request.from, sim_->client_reply_kind_, f);
  }
  TimerId SetTimer(Nanos delay_ns, uint64_t tag) override {
    return sim_->SetTimer(self_, delay_ns, tag);
  }
  void CancelTimer(TimerId id) override { sim_->timers_.erase(id); }
  Rng& rng() override { return sim_->nodes_[self_].rng; }
  Disk& disk() override { return sim_->nodes_[self_].disk; }
  void Note(std::string text) override { sim_->Note(self_, text); }
  MessageKind client_request_kind() const override { return sim_->client_req_kind_; }

 private:
  Simulator* sim_;
  EndpointId self_;
};

}  // namespace faultline::sim

#endif  // FAULTLINE_SIM_NODE_CONTEXT_H_
