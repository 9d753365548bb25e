#include "viz/chart_svg.h"

#include <gtest/gtest.h>

#include <string>

#include "viz/internal/chart_axis.h"

namespace faultline::viz {
namespace {

size_t Count(const std::string& text, std::string_view what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

LineChart TwoSeries() {
  LineChart c;
  c.title = "p99 vs rate";
  c.x_label = "workload.rate";
  c.y_label = "p99 read";
  c.y_format = ValueFormat::kDurationNs;
  c.series.push_back({"sync", {{100, 2e6, 1.5e6, 3e6}, {200, 4e6, 3e6, 5e6}}, true});
  c.series.push_back({"async", {{100, 1e6, 1e6, 1e6}, {200, 1.5e6, 1e6, 2e6}}, true});
  return c;
}

TEST(ChartSvgTest, LineChartHasFrameTicksSeriesAndLegend) {
  const std::string svg = RenderLineChartSvg(TwoSeries());
  EXPECT_EQ(svg.rfind("<?xml", 0), 0u);
  EXPECT_NE(svg.find("<svg xmlns=\"http://www.w3.org/2000/svg\""), std::string::npos);
  EXPECT_EQ(svg.substr(svg.size() - 7), "</svg>\n");
  EXPECT_EQ(Count(svg, "<g class=\"series\">"), 2u);
  EXPECT_EQ(Count(svg, "<g class=\"legend\">"), 2u);
  EXPECT_EQ(Count(svg, "<polygon"), 2u);                  // one band per series
  EXPECT_EQ(Count(svg, "<circle"), 4u);                   // one marker per point
  EXPECT_NE(svg.find(">5ms</text>"), std::string::npos);  // a y tick, as a duration
  EXPECT_NE(svg.find(">p99 vs rate</text>"), std::string::npos);
  EXPECT_EQ(svg.find("no data"), std::string::npos);
}

TEST(ChartSvgTest, SameInputSameBytes) {
  EXPECT_EQ(RenderLineChartSvg(TwoSeries()), RenderLineChartSvg(TwoSeries()));
  TableChart t{"CAP", {"variant", "ok in faults"}, {{{"a", CellTone::kGood}, {"0.5"}}}, ""};
  EXPECT_EQ(RenderTableSvg(t), RenderTableSvg(t));
}

TEST(ChartSvgTest, EscapesEveryText) {
  LineChart c = TwoSeries();
  c.title = "a<b & \"c\"";
  c.series[0].name = "<script>&";
  c.x_label = "x'";
  const std::string svg = RenderLineChartSvg(c);
  EXPECT_EQ(svg.find("<script>"), std::string::npos);
  EXPECT_NE(svg.find("&lt;script&gt;&amp;"), std::string::npos);
  EXPECT_NE(svg.find("a&lt;b &amp; &quot;c&quot;"), std::string::npos);
  EXPECT_NE(svg.find("x&#39;"), std::string::npos);
  TableChart t{"t&", {"<h>"}, {{{"\xff<"}}}, "n>"};
  const std::string table = RenderTableSvg(t);
  EXPECT_NE(table.find("&lt;h&gt;"), std::string::npos);
  EXPECT_NE(table.find("\xEF\xBF\xBD&lt;"), std::string::npos);  // invalid UTF-8 replaced
  EXPECT_NE(table.find("n&gt;"), std::string::npos);
}

TEST(ChartSvgTest, EmptyChartSaysNoData) {
  LineChart c;
  c.title = "empty";
  c.series.push_back({"nothing", {}, false});
  const std::string svg = RenderLineChartSvg(c);
  EXPECT_NE(svg.find("no data"), std::string::npos);
  EXPECT_EQ(Count(svg, "<g class=\"series\">"), 0u);
  EXPECT_EQ(Count(svg, "<g class=\"legend\">"), 1u);
  LineChart none;
  EXPECT_NE(RenderLineChartSvg(none).find("no data"), std::string::npos);
}

TEST(ChartSvgTest, LogAxisDropsNonPositiveXAndTicksDecades) {
  LineChart c;
  c.log_x = true;
  c.series.push_back({"s", {{0, 1, 1, 1}, {10, 2, 2, 2}, {1000, 3, 3, 3}}, false});
  const std::string svg = RenderLineChartSvg(c);
  EXPECT_EQ(Count(svg, "<circle"), 2u);
  EXPECT_NE(svg.find(">100</text>"), std::string::npos);
  EXPECT_NE(svg.find("(log scale)"), std::string::npos);
}

TEST(ChartSvgTest, CdfIsAStepLineEndingAtOne) {
  const ChartSeries s = CdfSeries("v", {{10, 1}, {20, 3}, {40, 4}}, 4);
  ASSERT_EQ(s.points.size(), 3u);
  EXPECT_DOUBLE_EQ(s.points[0].y, 0.25);
  EXPECT_DOUBLE_EQ(s.points[2].y, 1.0);
  EXPECT_TRUE(CdfSeries("e", {}, 0).points.empty());
  LineChart c;
  c.steps = true;
  c.y_range = {{0.0, 1.0}};
  c.series.push_back(s);
  const std::string svg = RenderLineChartSvg(c);
  EXPECT_NE(svg.find(" H"), std::string::npos);
  EXPECT_EQ(Count(svg, "<circle"), 0u);
}

TEST(ChartSvgTest, TableShortensLongCellsKeepingTheFullTextAsTitle) {
  const std::string long_name(60, 'x');
  TableChart t{"CAP",
               {"variant", "verdict"},
               {{{long_name}, {"invalid 2/2", CellTone::kBad}}, {{"short"}}},
               "note"};
  const std::string svg = RenderTableSvg(t);
  EXPECT_NE(svg.find("<title>" + long_name + "</title>"), std::string::npos);
  EXPECT_NE(svg.find("#f9d9d6"), std::string::npos);  // the bad tone
  EXPECT_EQ(Count(svg, "<rect x="), 6u);              // 3 rows x 2 columns, blanks drawn
}

TEST(ChartSvgTest, TableColumnFitsItsBoldHeader) {
  // 15 bold header characters at 8px, wider than the 11-character cell at 7px.
  TableChart t{"CAP", {"monotonic-reads"}, {{{"invalid 8/8", CellTone::kBad}}}, ""};
  const std::string svg = RenderTableSvg(t);
  EXPECT_NE(svg.find("width=\"136\" height=\"24\""), std::string::npos) << svg;
}

TEST(ChartAxisTest, NiceTicksCoverTheRange) {
  const internal::Axis a = internal::MakeAxis(0, 0.93, false, 5);
  EXPECT_DOUBLE_EQ(a.lo, 0);
  EXPECT_DOUBLE_EQ(a.hi, 1);
  ASSERT_EQ(a.ticks.size(), 6u);
  EXPECT_DOUBLE_EQ(a.ticks[1], 0.2);
  const internal::Axis same = internal::MakeAxis(5, 5, false, 5);
  EXPECT_LT(same.lo, 5);
  EXPECT_GT(same.hi, 5);
  const internal::Axis log = internal::MakeAxis(3, 2000, true, 5);
  EXPECT_DOUBLE_EQ(log.lo, 1);
  EXPECT_DOUBLE_EQ(log.hi, 10000);
  EXPECT_EQ(log.ticks.size(), 5u);
  EXPECT_EQ(internal::PixelTenths(a, 0.5, 100, 200), 2000);
  EXPECT_EQ(internal::PixelTenths(a, 7, 100, 200), 3000);  // clamped to the axis
}

TEST(ChartSvgTest, CategoricalXTicksNameTheValues) {
  LineChart c;
  c.x_categories = {"sync", "async"};
  c.series.push_back({"s", {{0, 1, 1, 1}, {1, 2, 2, 2}}, false});
  const std::string svg = RenderLineChartSvg(c);
  EXPECT_NE(svg.find(">sync</text>"), std::string::npos);
  EXPECT_NE(svg.find(">async</text>"), std::string::npos);
  EXPECT_EQ(Count(svg, "<circle"), 2u);
}

TEST(ChartSvgTest, DenseLinesHaveNoMarkers) {
  LineChart c;
  ChartSeries s{"dense", {}, false};
  for (int i = 0; i < 41; ++i) s.points.push_back({double(i), double(i % 3), 0, 0});
  c.series.push_back(s);
  EXPECT_EQ(Count(RenderLineChartSvg(c), "<circle"), 0u);
  c.series[0].points.pop_back();
  EXPECT_EQ(Count(RenderLineChartSvg(c), "<circle"), 40u);
}

TEST(ChartSvgTest, FormatsValues) {
  EXPECT_EQ(FormatValue(0.25, ValueFormat::kPercent), "25%");
  EXPECT_EQ(FormatValue(2500000, ValueFormat::kDurationNs), "2.5ms");
  EXPECT_EQ(FormatValue(1500, ValueFormat::kNumber), "1500");
}

}  // namespace
}  // namespace faultline::viz
