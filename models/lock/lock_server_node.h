// lock.redis's lock server (n1..nS, role `lock`): one Redis instance holding locks as keys.
// Its CPU is the scenario's (`cluster.cpu: {workers: 1, service_by_kind: {lock: 150us,
// unlock: 150us}}`): single-threaded, so every command, a spinning thread's refused SET NX
// as much as the holder's release, waits in one queue.
//
// - lock: SET key value NX PX ttl. Granted when the key is absent or its TTL has run out
//   on this server's own clock (expiry is lazy: checked at each command against
//   LocalNow(), as Redis does, so a forward clock jump expires keys early: the Redlock
//   hazard). A grant bumps the lock's fencing token, a per-lock counter kept on disk and
//   synced before the reply, so a restart never hands out a token twice. Observed as
//   `grant` {owner, ttl_ns, previous, previous_expired}.
// - unlock: compare-and-delete: deletes the key only if it holds that owner's value.
// - every `load_interval` of its clock it observes `load`: its CPU queue now, and the
//   services and busy time so far (Context::cpu_load()).
#ifndef FAULTLINE_MODELS_LOCK_LOCK_SERVER_NODE_H_
#define FAULTLINE_MODELS_LOCK_LOCK_SERVER_NODE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "models/lock/lock_messages.h"
#include "models/lock/lock_options.h"
#include "sim/node.h"

namespace faultline::models {

class LockServerNode : public sim::NodeOf<LockServerNode, LockCommand, UnlockCommand> {
 public:
  explicit LockServerNode(const LockOptions& options) : options_(options) {}

  void OnStart(sim::Context& ctx) override;
  void OnTimer(sim::TimerId id, uint64_t tag, sim::Context& ctx) override;
  void AppendRoles(std::vector<std::string>& roles) const override;
  std::string Describe() const override;

  void Handle(sim::EndpointId from, const LockCommand& c, sim::Context& ctx);
  void Handle(sim::EndpointId from, const UnlockCommand& c, sim::Context& ctx);

  // The owner ("n3/t7") holding `key` at local time `now_ns`, or nullopt (free or expired).
  std::optional<std::string> HolderAt(const sim::Value& key, sim::Nanos now_ns) const;
  // The last token granted for `key` (0: never granted).
  int64_t LastToken(const sim::Value& key) const;

 private:
  struct Key {
    bool present = false;  // false once deleted by its owner
    std::string owner{};
    uint64_t op = 0;
    sim::Nanos expires_ns = 0;  // on this server's clock
  };

  void ScheduleLoad(sim::Context& ctx);
  int64_t BumpToken(const sim::Value& key, sim::Context& ctx);

  const LockOptions options_;
  std::map<sim::Value, Key> keys_;
  std::map<sim::Value, std::string> last_owner_;  // for the grant's `previous`
  std::map<sim::Value, int64_t> tokens_;
  int64_t grants_ = 0;
  int64_t refusals_ = 0;
};

}  // namespace faultline::models

#endif  // FAULTLINE_MODELS_LOCK_LOCK_SERVER_NODE_H_
