#include "models/shard/multi_key_workload.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "sim/rng.h"

namespace faultline::models::shard {
namespace {

using sim::Value;

std::unique_ptr<sim::Workload> MakeMultiKeyWorkload(const sim::WorkloadSpec& spec) {
  return MultiKeyWorkloadInfo().create({.spec = spec, .clients = 2, .nodes = 3});
}

TEST(MultiKeyWorkloadTest, OpsNameTwoOrThreeDistinctSortedKeysAndWritesUniqueValues) {
  sim::WorkloadSpec spec;
  spec.ops = {{kMultiRead, 0.5}, {kMultiWrite, 0.5}};
  spec.keys = {.count = 6, .dist = sim::KeysSpec::Dist::kZipfian};
  std::unique_ptr<sim::Workload> w = MakeMultiKeyWorkload(spec);
  sim::Rng rng(7);
  std::set<int64_t> values;
  std::set<size_t> widths;
  int writes = 0;
  for (int i = 0; i < 500; ++i) {
    const std::optional<sim::Op> op = w->NextOp(0, rng);
    ASSERT_TRUE(op.has_value());
    ASSERT_TRUE(IsMultiKeyOp(op->f));
    const std::vector<Value>& keys = op->key.as_list();
    widths.insert(keys.size());
    std::vector<int64_t> indices;
    for (const Value& k : keys) indices.push_back(std::stoll(k.as_string().substr(1)));
    EXPECT_TRUE(std::is_sorted(indices.begin(), indices.end()));
    EXPECT_EQ(std::set<int64_t>(indices.begin(), indices.end()).size(), indices.size());
    if (op->f == kMultiWrite) {
      ++writes;
      values.insert(op->value.int_or(0));
    } else {
      EXPECT_TRUE(op->value.is_nil());
    }
  }
  EXPECT_EQ(widths, (std::set<size_t>{2, 3}));
  EXPECT_GT(writes, 0);
  EXPECT_EQ(static_cast<int>(values.size()), writes);  // one new value per multi-write
  EXPECT_FALSE(w->NextFinalOp(0).has_value());
}

TEST(MultiKeyWorkloadTest, RecordsAReadsListAndAWritesValue) {
  sim::WorkloadSpec spec;
  spec.ops = {{kMultiRead, 1}};  // the loader fills the default mix; here it is given
  spec.keys.count = 2;           // every op names both keys
  std::unique_ptr<sim::Workload> w = MakeMultiKeyWorkload(spec);
  sim::Rng rng(1);
  const sim::Op op = *w->NextOp(0, rng);
  EXPECT_EQ(op.key, Value::List({Value::Str("k0"), Value::Str("k1")}));
  const sim::Op read{.f = kMultiRead, .key = op.key};
  const Value got = Value::List({Value::Int(3), Value()});
  EXPECT_EQ(w->OnComplete(0, read, sim::OpOutcome::kOk, got), got);
  EXPECT_TRUE(w->OnComplete(0, read, sim::OpOutcome::kInfo, Value()).is_nil());
  const sim::Op write{.f = kMultiWrite, .key = op.key, .value = Value::Int(9)};
  EXPECT_EQ(w->OnComplete(0, write, sim::OpOutcome::kFail, Value()), Value::Int(9));
}

}  // namespace
}  // namespace faultline::models::shard
