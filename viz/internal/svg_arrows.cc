// Message arrows: a line from send to delivery in the kind's colour with an arrowhead; a
// lost message ends in a red X (a short stub past the sender when it was lost as it was
// sent, with a faint dotted line on to the lane it was sent to); a duplicate is dashed; a message still in flight is dotted to the bottom edge.
#include <algorithm>
#include <string>

#include "absl/strings/str_cat.h"
#include "viz/internal/svg_renderer.h"
#include "viz/kind_colours.h"
#include "viz/internal/svg_writer.h"
#include "viz/label_text.h"
#include "viz/xml_text.h"

namespace faultline::viz::internal::svg {
namespace {

constexpr int64_t kCharWidth = 60;  // 10 px monospace, in tenths
constexpr int64_t kArrowLabelCharsMax = 32;  // "replicate k3=536 epoch=2 seq=41"
constexpr int64_t kLostStub = 40 * kPx;   // length of the stub of a message lost when sent
constexpr int64_t kCross = 4 * kPx;       // half-size of the X
constexpr int64_t kGlyphBig = 8 * kPx;    // half-size of a crash/restart/pause glyph
constexpr int64_t kGlyphSmall = 5 * kPx;  // ... of a start, timer, note or clock glyph
constexpr int64_t kBaselineShift = 35;    // centres 10 px text on a point

}  // namespace

ArrowPath SvgRenderer::PathOf(const Arrow& a) const {
  ArrowPath p;
  p.colour = KindColourSlot(a.kind);
  p.x1 = layout_.lane_x[static_cast<size_t>(a.from)];
  p.y1 = layout_.Y(a.send);
  p.x2 = layout_.lane_x[static_cast<size_t>(a.to)];
  p.y2 = std::max(p.y1, a.fate == Fate::kInFlight ? layout_.lanes_bottom : layout_.Y(a.end));
  p.lost = a.fate == Fate::kDropped;
  p.self = a.from == a.to;
  // Lost when sent (loss, partition; the arrow ends on the sender's lane): a short stub
  // toward the receiver. Lost at the receiver (node down): the X sits on its lane.
  p.lost_at_send = p.lost && !p.self && a.end_lane == a.from;
  if (p.lost_at_send) {
    const int64_t dx = p.x2 - p.x1;
    const int64_t stub = std::min(kLostStub, std::max<int64_t>(dx, -dx) / 3);
    p.aim_x = p.x2;
    p.x2 = p.x1 + (dx < 0 ? -stub : stub);
    p.y2 = std::max(p.y2, p.y1 + 5 * kPx);
  }
  if (p.self && p.y2 == p.y1) p.y2 = p.y1 + 8 * kPx;
  return p;
}

void SvgRenderer::ReserveGlyphs() {
  for (const Mark& m : d_.marks) {
    if (!ValidLane(d_, m.lane)) continue;
    const int64_t x = layout_.lane_x[static_cast<size_t>(m.lane)];
    const int64_t y = layout_.Y(m.at);
    // Small glyphs (start, timer, note, clock) get small boxes, so the text of a
    // neighbouring lane's note can pass just above or below them.
    const bool big = m.type == MarkType::kCrash || m.type == MarkType::kRestart ||
                     m.type == MarkType::kPause || m.type == MarkType::kResume;
    const int64_t r = big ? kGlyphBig : kGlyphSmall;
    placer_->Claim({x - r, y - r, x + r, y + r});
  }
  for (const Arrow& a : d_.arrows) {
    if (a.fate != Fate::kDropped || !ValidLane(d_, a.from) || !ValidLane(d_, a.to)) continue;
    const ArrowPath p = PathOf(a);
    placer_->Claim({p.x2 - kCross, p.y2 - kCross, p.x2 + kCross, p.y2 + kCross});
  }
}

void SvgRenderer::WriteArrows(std::string* out) {
  for (const Arrow& a : d_.arrows) {
    if (ValidLane(d_, a.from) && ValidLane(d_, a.to)) WriteArrow(a, out);
  }
}

void SvgRenderer::WriteArrow(const Arrow& a, std::string* out) {
  const ArrowPath p = PathOf(a);
  const std::string title = ArrowTitle(d_, a);
  std::string cls = absl::StrCat("m k", p.colour);
  if (a.duplicate) cls.append(" dup");
  if (a.fate == Fate::kInFlight) cls.append(" fly");
  if (p.lost) cls.append(" dr");
  if (p.lost) out->append("<g>");
  if (p.self) {
    // A message to itself: a loop out to the right of the lane.
    const int64_t bulge = p.x1 + 40 * kPx;
    out->append("<path");
    AttrText(out, "class", cls);
    out->append(" d=\"M");
    for (const auto& [x, y] : {std::pair{p.x1, p.y1}, std::pair{bulge, p.y1},
                               std::pair{bulge, p.y2}, std::pair{p.x1, p.y2}}) {
      AppendTenths(out, x);
      out->push_back(',');
      AppendTenths(out, y);
      out->push_back(x == p.x1 && y == p.y1 ? 'C' : ' ');
    }
    out->back() = '"';
  } else {
    out->append("<line");
    AttrText(out, "class", cls);
    Attr(out, "x1", p.x1);
    Attr(out, "y1", p.y1);
    Attr(out, "x2", p.x2);
    Attr(out, "y2", p.y2);
  }
  if (!p.lost) absl::StrAppend(out, " marker-end=\"url(#h", p.colour, ")\"");
  out->push_back('>');
  AppendTitle(out, title);
  out->append(p.self ? "</path>" : "</line>");
  if (p.lost) {
    AppendCross(out, "x", p.x2, p.y2, kCross);
    if (p.lost_at_send) {
      // Several lanes may lie the same way: a faint dotted line says which one it was for.
      out->append("<line class=\"aim\"");
      Attr(out, "x1", p.x2 + (p.aim_x < p.x2 ? -kCross : kCross));
      Attr(out, "y1", p.y2);
      Attr(out, "x2", p.aim_x);
      Attr(out, "y2", p.y2);
      out->append("/>");
    }
    out->append("</g>");
  }
  out->push_back('\n');

  if (!o_.message_labels) return;
  std::string text = a.label.empty() ? a.kind : a.label;
  if (a.duplicate) text = absl::StrCat("dup ", text);
  text = ShortenText(text, kArrowLabelCharsMax);
  const std::string text_cls = absl::StrCat("tk", p.colour, " halo");
  if (!p.lost_at_send && !p.self) {
    PlaceAlong(text, text_cls, p, title);
    return;
  }
  // Beside the X of a stub (or the loop), on the far side from the sender; a stub's label
  // sits just above or below its dotted line.
  const bool left = p.x2 < p.x1;
  const int64_t x = p.self ? p.x1 + 44 * kPx : p.x2 + (left ? -7 : 7) * kPx;
  const Align align = left ? Align::kEnd : Align::kStart;
  const int64_t y = p.self ? p.y2 + kBaselineShift : p.y2 - 2 * kPx;
  const Spot spots[] = {Spot{x, y, align}, Spot{x, y + 11 * kPx, align}};
  PlaceLabel(text, text_cls, kCharWidth, spots, title);
}

}  // namespace faultline::viz::internal::svg
