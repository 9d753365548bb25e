#include "checkers/history_generator.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "checkers/linearizability.h"
#include "checkers/spec.h"
#include "checkers/test_histories.h"

namespace faultline::checkers {
namespace {

// Swarm-style options: each property run picks its own shape, including the corners
// (one client, one key, all reads, many info ops).
GeneratorOptions GenOptions(int64_t ops_max) {
  GeneratorOptions o;
  o.seed = *rc::gen::arbitrary<uint64_t>();
  o.ops = *rc::gen::inRange<int64_t>(0, ops_max + 1);
  o.clients = *rc::gen::inRange<int64_t>(1, 9);
  o.keys = *rc::gen::inRange<int64_t>(1, 4);
  o.mix.read = *rc::gen::inRange<uint32_t>(0, 6);
  o.mix.write = *rc::gen::inRange<uint32_t>(0, 6);
  o.mix.cas = *rc::gen::inRange<uint32_t>(o.mix.read + o.mix.write == 0 ? 1 : 0, 6);
  o.info_ppm = *rc::gen::element<uint32_t>(0, 20'000, 100'000);
  o.fail_ppm = *rc::gen::element<uint32_t>(0, 50'000, 200'000);
  o.cas_match_ppm = *rc::gen::element<uint32_t>(0, 500'000, 1'000'000);
  o.call_gap_max = *rc::gen::inRange<int64_t>(1, 12);
  o.latency_max = *rc::gen::inRange<int64_t>(0, 30);
  return o;
}

const Spec& SpecFor(const GeneratorOptions& o) {
  return *FindSpec(o.keys == 1 ? "register" : "kv");
}

Verdict Check(const History& h, const Spec& m, bool split = true) {
  CheckOptions options;
  options.split_partitions = split;
  return CheckLinearizability(h, m, options).verdict;
}

bool SameOp(const Operation& a, const Operation& b) {
  return a.process == b.process && a.f == b.f && a.key == b.key && a.input == b.input &&
         a.input2 == b.input2 && a.output == b.output && a.status == b.status && a.call == b.call &&
         a.ret == b.ret && a.line == b.line;
}

bool SameHistory(const History& a, const History& b) {
  if (a.ops.size() != b.ops.size() || a.source != b.source) return false;
  for (size_t i = 0; i < a.ops.size(); ++i) {
    if (!SameOp(a.ops[i], b.ops[i])) return false;
  }
  return true;
}

RC_GTEST_PROP(HistoryGeneratorTest, GeneratedHistoriesAreLinearizable, ()) {
  GeneratorOptions o = GenOptions(150);
  o.value_range = *rc::gen::element<int64_t>(0, 0, 3);
  const History h = GenerateHistory(o);
  RC_CLASSIFY(o.info_ppm > 0, "info");
  RC_CLASSIFY(o.fail_ppm > 0, "fail");
  RC_CLASSIFY(o.keys == 1, "single register");
  RC_ASSERT(Check(h, SpecFor(o)) == Verdict::kLinearizable);
  // The register spec partitions by key too, so it accepts per-key histories as well.
  RC_ASSERT(Check(h, *FindSpec("register")) == Verdict::kLinearizable);
}

TEST(HistoryGeneratorTest, LargerHistoriesAreLinearizable) {
  for (uint64_t seed = 1; seed <= 10; ++seed) {
    for (int64_t keys : {1, 20}) {
      for (uint32_t info_fail_ppm : {0u, 20'000u}) {
        GeneratorOptions o;
        o.seed = seed;
        o.ops = 3'000;
        o.clients = 8;
        o.keys = keys;
        o.info_ppm = info_fail_ppm;
        o.fail_ppm = info_fail_ppm;
        SCOPED_TRACE(::testing::Message()
                     << "seed " << seed << " keys " << keys << " info/fail ppm " << info_fail_ppm);
        EXPECT_EQ(Check(GenerateHistory(o), SpecFor(o)), Verdict::kLinearizable);
      }
    }
  }
}

// Processes never overlap themselves, a process that saw info issues nothing more, keys,
// counts and statuses follow the options, and written values are unique.
RC_GTEST_PROP(HistoryGeneratorTest, HistoryHasTheRequestedShape, ()) {
  const GeneratorOptions o = GenOptions(200);
  const History h = GenerateHistory(o);
  RC_ASSERT(h.ops.size() == static_cast<size_t>(o.ops));
  std::map<int64_t, const Operation*> last;
  std::set<std::string> keys;
  std::set<int64_t> written;
  int64_t previous_call = 0;
  for (const Operation& op : h.ops) {
    RC_ASSERT(op.call >= previous_call);  // call order
    previous_call = op.call;
    const auto it = last.find(op.process);
    if (it != last.end()) {
      RC_ASSERT(it->second->status != Status::kInfo);
      RC_ASSERT(it->second->ret < op.call);
    }
    last[op.process] = &op;
    RC_ASSERT((op.status == Status::kInfo) == (op.ret == kOpenEnded));
    RC_ASSERT(op.call <= op.ret);
    keys.insert(op.key);
    if (op.f == "read") {
      RC_ASSERT((op.status == Status::kOk) == (op.output.kind != Value::Kind::kUnknown));
    } else {
      RC_ASSERT(op.f == "write" || op.f == "cas");
      const Value& v = op.f == "write" ? op.input : op.input2;
      RC_ASSERT(v.kind == Value::Kind::kInt);
      RC_ASSERT(written.insert(v.i).second);
    }
  }
  RC_ASSERT(keys.size() <= static_cast<size_t>(o.keys));
  if (o.keys == 1 && o.ops > 0) RC_ASSERT(keys == std::set<std::string>{""});
  if (o.keys > 1) {
    for (const std::string& k : keys) RC_ASSERT(k.size() >= 2 && k[0] == 'k');
  }
}

RC_GTEST_PROP(HistoryGeneratorTest, SameSeedSameHistory, ()) {
  GeneratorOptions o = GenOptions(200);
  RC_ASSERT(SameHistory(GenerateHistory(o), GenerateHistory(o)));
  for (Mutation m : kAllMutations) {
    History a = GenerateHistory(o);
    History b = GenerateHistory(o);
    const MutationOutcome ma = Mutate(a, m, o.seed);
    const MutationOutcome mb = Mutate(b, m, o.seed);
    RC_ASSERT(ma.applied == mb.applied);
    RC_ASSERT(ma.ops == mb.ops);
    RC_ASSERT(SameHistory(a, b));
  }
}

TEST(HistoryGeneratorTest, DifferentSeedsDifferentHistories) {
  GeneratorOptions o;
  o.ops = 50;
  const History a = GenerateHistory(o);
  o.seed = 2;
  EXPECT_FALSE(SameHistory(a, GenerateHistory(o)));
}

RC_GTEST_PROP(HistoryGeneratorTest, EveryMutationIsCaught, ()) {
  const GeneratorOptions o = GenOptions(150);
  const History original = GenerateHistory(o);
  const Spec& spec = SpecFor(o);
  for (Mutation m : kAllMutations) {
    History h = original;
    const MutationOutcome outcome = Mutate(h, m, *rc::gen::arbitrary<uint64_t>());
    RC_CLASSIFY(outcome.applied, std::string(MutationName(m)));
    if (!outcome.applied) {
      RC_ASSERT(SameHistory(h, original));
      continue;
    }
    RC_ASSERT(!outcome.ops.empty());
    const CheckResult r = CheckLinearizability(h, spec, CheckOptions{});
    RC_ASSERT(r.verdict == Verdict::kNotLinearizable);
    // Only the mutated key is broken, and the evidence names it.
    RC_ASSERT(r.violation->key == h.ops[outcome.ops[0]].key);
  }
}

// Ordinary histories give every mutation somewhere to apply, so the property above is
// not vacuous.
TEST(HistoryGeneratorTest, EveryMutationAppliesToTypicalHistories) {
  for (Mutation m : kAllMutations) {
    int applied = 0;
    for (uint64_t seed = 1; seed <= 20; ++seed) {
      GeneratorOptions o;
      o.seed = seed;
      o.ops = 200;
      o.keys = 2;
      o.fail_ppm = 50'000;
      History h = GenerateHistory(o);
      const MutationOutcome outcome = Mutate(h, m, seed);
      if (!outcome.applied) continue;
      ++applied;
      EXPECT_NE(outcome.description.find(MutationName(m)), std::string::npos);
      EXPECT_EQ(Check(h, SpecFor(o)), Verdict::kNotLinearizable) << outcome.description;
    }
    EXPECT_GE(applied, 18) << MutationName(m);
  }
}

TEST(HistoryGeneratorTest, MutationRefusesHistoriesItCannotProveWrong) {
  GeneratorOptions o;
  o.ops = 200;
  o.value_range = 2;  // values repeat: a read of 1 may come from either write of 1
  History h = GenerateHistory(o);
  const History original = h;
  const MutationOutcome outcome = Mutate(h, Mutation::kStaleRead, 1);
  EXPECT_FALSE(outcome.applied);
  EXPECT_NE(outcome.description.find("unique"), std::string::npos) << outcome.description;
  EXPECT_TRUE(SameHistory(h, original));

  History appends = testing::Hist({testing::Op(0, "append", Value::Str("x"), {}, {}, 0, 1)});
  EXPECT_FALSE(Mutate(appends, Mutation::kReadNeverWritten, 1).applied);

  History no_reads = testing::Hist({testing::W(0, 1, 0, 1), testing::W(0, 2, 2, 3)});
  const MutationOutcome none = Mutate(no_reads, Mutation::kStaleRead, 1);
  EXPECT_FALSE(none.applied);
  EXPECT_NE(none.description.find("no ok read"), std::string::npos) << none.description;
}

TEST(HistoryGeneratorTest, StaleReadOfAHandWrittenHistory) {
  // w1 < w2 < r: the read may only return 2; the mutation makes it return 1 or nil.
  for (uint64_t seed = 1; seed <= 8; ++seed) {
    History h = testing::Hist(
        {testing::W(0, 1, 0, 10), testing::W(1, 2, 20, 30), testing::R(2, 2, 40, 50)});
    const MutationOutcome m = Mutate(h, Mutation::kStaleRead, seed);
    ASSERT_TRUE(m.applied);
    const Value& out = h.ops[2].output;
    EXPECT_TRUE(out == Value::Int(1) || out == Value::Nil()) << out.ToString();
    EXPECT_EQ(Check(h, *FindSpec("register")), Verdict::kNotLinearizable);
  }
}

RC_GTEST_PROP(HistoryGeneratorTest, UnsplitCheckGivesTheSameVerdict, ()) {
  GeneratorOptions o = GenOptions(30);
  o.info_ppm = std::min<uint32_t>(o.info_ppm, 20'000);  // the unsplit search grows fast
  History h = GenerateHistory(o);
  const Mutation mutation = kAllMutations[*rc::gen::inRange<size_t>(0, kAllMutations.size())];
  const bool mutated = *rc::gen::arbitrary<bool>() && Mutate(h, mutation, o.seed).applied;
  RC_CLASSIFY(mutated, "mutated");
  const Spec& spec = *FindSpec("kv");
  const Verdict split = Check(h, spec, true);
  const Verdict whole = Check(h, spec, false);
  RC_ASSERT(split != Verdict::kUnknown);
  RC_ASSERT(split == whole);
}

}  // namespace
}  // namespace faultline::checkers
