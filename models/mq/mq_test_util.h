// Test helpers for mq.broker's node tests (test-only, header-only).
#ifndef FAULTLINE_MODELS_MQ_MQ_TEST_UTIL_H_
#define FAULTLINE_MODELS_MQ_MQ_TEST_UTIL_H_

#include <optional>
#include <string>
#include <utility>

#include "models/testing/fake_context.h"
#include "sim/node.h"
#include "sim/op.h"

namespace faultline::models::testing {

// A producer's `send` of event `value` of entity `key` (op number `op`).
inline sim::Envelope SendRequest(uint64_t op, const std::string& key, int64_t value) {
  return FakeContext::From(FakeContext::kClient,
                           sim::ClientRequest{op, "send", sim::Value::Str(key),
                                              sim::Value::Int(value)});
}

// The detail field `name` of an observation, or nil.
inline sim::Value Detail(const sim::Observation& o, const std::string& name) {
  for (const auto& [k, v] : o.detail) {
    if (k == name) return v;
  }
  return sim::Value();
}

}  // namespace faultline::models::testing

#endif  // FAULTLINE_MODELS_MQ_MQ_TEST_UTIL_H_
