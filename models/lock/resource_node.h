// lock.redis's protected resource (nN, role `resource`): what the lock guards. Its CPU cost
// is the scenario's (`service_by_kind: {write: 10ms}`): the critical section.
//
// It accepts every write, unless `fencing` is on: then a write whose token is lower than
// the highest it accepted is refused (Kleppmann's fencing token), and the holder fails its
// request "fenced". Every write is observed: `write` {holder, op, accepted, highest}.
#ifndef FAULTLINE_MODELS_LOCK_RESOURCE_NODE_H_
#define FAULTLINE_MODELS_LOCK_RESOURCE_NODE_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "models/lock/lock_messages.h"
#include "models/lock/lock_options.h"
#include "sim/node.h"

namespace faultline::models {

class LockResourceNode : public sim::NodeOf<LockResourceNode, LockWrite> {
 public:
  explicit LockResourceNode(const LockOptions& options) : options_(options) {}

  void OnStart(sim::Context& ctx) override;
  void AppendRoles(std::vector<std::string>& roles) const override;
  std::string Describe() const override;

  void Handle(sim::EndpointId from, const LockWrite& w, sim::Context& ctx);

 private:
  const LockOptions options_;
  std::map<sim::Value, int64_t> highest_;  // by lock: the highest token accepted (on disk)
  int64_t accepted_ = 0;
  int64_t refused_ = 0;
};

}  // namespace faultline::models

#endif  // FAULTLINE_MODELS_LOCK_RESOURCE_NODE_H_
