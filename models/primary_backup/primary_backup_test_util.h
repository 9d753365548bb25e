// Shared helpers for the kv.primary-backup tests: options as the scenario loader would
// build them, and client / peer messages to feed a node by hand. Test-only, header-only.
#ifndef FAULTLINE_MODELS_PRIMARY_BACKUP_PRIMARY_BACKUP_TEST_UTIL_H_
#define FAULTLINE_MODELS_PRIMARY_BACKUP_PRIMARY_BACKUP_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "models/testing/fake_context.h"
#include "models/primary_backup/kv_primary_backup.h"
#include "sim/model.h"

namespace faultline::models::testing {

struct Setup {
  sim::MessageKinds kinds;
  PrimaryBackupOptions options;
};

// Options as the scenario loader would pass them; "client.req" takes kind 0 first, as
// FakeContext::kClientRequest expects.
inline std::unique_ptr<Setup> MakeSetup(int nodes, const std::string& replication = "async",
                                        const std::string& reads = "primary") {
  auto s = std::make_unique<Setup>();
  EXPECT_EQ(s->kinds.Register("client.req", {"op", "f", "key", "value", "expect"}),
            FakeContext::kClientRequest);
  sim::ModelConfig config;
  config.node_count = nodes;
  config.choices = {{"replication", replication}, {"reads", reads}};
  config.durations = {{"heartbeat", 50 * sim::kMillisecond},
                      {"failover_timeout", 300 * sim::kMillisecond}};
  config.integers = {{"resend_batch", 32}};
  s->options = PrimaryBackupOptionsFromConfig(config, s->kinds);
  return s;
}

inline sim::Message Request(int64_t op_id, sim::OpFunction f, int64_t key, int64_t value = 0,
                            int64_t expect = 0) {
  sim::Message m;
  m.from = 100;  // clients are endpoints after the nodes
  m.kind = FakeContext::kClientRequest;
  m.fields = {op_id, static_cast<int64_t>(f), key, value, expect, 0};
  return m;
}

inline sim::Message Msg(sim::EndpointId from, sim::MessageKind kind, sim::Fields fields) {
  sim::Message m;
  m.from = from;
  m.kind = kind;
  m.fields = fields;
  return m;
}

}  // namespace faultline::models::testing

#endif  // FAULTLINE_MODELS_PRIMARY_BACKUP_PRIMARY_BACKUP_TEST_UTIL_H_
