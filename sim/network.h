// The network model: for each send, decides whether the message is lost and when each
// copy arrives, from per-link latency, loss, duplication and FIFO/reorder settings, and
// the current partition (a directed connectivity matrix).
//
//   Network net(endpoints, names, spec, kinds, rng.Fork("network"));
//   Network::Plan p = net.PlanSend(now, from, to, kind);
//   if (p.drop_reason.empty()) schedule deliveries at p.deliver_at[0..p.copies)
#ifndef FAULTLINE_SIM_NETWORK_H_
#define FAULTLINE_SIM_NETWORK_H_

#include <string>
#include <string_view>
#include <vector>

#include "base/time.h"
#include "sim/message.h"
#include "sim/rng.h"
#include "sim/scenario.h"

namespace faultline::sim {

class Network {
 public:
  struct Plan {
    std::string_view drop_reason;  // empty when delivered: "loss" or "partition"
    int copies = 0;                // 1, or 2 when duplicated
    Nanos deliver_at[2] = {0, 0};
  };

  // REQUIRES: every name in spec.links and spec.kind_latency is valid (the loader checks).
  Network(std::vector<std::string> endpoint_names, const NetworkSpec& spec,
          const MessageKinds& kinds, Rng rng);
  // Not copyable: kind_latency_ points into kind_latency_storage_.
  Network(const Network&) = delete;
  Network& operator=(const Network&) = delete;

  Plan PlanSend(Nanos now, EndpointId from, EndpointId to, MessageKind kind);

  // Connectivity: a cut link drops every message sent over it or arriving over it.
  bool Connected(EndpointId from, EndpointId to) const {
    return !blocked_[Index(from, to)];
  }
  void SetBlocked(EndpointId from, EndpointId to, bool blocked) {
    blocked_[Index(from, to)] = blocked;
  }
  void HealPartitions() { blocked_.assign(blocked_.size(), 0); }
  bool AnyPartition() const;

  // Degrades links (a fault): the overrides apply on top of the scenario's links until
  // RestoreLinks(id) removes them again. Returns the layer's id; `description` gets a
  // text for the trace.
  uint64_t DegradeLinks(std::vector<LinkOverride> layer, std::string* description);
  // Removes one degradation layer (a no-op if it is already gone).
  void RestoreLinks(uint64_t id);
  void RestoreAllLinks();
  // True while a DegradeLinks layer is in force (a link fault is active).
  bool AnyDegradation() const { return !degradations_.empty(); }

  int endpoints() const { return endpoints_; }

 private:
  size_t Index(EndpointId from, EndpointId to) const {
    return static_cast<size_t>(from) * endpoints_ + to;
  }
  bool Matches(std::string_view pattern, EndpointId id) const;
  void Apply(const LinkOverride& o);
  void Resolve();

  int endpoints_;
  std::vector<std::string> names_;
  NetworkSpec spec_;
  std::vector<std::pair<uint64_t, std::vector<LinkOverride>>> degradations_;  // (id, layer)
  uint64_t next_layer_id_ = 1;
  std::vector<LinkSpec> links_;           // resolved, endpoints_^2
  std::vector<Nanos> fifo_last_;          // last scheduled delivery per directed link
  std::vector<uint8_t> blocked_;          // endpoints_^2
  std::vector<const Distribution*> kind_latency_;  // by MessageKind, null = link's
  std::vector<Distribution> kind_latency_storage_;
  Rng rng_;
};

}  // namespace faultline::sim

#endif  // FAULTLINE_SIM_NETWORK_H_
