// The aggregation of compare / sweep runs over seeds, and the fields read from results.json.
#include "cli/batch_report.h"

#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "cli/batch_charts.h"
#include "cli/batch_run.h"

namespace faultline::cli {
namespace {

RunSample Sample(uint64_t seed, const std::string& lin, Nanos read_p50, uint64_t in_ok) {
  RunSample r;
  r.seed = seed;
  r.trace_hash = "00000000000000aa";
  r.verdicts["linearizability"] = lin;
  r.latency_ns["read"] = {read_p50, 2 * read_p50};
  r.ok_latency.Record(read_p50);
  r.in_faults = {10, in_ok};
  r.outside_faults = {90, 90};
  r.messages_sent = 700;
  r.ops_invoked = 100;
  return r;
}

TEST(BatchReportTest, SpreadIsLowerMedianMinMax) {
  const Spread s = SpreadOf({4, 1, 3, 2});
  EXPECT_EQ(s.median, 2);  // the lower middle of an even count: a value a seed had
  EXPECT_EQ(s.low, 1);
  EXPECT_EQ(s.high, 4);
  EXPECT_EQ(s.count, 4);
  EXPECT_EQ(SpreadOf({7}).median, 7);
}

TEST(BatchReportTest, SummarizeCountsVerdictsAndPoolsAvailability) {
  const GroupStats g = Summarize(
      {Sample(1, "valid", 1000, 5), Sample(2, "invalid", 3000, 10), Sample(3, "unknown", 2000, 0)});
  EXPECT_EQ(g.seeds, 3);
  const VerdictCounts& v = g.verdicts.at("linearizability");
  EXPECT_EQ(v.valid, 1);
  EXPECT_EQ(v.invalid, 1);
  EXPECT_EQ(v.unknown, 1);
  EXPECT_EQ(g.p50_ns.at("read").median, 2000);
  EXPECT_EQ(g.p99_ns.at("read").high, 6000);
  EXPECT_EQ(g.in_faults.ops, 30u);
  EXPECT_EQ(g.in_faults.ok, 15u);
  EXPECT_EQ(g.in_faults_ratio->low, 0.0);
  EXPECT_EQ(g.in_faults_ratio->high, 1.0);
  EXPECT_EQ(g.messages_per_op->median, 7.0);
  EXPECT_EQ(g.ok_latency.count(), 3u);
  EXPECT_FALSE(g.stale_read_ratio.has_value());
  EXPECT_TRUE(g.t_visibility.empty());
}

TEST(BatchReportTest, ReadsVerdictsAndStalenessFromResults) {
  const nlohmann::json checkers = nlohmann::json::parse(R"({
    "linearizability": {"valid": false, "verdict": "not linearizable"},
    "lost-writes": {"valid": "unknown", "verdict": "ran out of time"},
    "staleness": {"valid": true, "verdict": "measured", "reads": 10, "stale_reads": 2,
                  "stale_read_ratio": 0.2,
                  "t_visibility": [{"t_ns": 0, "pairs": 4, "fresh": 1, "probability": 0.25},
                                   {"t_ns": 1000000, "pairs": 4, "fresh": 4, "probability": 1}]}
  })");
  RunSample a;
  ReadCheckerFields(checkers, &a);
  EXPECT_EQ(a.verdicts.at("linearizability"), "invalid");
  EXPECT_EQ(a.verdicts.at("lost-writes"), "unknown");
  EXPECT_EQ(a.verdicts.count("staleness"), 0u) << "a measure has no verdict column";
  ASSERT_TRUE(a.stale_read_ratio.has_value());
  EXPECT_DOUBLE_EQ(*a.stale_read_ratio, 0.2);
  RunSample b = a;
  b.stale_read_ratio = 0.4;
  const GroupStats g = Summarize({a, b});
  EXPECT_DOUBLE_EQ(g.stale_read_ratio->median, 0.2);
  ASSERT_EQ(g.t_visibility.size(), 2u);  // pooled by t over both seeds
  EXPECT_EQ(g.t_visibility[0].pairs, 8u);
  EXPECT_EQ(g.t_visibility[0].fresh, 2u);
  // Malformed fields are left out, not guessed.
  RunSample c;
  ReadCheckerFields(nlohmann::json::parse(R"({"staleness": {"stale_read_ratio": "x",
                                                            "t_visibility": 3}})"),
                    &c);
  EXPECT_FALSE(c.stale_read_ratio.has_value());
  EXPECT_TRUE(c.t_visibility.is_null());
  EXPECT_EQ(c.verdicts.at("staleness"), "unknown");
}

TEST(BatchReportTest, TableCsvAndJsonHaveEveryColumn) {
  GroupReport a{"async", {"cluster.params.replication=async"}, {}, {}, {}};
  a.runs = {Sample(1, "invalid", 1000, 10)};
  a.stats = Summarize(a.runs);
  GroupReport b{"with,comma", {"x={a: 1, b: 2}"}, {}, {}, {}};
  b.runs = {Sample(1, "valid", 5000, 1)};
  b.stats = Summarize(b.runs);
  const std::vector<GroupReport> groups = {a, b};
  const ReportColumns cols = ColumnsOf(groups);
  EXPECT_EQ(cols.checkers, std::vector<std::string>{"linearizability"});
  EXPECT_FALSE(cols.staleness);
  const std::string table = FormatReportTable(groups, cols);
  EXPECT_NE(table.find("linearizability v/i/u"), std::string::npos);
  EXPECT_NE(table.find("0/1/0"), std::string::npos);
  EXPECT_NE(table.find("1.0000 (10/10)"), std::string::npos);
  EXPECT_NE(table.find("7.000"), std::string::npos);
  const std::string csv = ReportCsv(groups, cols);
  EXPECT_EQ(csv.substr(0, csv.find('\n')),
            "name,overrides,seeds,linearizability_valid,linearizability_invalid,"
            "linearizability_unknown,read_p50_ns,read_p99_ns,in_faults_ops,in_faults_ok,"
            "in_faults_ratio,outside_faults_ops,outside_faults_ok,outside_faults_ratio,"
            "messages_per_op,stale_read_ratio");
  EXPECT_NE(csv.find("async,cluster.params.replication=async,1,0,1,0,1000,2000,10,10,1.000000,"
                     "90,90,1.000000,7.000,\n"),
            std::string::npos);
  EXPECT_NE(csv.find("\"with,comma\",\"x={a: 1, b: 2}\","), std::string::npos);
  const nlohmann::json j = ReportJson("compare", "s.yaml", {1, 1}, groups, cols);
  EXPECT_EQ(j["groups"][0]["verdicts"]["linearizability"]["invalid"], 1);
  EXPECT_EQ(j["groups"][1]["latency_ns"]["read"]["p50"]["median"], 5000);
  EXPECT_EQ(j["groups"][1]["availability"]["in_faults"]["ratio"], 0.1);
  EXPECT_EQ(j["groups"][0]["runs"][0]["trace_hash"], "00000000000000aa");
}

TEST(BatchReportTest, CheckerMetricsAreSpreadOverSeedsAndGetColumns) {
  const nlohmann::json results = nlohmann::json::parse(R"({
    "ordering": {"valid": false, "metrics": {"requeues_per_message": 1.5,
                                             "latency_p99_ns": 3000000, "note": "text"}},
    "linearizability": {"valid": true}
  })");
  RunSample a = Sample(1, "valid", 1000, 10);
  ReadCheckerFields(results, &a);
  EXPECT_EQ(a.verdicts.at("ordering"), "invalid");
  ASSERT_EQ(a.checker_metrics.at("ordering").size(), 2u) << "only numbers are metrics";
  EXPECT_EQ(a.checker_metrics.count("linearizability"), 0u);
  RunSample b = a;
  b.checker_metrics["ordering"]["requeues_per_message"] = 0.5;
  RunSample c = a;
  c.checker_metrics["ordering"]["requeues_per_message"] = 4;
  c.checker_metrics["ordering"].erase("latency_p99_ns");  // a seed without it
  GroupReport g{"rate=100", {"workload.rate=100/s"}, {{"workload.rate", "100/s"}}, {}, {}};
  g.runs = {a, b, c};
  g.stats = Summarize(g.runs);
  const std::optional<Spread> rq = CheckerMetric(g.stats, "ordering", "requeues_per_message");
  ASSERT_TRUE(rq.has_value());
  EXPECT_EQ(rq->median, 1.5);
  EXPECT_EQ(rq->low, 0.5);
  EXPECT_EQ(rq->high, 4);
  EXPECT_EQ(CheckerMetric(g.stats, "ordering", "latency_p99_ns")->count, 2);
  EXPECT_FALSE(CheckerMetric(g.stats, "ordering", "lost").has_value());
  const ReportColumns cols = ColumnsOf({g});
  ASSERT_EQ(cols.checker_metrics.size(), 2u);
  EXPECT_EQ(cols.checker_metrics[0], (std::pair<std::string, std::string>{"ordering", "latency_p99_ns"}));
  const std::string csv = ReportCsv({g}, cols);
  const std::string head = csv.substr(0, csv.find('\n'));
  EXPECT_EQ(head.substr(head.rfind("stale_read_ratio")),
            "stale_read_ratio,ordering.latency_p99_ns,ordering.requeues_per_message");
  EXPECT_NE(csv.find(",3000000,1.500000\n"), std::string::npos) << csv;
  const nlohmann::json j = ReportJson("sweep", "s.yaml", {1, 3}, {g}, cols);
  EXPECT_EQ(j["groups"][0]["checker_metrics"]["ordering"]["requeues_per_message"]["max"], 4.0);
  // Without checker metrics the report keeps its columns.
  GroupReport plain{"p", {}, {{"workload.rate", "1/s"}}, {Sample(1, "valid", 1, 1)}, {}};
  plain.stats = Summarize(plain.runs);
  EXPECT_TRUE(ColumnsOf({plain}).checker_metrics.empty());
  EXPECT_FALSE(ReportJson("sweep", "s.yaml", {1, 1}, {plain}, ColumnsOf({plain}))["groups"][0]
                   .contains("checker_metrics"));
}

TEST(BatchChartsTest, SweepChartsEachCheckerMetric) {
  auto point = [](const std::string& rate, double requeues, double wasted_ns) {
    RunSample r = Sample(1, "valid", 1000, 10);
    r.checker_metrics["ordering"] = {{"requeues_per_message", requeues},
                                     {"requeue_wasted_ns", wasted_ns}};
    GroupReport g{absl::StrCat("rate=", rate), {}, {{"workload.rate", rate}}, {r}, {}};
    g.stats = Summarize(g.runs);
    return g;
  };
  const std::vector<GroupReport> groups = {point("100", 0.1, 1e6), point("200", 2.5, 4e9)};
  const std::vector<ChartFile> files = SweepCharts(groups, ColumnsOf(groups), "roulette", false);
  auto find = [&](const std::string& name) -> const ChartFile* {
    for (const ChartFile& f : files) {
      if (f.name == name) return &f;
    }
    return nullptr;
  };
  const ChartFile* rq = find("sweep-ordering-requeues_per_message.svg");
  ASSERT_NE(rq, nullptr);
  EXPECT_NE(rq->svg.find("requeues per message"), std::string::npos);
  EXPECT_NE(rq->svg.find("2.5"), std::string::npos);
  const ChartFile* wasted = find("sweep-ordering-requeue_wasted_ns.svg");
  ASSERT_NE(wasted, nullptr);
  EXPECT_NE(wasted->svg.find("requeue wasted"), std::string::npos);
  EXPECT_NE(wasted->svg.find("4s"), std::string::npos) << "a _ns metric is drawn as a duration";
  EXPECT_EQ(find("sweep-ordering-lost.svg"), nullptr);
}

}  // namespace
}  // namespace faultline::cli
