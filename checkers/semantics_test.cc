// Knossos', Porcupine's and faultline's readings of fail cas ops and nil reads
// (semantics.h), and the register's --initial value (initial_value_spec.h): each reading
// gives the verdict its tool gives.
#include "checkers/semantics.h"

#include <gtest/gtest.h>

#include <string>

#include "checkers/history_reader.h"
#include "checkers/initial_value_spec.h"
#include "checkers/linearizability.h"
#include "checkers/spec.h"

namespace faultline::checkers {
namespace {

History ReadEdn(std::string_view text) {
  absl::StatusOr<History> h = ReadHistoryText(text, "h.edn", HistoryFormat::kJepsenEdn);
  EXPECT_TRUE(h.ok()) << h.status();
  return h.ok() ? *std::move(h) : History{};
}

Verdict Check(History h, Semantics s, const Value& initial = Value::Nil()) {
  ApplySemantics(s, &h);
  const InitialValueSpec spec(*FindSpec("register"), initial);
  return CheckLinearizability(h, spec, CheckOptions{}).verdict;
}

TEST(SemanticsTest, NamesAndDefaults) {
  EXPECT_EQ(*ParseSemantics("knossos"), Semantics::kKnossos);
  EXPECT_EQ(*ParseSemantics("porcupine"), Semantics::kPorcupine);
  EXPECT_EQ(*ParseSemantics("faultline"), Semantics::kFaultline);
  EXPECT_EQ(ParseSemantics("jepsen").status().message(),
            "unknown semantics 'jepsen'; expected faultline, knossos or porcupine");
  EXPECT_EQ(SemanticsName(Semantics::kKnossos), "knossos");
  EXPECT_EQ(DefaultSemantics("jepsen-edn"), Semantics::kKnossos);
  EXPECT_EQ(DefaultSemantics("jepsen-etcd"), Semantics::kPorcupine);
  EXPECT_EQ(DefaultSemantics("porcupine-kv"), Semantics::kPorcupine);
  EXPECT_EQ(DefaultSemantics("faultline"), Semantics::kFaultline);
  EXPECT_EQ(DefaultSemantics(""), Semantics::kFaultline);
}

// The register holds 1 throughout; a cas 1->2 fails. Porcupine reads the failure as "the
// compare found something other than 1": impossible, so not linearizable. Knossos and
// faultline read it as an op that never happened.
constexpr char kFailedCasOfTheCurrentValue[] =
    "[{:process 0, :type :invoke, :f :write, :value 1}\n"
    " {:process 0, :type :ok, :f :write, :value 1}\n"
    " {:process 1, :type :invoke, :f :cas, :value [1 2]}\n"
    " {:process 1, :type :fail, :f :cas, :value [1 2]}\n"
    " {:process 2, :type :invoke, :f :read, :value nil}\n"
    " {:process 2, :type :ok, :f :read, :value 1}]";

TEST(SemanticsTest, AFailedCasConstrainsOnlyUnderPorcupine) {
  const History h = ReadEdn(kFailedCasOfTheCurrentValue);
  EXPECT_EQ(Check(h, Semantics::kKnossos), Verdict::kLinearizable);
  EXPECT_EQ(Check(h, Semantics::kFaultline), Verdict::kLinearizable);
  EXPECT_EQ(Check(h, Semantics::kPorcupine), Verdict::kNotLinearizable);
}

TEST(SemanticsTest, PorcupineAcceptsAFailedCasThatFoundAnotherValue) {
  // The same with the cas expecting 5: its compare could only fail.
  std::string text = kFailedCasOfTheCurrentValue;
  for (size_t at = text.find("[1 2]"); at != std::string::npos; at = text.find("[1 2]")) {
    text.replace(at, 5, "[5 2]");
  }
  const History h = ReadEdn(text);
  EXPECT_EQ(Check(h, Semantics::kPorcupine), Verdict::kLinearizable);
}

TEST(SemanticsTest, PorcupineMarksFailedCasOpsAndSaysSo) {
  History h = ReadEdn(kFailedCasOfTheCurrentValue);
  ApplySemantics(Semantics::kPorcupine, &h);
  ASSERT_EQ(h.ops.size(), 3u);
  EXPECT_TRUE(h.ops[1].failed_compare);
  EXPECT_EQ(h.ops[1].status, Status::kFail);  // the file's word is kept
  EXPECT_FALSE(h.ops[0].failed_compare);
  ASSERT_EQ(h.notes.size(), 1u);
  EXPECT_NE(h.notes[0].find("1 op failed cas"), std::string::npos) << h.notes[0];
  EXPECT_NE(DescribeOp(h.ops[1]).find("compare failed"), std::string::npos);
}

// A read of nil after a write of 1 completed: a stale read to Porcupine and faultline,
// nothing to Knossos (its cas-register ignores a nil read's value).
constexpr char kNilReadAfterAWrite[] =
    "[{:process 0, :type :invoke, :f :write, :value 1}\n"
    " {:process 0, :type :ok, :f :write, :value 1}\n"
    " {:process 1, :type :invoke, :f :read, :value nil}\n"
    " {:process 1, :type :ok, :f :read, :value nil}]";

TEST(SemanticsTest, ANilReadConstrainsNothingUnderKnossos) {
  const History h = ReadEdn(kNilReadAfterAWrite);
  EXPECT_EQ(Check(h, Semantics::kKnossos), Verdict::kLinearizable);
  EXPECT_EQ(Check(h, Semantics::kFaultline), Verdict::kNotLinearizable);
  EXPECT_EQ(Check(h, Semantics::kPorcupine), Verdict::kNotLinearizable);
  History k = h;
  ApplySemantics(Semantics::kKnossos, &k);
  EXPECT_EQ(k.ops[1].output.kind, Value::Kind::kUnknown);
  ASSERT_EQ(k.notes.size(), 1u);
  EXPECT_NE(k.notes[0].find("1 op read nil"), std::string::npos) << k.notes[0];
}

TEST(SemanticsTest, FaultlineChangesNothing) {
  History h = ReadEdn(kFailedCasOfTheCurrentValue);
  const History before = h;
  ApplySemantics(Semantics::kFaultline, &h);
  EXPECT_TRUE(h.notes.empty());
  ASSERT_EQ(h.ops.size(), before.ops.size());
  for (size_t i = 0; i < h.ops.size(); ++i) {
    EXPECT_EQ(h.ops[i].output, before.ops[i].output);
    EXPECT_FALSE(h.ops[i].failed_compare);
  }
}

TEST(InitialValueSpecTest, AReadOfZeroNeedsInitialZero) {
  // Knossos' cas-register tests start at 0: a first read of 0 and a cas from 0.
  const History h = ReadEdn(
      "[{:process 0, :type :invoke, :f :read, :value nil}\n"
      " {:process 0, :type :ok, :f :read, :value 0}\n"
      " {:process 1, :type :invoke, :f :cas, :value [0 4]}\n"
      " {:process 1, :type :ok, :f :cas, :value [0 4]}]");
  EXPECT_EQ(Check(h, Semantics::kKnossos), Verdict::kNotLinearizable);
  EXPECT_EQ(Check(h, Semantics::kKnossos, Value::Int(0)), Verdict::kLinearizable);
  EXPECT_EQ(Check(h, Semantics::kKnossos, Value::Int(1)), Verdict::kNotLinearizable);
}

TEST(InitialValueSpecTest, AppliesToValueSpecsOnly) {
  EXPECT_TRUE(TakesInitialValue(*FindSpec("register")));
  EXPECT_TRUE(TakesInitialValue(*FindSpec("kv")));
  EXPECT_FALSE(TakesInitialValue(*FindSpec("counter")));
  EXPECT_FALSE(TakesInitialValue(*FindSpec("set")));
  const InitialValueSpec kv(*FindSpec("kv"), Value::Int(7));
  EXPECT_EQ(kv.name(), "kv");
  EXPECT_EQ(kv.DescribeState(kv.Init()), "7");
}

}  // namespace
}  // namespace faultline::checkers
