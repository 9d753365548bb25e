// Shared helpers for the kv.primary-backup tests: options as the scenario loader would
// build them, client requests to feed a node by hand, and a message comparison that
// prints both bodies on failure. Test-only, header-only.
#ifndef FAULTLINE_MODELS_PRIMARY_BACKUP_PRIMARY_BACKUP_TEST_UTIL_H_
#define FAULTLINE_MODELS_PRIMARY_BACKUP_PRIMARY_BACKUP_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <ostream>
#include <string>
#include <utility>

#include "models/primary_backup/kv_primary_backup.h"
#include "models/testing/fake_context.h"
#include "sim/message.h"
#include "sim/model.h"
#include "sim/op.h"
#include "sim/value.h"

// Lets gtest print a Value as its JSON (5, "k7", [1,2], null) in failure messages.
namespace faultline::sim {
inline void PrintTo(const Value& v, std::ostream* os) { *os << v.ToJson(); }
}  // namespace faultline::sim

namespace faultline::models::testing {

struct Setup {
  sim::MessageKinds kinds;
  PrimaryBackupOptions options;
};

// Options as the scenario loader would pass them.
inline std::unique_ptr<Setup> MakeSetup(int nodes, const std::string& replication = "async",
                                        const std::string& reads = "primary",
                                        sim::Nanos ship_interval_ns = 0,
                                        sim::Nanos semi_sync_timeout_ns = 0) {
  auto s = std::make_unique<Setup>();
  sim::ModelConfig config;
  config.node_count = nodes;
  config.choices = {{"replication", replication}, {"reads", reads}};
  config.durations = {{"heartbeat", 50 * sim::kMillisecond},
                      {"failover_timeout", 300 * sim::kMillisecond},
                      {"ship_interval", ship_interval_ns},
                      {"semi_sync_timeout", semi_sync_timeout_ns}};
  config.integers = {{"resend_batch", 32}};
  s->options = PrimaryBackupOptionsFromConfig(config, s->kinds);
  return s;
}

// A client's request, as delivered to a node: `f` on `key` with argument `value` (a
// write's value, a cas's [expected, new], nil for a read).
inline sim::Envelope Request(uint64_t op_id, std::string f, sim::Value key,
                             sim::Value value = sim::Value()) {
  return FakeContext::From(
      FakeContext::kClient,
      sim::ClientRequest{op_id, std::move(f), std::move(key), std::move(value)});
}

// A cas request's argument: [expected, new].
inline sim::Value CasArg(sim::Value expected, sim::Value next) {
  return sim::Value::List({std::move(expected), std::move(next)});
}

// Whether two messages of one type are equal field by field; prints both as JSON if not.
//   EXPECT_TRUE(SameMessage(replicates[0].second, Replicate{1, 1, key, value}));
template <sim::MessageBody M>
::testing::AssertionResult SameMessage(const M& actual, const M& expected) {
  const sim::AnyMessage a(actual);
  const sim::AnyMessage e(expected);
  if (a == e) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << M::kKind << " " << a.BodyJson() << ", expected " << e.BodyJson();
}

}  // namespace faultline::models::testing

#endif  // FAULTLINE_MODELS_PRIMARY_BACKUP_PRIMARY_BACKUP_TEST_UTIL_H_
