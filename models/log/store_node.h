// log.partitioned's downstream store (the last node, role `store`): where consumers apply
// the events. It applies every `apply` it gets, in arrival order, and observes each one
// (`apply`, with the send's op, the consumer, the partition and offset it came from and
// which application of that message it is) for the ordering checker. Its CPU cost comes
// from the scenario (`cluster.cpu.service_by_kind: {apply: 5ms}`).
#ifndef FAULTLINE_MODELS_LOG_STORE_NODE_H_
#define FAULTLINE_MODELS_LOG_STORE_NODE_H_

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "models/log/log_messages.h"
#include "models/log/log_options.h"
#include "sim/node.h"

namespace faultline::models {

class LogStoreNode : public sim::NodeOf<LogStoreNode, sim::ClientRequest, ApplyRecord> {
 public:
  explicit LogStoreNode(const LogOptions& options) : options_(options) {}

  void OnStart(sim::Context& /*ctx*/) override {}
  void AppendRoles(std::vector<std::string>& roles) const override;
  std::string Describe() const override;

  // A client op that reached the store (routed by a role no live broker holds): fail.
  void Handle(sim::EndpointId from, const sim::ClientRequest& req, sim::Context& ctx) {
    ctx.Send(from, sim::ClientReply::Fail(req));
  }
  void Handle(sim::EndpointId from, const ApplyRecord& a, sim::Context& ctx);

 private:
  const LogOptions options_;
  // (key, value) -> times applied. Volatile: the store is not crashed by the scenarios.
  std::map<std::pair<sim::Value, sim::Value>, int64_t> applications_;
  std::map<int64_t, int64_t> per_partition_;  // partition -> applies
  int64_t applied_ = 0;
};

}  // namespace faultline::models

#endif  // FAULTLINE_MODELS_LOG_STORE_NODE_H_
