// Line charts and CDFs (RenderLineChartSvg, CdfSeries) and value formats. Tables are in
// chart_table_svg.cc; axes and ticks in internal/chart_axis.cc.
#include "viz/chart_svg.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "viz/internal/chart_axis.h"
#include "viz/internal/chart_style.h"
#include "viz/label_text.h"
#include "viz/xml_text.h"

namespace faultline::viz {
namespace {

using internal::Axis;

// Layout in pixels: the plot area, with room for tick labels left and below, and the
// legend to the right.
constexpr int kPlotLeft = 84;
constexpr int kPlotTop = 44;
constexpr int kPlotWidth = 560;
constexpr int kPlotHeight = 320;
constexpr int kLegendWidth = 230;
constexpr int kWidth = kPlotLeft + kPlotWidth + 20 + kLegendWidth;
constexpr int kLegendNameChars = 30;
constexpr size_t kMaxMarkedPoints = 40;

bool Usable(const LineChart& c, const ChartPoint& p) {
  const bool finite =
      std::isfinite(p.x) && std::isfinite(p.y) && std::isfinite(p.y_low) && std::isfinite(p.y_high);
  return finite && (!c.log_x || !c.x_categories.empty() || p.x > 0);
}

struct Ranges {
  bool any = false;
  double x_lo = std::numeric_limits<double>::max();
  double x_hi = std::numeric_limits<double>::lowest();
  double y_lo = 0;  // y always includes 0: a bar of latencies starting at 1.9ms misleads
  double y_hi = 0;
};

Ranges DataRanges(const LineChart& c) {
  Ranges r;
  for (const ChartSeries& s : c.series) {
    for (const ChartPoint& p : s.points) {
      if (!Usable(c, p)) continue;
      r.any = true;
      r.x_lo = std::min(r.x_lo, p.x);
      r.x_hi = std::max(r.x_hi, p.x);
      r.y_lo = std::min({r.y_lo, p.y, s.band ? p.y_low : p.y});
      r.y_hi = std::max({r.y_hi, p.y, s.band ? p.y_high : p.y});
    }
  }
  return r;
}

void AppendAttr(std::string* out, const char* name, int64_t tenths) {
  absl::StrAppend(out, " ", name, "=\"");
  AppendTenths(out, tenths);
  out->push_back('"');
}

void AppendText(std::string* out, int64_t x_tenths, int64_t y_tenths, const char* anchor,
                std::string_view text, const char* extra = "") {
  absl::StrAppend(out, "<text");
  AppendAttr(out, "x", x_tenths);
  AppendAttr(out, "y", y_tenths);
  absl::StrAppend(out, " text-anchor=\"", anchor, "\"", extra, ">");
  AppendXmlEscaped(out, text);
  absl::StrAppend(out, "</text>\n");
}

void DrawAxes(std::string* out, const LineChart& c, const Axis& x, const Axis& y) {
  const int64_t left = kPlotLeft * 10;
  const int64_t right = (kPlotLeft + kPlotWidth) * 10;
  const int64_t top = kPlotTop * 10;
  const int64_t bottom = (kPlotTop + kPlotHeight) * 10;
  for (double t : x.ticks) {
    const int64_t px = internal::PixelTenths(x, t, kPlotLeft, kPlotWidth);
    absl::StrAppend(out, "<line class=\"grid\"");
    AppendAttr(out, "x1", px);
    AppendAttr(out, "y1", top);
    AppendAttr(out, "x2", px);
    AppendAttr(out, "y2", bottom);
    absl::StrAppend(out, "/>\n");
    std::string label = FormatValue(t, c.x_format);
    if (!c.x_categories.empty()) {
      const auto i = static_cast<size_t>(std::llround(t));
      label = i < c.x_categories.size() ? ShortenText(c.x_categories[i], 16) : "";
    }
    AppendText(out, px, bottom + 160, "middle", label);
  }
  for (double t : y.ticks) {
    const int64_t py = internal::PixelTenths(y, t, kPlotTop + kPlotHeight, -kPlotHeight);
    absl::StrAppend(out, "<line class=\"grid\"");
    AppendAttr(out, "x1", left);
    AppendAttr(out, "y1", py);
    AppendAttr(out, "x2", right);
    AppendAttr(out, "y2", py);
    absl::StrAppend(out, "/>\n");
    AppendText(out, left - 60, py + 40, "end", FormatValue(t, c.y_format));
  }
  absl::StrAppend(out, "<rect class=\"frame\"");
  AppendAttr(out, "x", left);
  AppendAttr(out, "y", top);
  AppendAttr(out, "width", right - left);
  AppendAttr(out, "height", bottom - top);
  absl::StrAppend(out, "/>\n");
  AppendText(out, (left + right) / 2, bottom + 360, "middle",
             c.log_x ? absl::StrCat(c.x_label, " (log scale)") : c.x_label);
  const int64_t mid_y = (top + bottom) / 2;
  absl::StrAppend(out, "<text x=\"18\"");
  AppendAttr(out, "y", mid_y);
  absl::StrAppend(out, " text-anchor=\"middle\" transform=\"rotate(-90 18 ");
  AppendTenths(out, mid_y);
  absl::StrAppend(out, ")\">");
  AppendXmlEscaped(out, c.y_label);
  absl::StrAppend(out, "</text>\n");
}

struct Pixel {
  int64_t x = 0;
  int64_t y = 0;
};

void AppendPoint(std::string* out, const Pixel& p) {
  AppendTenths(out, p.x);
  out->push_back(',');
  AppendTenths(out, p.y);
}

void DrawSeries(std::string* out, const LineChart& c, const ChartSeries& s, size_t index,
                const Axis& x, const Axis& y) {
  auto pixel = [&](double vx, double vy) {
    return Pixel{internal::PixelTenths(x, vx, kPlotLeft, kPlotWidth),
                 internal::PixelTenths(y, vy, kPlotTop + kPlotHeight, -kPlotHeight)};
  };
  std::vector<const ChartPoint*> points;
  for (const ChartPoint& p : s.points) {
    if (Usable(c, p)) points.push_back(&p);
  }
  if (points.empty()) return;
  const internal::SeriesStyle style = internal::StyleFor(index);
  absl::StrAppend(out, "<g class=\"series\"><title>");
  AppendXmlEscaped(out, s.name);
  absl::StrAppend(out, "</title>\n");
  if (s.band && points.size() > 1) {
    absl::StrAppend(out, "<polygon fill=\"", style.colour, "\" fill-opacity=\"0.15\" points=\"");
    for (const ChartPoint* p : points) {
      AppendPoint(out, pixel(p->x, p->y_low));
      out->push_back(' ');
    }
    for (auto it = points.rbegin(); it != points.rend(); ++it) {
      AppendPoint(out, pixel((*it)->x, (*it)->y_high));
      if (std::next(it) != points.rend()) out->push_back(' ');
    }
    absl::StrAppend(out, "\"/>\n");
  }
  absl::StrAppend(out, "<path fill=\"none\" stroke=\"", style.colour, "\" stroke-width=\"2\"",
                  style.dash, " d=\"");
  for (size_t i = 0; i < points.size(); ++i) {
    const Pixel p = pixel(points[i]->x, points[i]->y);
    if (i == 0) {
      // A CDF starts from 0 at its first value.
      const Pixel start = c.steps ? pixel(points[i]->x, y.lo < 0 ? 0 : y.lo) : p;
      absl::StrAppend(out, "M");
      AppendPoint(out, start);
      if (c.steps) {
        absl::StrAppend(out, " V");
        AppendTenths(out, p.y);
      }
    } else if (c.steps) {
      absl::StrAppend(out, " H");
      AppendTenths(out, p.x);
      absl::StrAppend(out, " V");
      AppendTenths(out, p.y);
    } else {
      absl::StrAppend(out, " L");
      AppendPoint(out, p);
    }
  }
  absl::StrAppend(out, "\"/>\n");
  // Markers show where the measurements are; on a dense curve they would hide it.
  if (!c.steps && points.size() <= kMaxMarkedPoints) {
    for (const ChartPoint* p : points) {
      const Pixel px = pixel(p->x, p->y);
      absl::StrAppend(out, "<circle r=\"3\" fill=\"", style.colour, "\"");
      AppendAttr(out, "cx", px.x);
      AppendAttr(out, "cy", px.y);
      absl::StrAppend(out, "><title>");
      AppendXmlEscaped(out, absl::StrCat(s.name, ": ", FormatValue(p->x, c.x_format), " -> ",
                                         FormatValue(p->y, c.y_format)));
      absl::StrAppend(out, "</title></circle>\n");
    }
  }
  absl::StrAppend(out, "</g>\n");
}

void DrawLegend(std::string* out, const LineChart& c) {
  const int x0 = kPlotLeft + kPlotWidth + 20;
  for (size_t i = 0; i < c.series.size(); ++i) {
    const internal::SeriesStyle style = internal::StyleFor(i);
    const int64_t y = (kPlotTop + 10 + static_cast<int>(i) * 20) * 10;
    absl::StrAppend(out, "<g class=\"legend\"><title>");
    AppendXmlEscaped(out, c.series[i].name);
    absl::StrAppend(out, "</title><line stroke=\"", style.colour, "\" stroke-width=\"2\"",
                    style.dash);
    AppendAttr(out, "x1", x0 * 10);
    AppendAttr(out, "y1", y);
    AppendAttr(out, "x2", (x0 + 24) * 10);
    AppendAttr(out, "y2", y);
    absl::StrAppend(out, "/>");
    AppendText(out, (x0 + 30) * 10, y + 40, "start",
               ShortenText(c.series[i].name, kLegendNameChars));
    absl::StrAppend(out, "</g>\n");
  }
}

}  // namespace

std::string FormatValue(double v, ValueFormat format) {
  if (!std::isfinite(v)) return "-";
  switch (format) {
    case ValueFormat::kNumber:
      return absl::StrFormat("%.4g", v);
    case ValueFormat::kDurationNs:
      return ShortTime(std::llround(v));
    case ValueFormat::kPercent:
      return absl::StrFormat("%.4g%%", v * 100);
  }
  return absl::StrFormat("%.4g", v);
}

ChartSeries CdfSeries(std::string name, const std::vector<std::pair<int64_t, uint64_t>>& cumulative,
                      uint64_t total) {
  ChartSeries s;
  s.name = std::move(name);
  if (total == 0) return s;
  for (const auto& [value, seen] : cumulative) {
    const double y = static_cast<double>(seen) / static_cast<double>(total);
    s.points.push_back({static_cast<double>(value), y, y, y});
  }
  return s;
}

std::string RenderLineChartSvg(const LineChart& c) {
  const int legend_height = kPlotTop + 20 + static_cast<int>(c.series.size()) * 20;
  const int height = std::max(kPlotTop + kPlotHeight + 50, legend_height);
  std::string out = internal::SvgHeader(kWidth, height);
  AppendText(&out, kPlotLeft * 10, 240, "start", c.title, " class=\"title\"");
  const Ranges r = DataRanges(c);
  Axis x = internal::MakeAxis(r.any ? r.x_lo : (c.log_x ? 1 : 0), r.any ? r.x_hi : 1, c.log_x, 6);
  if (!c.x_categories.empty()) {
    x = internal::FixedAxis(-0.5, static_cast<double>(c.x_categories.size()) - 0.5, 1);
    x.ticks.clear();
    for (size_t i = 0; i < c.x_categories.size(); ++i) x.ticks.push_back(static_cast<double>(i));
  }
  Axis y = c.y_range ? internal::FixedAxis(c.y_range->first, c.y_range->second, 5)
                     : internal::MakeAxis(r.y_lo, r.any ? r.y_hi : 1, false, 5);
  DrawAxes(&out, c, x, y);
  if (!r.any) {
    AppendText(&out, (kPlotLeft + kPlotWidth / 2) * 10, (kPlotTop + kPlotHeight / 2) * 10, "middle",
               "no data", " class=\"empty\"");
  }
  for (size_t i = 0; i < c.series.size(); ++i) DrawSeries(&out, c, c.series[i], i, x, y);
  DrawLegend(&out, c);
  absl::StrAppend(&out, "</svg>\n");
  return out;
}

}  // namespace faultline::viz
