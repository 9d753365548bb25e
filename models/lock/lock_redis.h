// lock.redis: a Redis-style lock service under load, and the leases-and-fencing hazard
// (issue 14). n1..nS lock servers (S = `servers`: 1, or an odd number for Redlock), then
// P pods of T threads that serve requests needing the lock, then the protected resource.
// See lock_server_node.h, pod_node.h, resource_node.h and models/README.md.
#ifndef FAULTLINE_MODELS_LOCK_LOCK_REDIS_H_
#define FAULTLINE_MODELS_LOCK_LOCK_REDIS_H_

#include <optional>
#include <string>
#include <string_view>

#include "models/lock/lock_options.h"
#include "sim/message.h"
#include "sim/model.h"

namespace faultline::models {

inline constexpr std::string_view kLockRedisName = "lock.redis";

sim::ModelInfo LockRedisModelInfo();

// The options a config gives (REQUIRES: check passed), registering the model's kinds.
LockOptions LockOptionsFromConfig(const sim::ModelConfig& config, sim::MessageKinds& kinds);

// What is wrong with a combination of parameters (and the node count), or nullopt.
std::optional<std::string> CheckLockConfig(const sim::ModelConfig& config);

}  // namespace faultline::models

#endif  // FAULTLINE_MODELS_LOCK_LOCK_REDIS_H_
