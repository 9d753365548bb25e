// Test helpers for lock.redis's node tests (test-only, header-only).
#ifndef FAULTLINE_MODELS_LOCK_LOCK_TEST_UTIL_H_
#define FAULTLINE_MODELS_LOCK_LOCK_TEST_UTIL_H_

#include <string>
#include <vector>

#include "models/lock/lock_options.h"
#include "models/testing/fake_context.h"
#include "sim/node.h"
#include "sim/op.h"

namespace faultline::models::testing {

// The detail field `name` of an observation, or nil.
inline sim::Value LockDetail(const sim::Observation& o, const std::string& name) {
  for (const auto& [k, v] : o.detail) {
    if (k == name) return v;
  }
  return sim::Value();
}

// The observations named `f`, in order.
inline std::vector<sim::Observation> LockObserved(const FakeContext& ctx, const std::string& f) {
  std::vector<sim::Observation> out;
  for (const sim::Observation& o : ctx.observations) {
    if (o.f == f) out.push_back(o);
  }
  return out;
}

// A client's `request` for lock L1 (op number `op`).
inline sim::Envelope LockRequest(uint64_t op) {
  return FakeContext::From(FakeContext::kClient,
                           sim::ClientRequest{op, "request", sim::Value::Str("L1"), {}});
}

// Options for one server (n1), `pods` pods and the resource, with fixed 100ms work.
inline LockOptions TestLockOptions(int pods = 1, int servers = 1) {
  LockOptions o;
  o.servers = servers;
  o.node_count = servers + pods + 1;
  o.threads = 2;
  o.work_ns = sim::Distribution::Constant(100.0 * sim::kMillisecond);
  o.pause_monitor_ns = 0;
  return o;
}

}  // namespace faultline::models::testing

#endif  // FAULTLINE_MODELS_LOCK_LOCK_TEST_UTIL_H_
