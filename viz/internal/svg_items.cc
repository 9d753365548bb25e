// The diagram's items other than messages (svg_arrows.cc): fault bands, down/paused spans,
// client op bars, lane marks and cluster notes, each with its hover title; labels go
// through PlaceLabel.
#include <algorithm>
#include <array>
#include <string>

#include "absl/strings/str_cat.h"
#include "base/strings.h"
#include "base/time.h"
#include "viz/internal/svg_renderer.h"
#include "viz/internal/svg_writer.h"
#include "viz/label_text.h"
#include "viz/xml_text.h"

namespace faultline::viz::internal::svg {
namespace {

constexpr int64_t kCharWidth = 60;  // 10 px monospace, in tenths
constexpr int64_t kOpLabelCharsMax = 24;
constexpr int64_t kNoteCharsLong = 100;
constexpr int64_t kNoteCharsShort = 40;
constexpr int64_t kBaselineShift = 35;  // centres 10 px text on a point

// `op`: the op number a client op bar carries as data-op, so a page that embeds the picture
// can link the bar with other views of the same op (failure_view.h); 0: not an op bar.
void AppendRect(std::string* out, std::string_view cls, int64_t x, int64_t y, int64_t w,
                int64_t h, uint64_t op = 0) {
  out->append("<rect");
  AttrText(out, "class", cls);
  Attr(out, "x", x);
  Attr(out, "y", y);
  Attr(out, "width", w);
  Attr(out, "height", h);
  if (op != 0) AttrText(out, "data-op", absl::StrCat(op));
  out->push_back('>');
}

std::string_view OutcomeClass(OpOutcome outcome) {
  switch (outcome) {
    case OpOutcome::kOk:
      return "ok";
    case OpOutcome::kFail:
      return "fail";
    case OpOutcome::kInfo:
      return "info";
    case OpOutcome::kPending:
      return "pend";
  }
  return "pend";
}

}  // namespace

void SvgRenderer::WriteBands(std::string* out) {
  for (const Band& b : d_.bands) {
    const bool partition = b.type == BandType::kPartition;
    // A partition covers the lanes its cut names (half a lane spacing either side), and
    // the lanes between them; other bands, and cuts naming no drawn lane, cover every lane.
    int64_t left = layout_.lanes_left, right = layout_.lanes_right;
    const std::vector<int> cut = CutLanes(d_, b);
    if (!cut.empty()) {
      left = layout_.lane_x[static_cast<size_t>(cut.front())] - kLaneSpacing / 2;
      right = layout_.lane_x[static_cast<size_t>(cut.back())] + kLaneSpacing / 2;
    }
    const int64_t width = right - left;
    const int64_t chars_max = std::max<int64_t>(8, (width - 8 * kPx) / kCharWidth);
    const int64_t y0 = layout_.Y(b.begin);
    const int64_t y1 = std::max(layout_.Y(b.end), y0 + 2 * kPx);
    const std::string title = BandTitle(b);
    AppendRect(out, partition ? "part" : "link", left, y0, width, y1 - y0);
    AppendTitle(out, title);
    out->append("</rect>\n");
    // The cut's name at the band's top left, or lower down when another label is there.
    std::vector<Spot> spots;
    for (int64_t y = y0 + 11 * kPx; spots.empty() || (y < y1 && spots.size() < 6); y += 13 * kPx) {
      spots.push_back({left + 4 * kPx, y, Align::kStart});
    }
    const std::string text =
        ShortenText(absl::StrCat(partition ? "partition " : "link ", b.text), chars_max);
    PlaceLabel(text, partition ? "tpart halo" : "tlink halo", kCharWidth, spots, title);
  }
}

void SvgRenderer::WriteSpans(std::string* out) {
  for (const Span& s : d_.spans) {
    if (!ValidLane(d_, s.lane)) continue;
    const int64_t y0 = layout_.Y(s.begin);
    const int64_t y1 = std::max(layout_.Y(s.end), y0 + 2 * kPx);
    AppendRect(out, s.type == SpanType::kDown ? "down" : "paused",
               layout_.lane_x[static_cast<size_t>(s.lane)] - 6 * kPx, y0, 12 * kPx, y1 - y0);
    AppendTitle(out, SpanTitle(d_, s));
    out->append("</rect>\n");
  }
}

void SvgRenderer::WriteOps(std::string* out) {
  for (const OpBar& op : d_.ops) {
    if (!ValidLane(d_, op.lane)) continue;
    const int64_t x = layout_.lane_x[static_cast<size_t>(op.lane)];
    const int64_t y0 = layout_.Y(op.invoke);
    const int64_t y1 = op.outcome == OpOutcome::kPending
                           ? layout_.lanes_bottom
                           : std::max(layout_.Y(op.complete), y0 + 3 * kPx);
    const std::string title = OpTitle(d_, op);
    const std::string_view cls = OutcomeClass(op.outcome);
    AppendRect(out, cls, x - 5 * kPx, y0, 10 * kPx, y1 - y0, op.op);
    AppendTitle(out, title);
    out->append("</rect>\n");
    if (d_.story) WriteStoryMarks(op, x, y0, y1, out);
    const int64_t base = y0 + 9 * kPx;
    const std::array<Spot, 3> spots = {Spot{x + 8 * kPx, base, Align::kStart},
                                       Spot{x + 8 * kPx, base + 12 * kPx, Align::kStart},
                                       Spot{x - 8 * kPx, base, Align::kEnd}};
    PlaceLabel(ShortenText(OpLabel(op), kOpLabelCharsMax), absl::StrCat("t", Sv(cls), " halo"),
               kCharWidth, {spots.begin(), spots.end()}, title);
  }
}

// The story's marks on one op bar: the failing op outlined, the write it returned outlined
// in dashes with a line from the failing op to it, contradicted writes crossed out.
void SvgRenderer::WriteStoryMarks(const OpBar& op, int64_t x, int64_t y0, int64_t y1,
                                  std::string* out) {
  const StoryMarks& s = *d_.story;
  const auto outline = [&](std::string_view cls, std::string_view title) {
    AppendRect(out, cls, x - 9 * kPx, y0 - 4 * kPx, 18 * kPx, y1 - y0 + 8 * kPx);
    AppendTitle(out, title);
    out->append("</rect>\n");
  };
  if (op.op == s.failing_op) {
    outline(s.Wrong() ? "stk" : "focus",
            absl::StrCat("op ", op.op,
                         s.violation ? ": the op the checker cannot place\n" : ": the last read\n",
                         s.caption));
    for (const OpBar& source : d_.ops) {
      if (source.op != s.source_op || s.source_op == 0 || !ValidLane(d_, source.lane)) continue;
      const int64_t sx = layout_.lane_x[static_cast<size_t>(source.lane)];
      const int64_t sy = source.outcome == OpOutcome::kPending
                             ? layout_.lanes_bottom
                             : std::max(layout_.Y(source.complete), layout_.Y(source.invoke));
      out->append("<path class=\"rline\" d=\"M");
      AppendTenths(out, x);
      out->push_back(',');
      AppendTenths(out, y0);
      out->append("L");
      AppendTenths(out, sx);
      out->push_back(',');
      AppendTenths(out, sy);
      out->append("\">");
      AppendTitle(out, absl::StrCat("op ", op.op, " returned the value op ", source.op, " wrote"));
      out->append("</path>\n");
    }
  }
  if (op.op == s.source_op && s.source_op != 0) {
    outline("src", absl::StrCat("op ", op.op, ": wrote the value op ", s.failing_op, " returned"));
  }
  if (std::find(s.lost_ops.begin(), s.lost_ops.end(), op.op) != s.lost_ops.end()) {
    for (const auto& [a, b] : {std::pair{y0, y1}, std::pair{y1, y0}}) {
      out->append("<line class=\"lostx\"");
      Attr(out, "x1", x - 8 * kPx);
      Attr(out, "y1", a);
      Attr(out, "x2", x + 8 * kPx);
      Attr(out, "y2", b);
      out->push_back('>');
      AppendTitle(out, absl::StrCat("op ", op.op, ": acknowledged, yet op ", s.failing_op,
                                    " did not see it"));
      out->append("</line>\n");
    }
  }
}

void SvgRenderer::WriteClusterNotes(std::string* out) {
  const int64_t chars_max =
      std::max<int64_t>(8, (layout_.lanes_right - layout_.lanes_left - 8 * kPx) / kCharWidth);
  for (const ClusterNote& n : d_.cluster_notes) {
    const int64_t y = layout_.Y(n.at);
    const std::string title = absl::StrCat(FormatDuration(n.at.time), ": ", n.text);
    out->append("<line class=\"cn\"");
    Attr(out, "x1", layout_.lanes_left);
    Attr(out, "y1", y);
    Attr(out, "x2", layout_.lanes_right);
    Attr(out, "y2", y);
    out->push_back('>');
    AppendTitle(out, title);
    out->append("</line>\n");
    const std::array<Spot, 2> spots = {Spot{layout_.lanes_left + 4 * kPx, y - 3 * kPx},
                                       Spot{layout_.lanes_left + 4 * kPx, y + 11 * kPx}};
    PlaceLabel(ShortenText(n.text, chars_max), "tcn halo", kCharWidth, {spots.begin(), spots.end()},
               title);
  }
}

void SvgRenderer::WriteMarks(std::string* out) {
  for (const Mark& m : d_.marks) {
    if (!ValidLane(d_, m.lane)) continue;
    const int64_t x = layout_.lane_x[static_cast<size_t>(m.lane)];
    const int64_t y = layout_.Y(m.at);
    const std::string title = MarkTitle(d_, m);
    out->append("<g>");
    AppendTitle(out, title);
    AppendMarkGlyph(out, m.type, x, y);
    out->append("</g>\n");
    // Starts and timers are frequent and explained by the legend; the rest are named.
    std::string text;
    std::string_view cls;
    switch (m.type) {
      case MarkType::kStart:
      case MarkType::kTimer:
        continue;
      case MarkType::kCrash:
        text = "crash";
        cls = "tcrash halo";
        break;
      case MarkType::kRestart:
        text = "restart";
        cls = "trestart halo";
        break;
      case MarkType::kPause:
        text = "pause";
        cls = "tpause halo";
        break;
      case MarkType::kResume:
        text = "resume";
        cls = "tpause halo";
        break;
      case MarkType::kClock:
        text = m.text.empty() ? "clock" : m.text;
        cls = "tclock halo";
        break;
      case MarkType::kNote:
        text = m.text;
        cls = "tnote halo";
        break;
    }
    if (text.empty()) continue;
    const int64_t base = y + kBaselineShift;
    const std::array<Spot, 4> spots = {Spot{x + 10 * kPx, base, Align::kStart},
                                       Spot{x - 10 * kPx, base, Align::kEnd},
                                       Spot{x + 10 * kPx, base + 12 * kPx, Align::kStart},
                                       Spot{x + 10 * kPx, base - 12 * kPx, Align::kStart}};
    // The whole note when there is room for it (notes explain what a node decided), else
    // its start.
    if (!PlaceLabel(ShortenText(text, kNoteCharsLong), cls, kCharWidth,
                    {spots.begin(), spots.end()}, title)) {
      PlaceLabel(ShortenText(text, kNoteCharsShort), cls, kCharWidth, {spots.begin(), spots.end()},
                 title);
    }
  }
}

}  // namespace faultline::viz::internal::svg
