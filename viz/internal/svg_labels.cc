// Labels placed without overlap, and the hover titles of every item.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/strings.h"
#include "base/time.h"
#include "viz/internal/svg_renderer.h"
#include "viz/internal/svg_writer.h"
#include "viz/xml_text.h"

namespace faultline::viz::internal::svg {
namespace {

constexpr int64_t kAscent = 9 * kPx;  // of 10-11 px text above its baseline
constexpr int64_t kDescent = 3 * kPx;
constexpr int64_t kPad = 1 * kPx;
constexpr int64_t kLift = 3 * kPx;       // a label along an arrow sits this far above the line
constexpr int64_t kCharWidthSmall = 60;  // 10 px monospace, in tenths
constexpr int64_t kSteepSin = 707;       // sin(45 degrees) in thousandths

// Appends thousandths as a decimal: 966 -> "0.966", -1000 -> "-1", 50 -> "0.05".
void AppendThousandths(std::string* out, int64_t v) {
  if (v < 0) out->push_back('-');
  const int64_t m = v < 0 ? -v : v;
  absl::StrAppend(out, m / 1000);
  int64_t frac = m % 1000;
  if (frac == 0) return;
  int digits = 3;
  while (frac % 10 == 0) {
    frac /= 10;
    --digits;
  }
  std::string f = absl::StrCat(frac);
  out->push_back('.');
  out->append(static_cast<size_t>(digits) - f.size(), '0');
  out->append(f);
}

Box TextBox(const Spot& spot, int64_t chars, int64_t char_width) {
  const int64_t w = chars * char_width;
  int64_t x0 = spot.x;
  if (spot.align == Align::kMiddle) x0 -= w / 2;
  if (spot.align == Align::kEnd) x0 -= w;
  return {x0 - kPad, spot.y - kAscent, x0 + w + kPad, spot.y + kDescent};
}

std::string At(int64_t ns) { return FormatDuration(ns); }

std::string LaneName(const Diagram& d, int lane) {
  if (lane < 0 || static_cast<size_t>(lane) >= d.lanes.size()) return "?";
  return d.lanes[static_cast<size_t>(lane)].name;
}


bool Shown(const std::string& json) { return !json.empty() && json != "null"; }

}  // namespace

bool SvgRenderer::PlaceLabel(std::string_view text, std::string_view cls, int64_t char_width,
                             std::span<const Spot> spots, std::string_view title) {
  if (text.empty()) return false;
  const int64_t chars = Utf8Length(text);
  for (Spot spot : spots) {
    Box box = TextBox(spot, chars, char_width);
    // Keep the text inside the picture.
    const int64_t shift = box.x0 < 2 * kPx                   ? 2 * kPx - box.x0
                          : box.x1 > layout_.width - 2 * kPx ? layout_.width - 2 * kPx - box.x1
                                                             : 0;
    spot.x += shift;
    box.x0 += shift;
    box.x1 += shift;
    if (!placer_->TryClaim(box)) continue;
    labels_.append("<text");
    AttrText(&labels_, "class",
             spot.align == Align::kMiddle ? absl::StrCat(Sv(cls), " mid")
             : spot.align == Align::kEnd  ? absl::StrCat(Sv(cls), " end")
                                          : std::string(cls));
    Attr(&labels_, "x", spot.x);
    Attr(&labels_, "y", spot.y);
    labels_.push_back('>');
    AppendTitle(&labels_, title);
    AppendXmlEscaped(&labels_, text);
    labels_.append("</text>\n");
    return true;
  }
  return false;
}

bool SvgRenderer::PlaceAlong(std::string_view text, std::string_view cls, const ArrowPath& path,
                             std::string_view title) {
  if (text.empty()) return false;
  // The direction to read in: left to right, whichever way the message goes.
  int64_t dx = path.x2 - path.x1;
  int64_t dy = path.y2 - path.y1;
  if (dx < 0) {
    dx = -dx;
    dy = -dy;
  }
  // cos and sin of the slope in thousandths. sqrt and division are exactly rounded in
  // IEEE 754, so these integers are the same on every machine.
  const double length = std::sqrt(static_cast<double>(dx) * static_cast<double>(dx) +
                                  static_cast<double>(dy) * static_cast<double>(dy));
  if (length < 1) return false;
  const int64_t c = std::llround(static_cast<double>(dx) * 1000 / length);
  const int64_t s = std::llround(static_cast<double>(dy) * 1000 / length);
  static constexpr std::pair<int64_t, int64_t> kFractions[] = {
      {1, 2}, {2, 5}, {3, 5}, {1, 4}, {3, 4}};
  if (s > kSteepSin || s < -kSteepSin) {
    // Steeper than 45 degrees, slanted text is hard to read: write it level, beside
    // the line on the side the line leans away from (right of a line going down-right).
    const bool down_right = (path.x2 - path.x1) * (path.y2 - path.y1) >= 0;
    Spot spots[std::size(kFractions)];
    for (size_t i = 0; i < std::size(kFractions); ++i) {
      const auto [num, den] = kFractions[i];
      spots[i] = {path.x1 + (path.x2 - path.x1) * num / den + (down_right ? 5 : -5) * kPx,
                  path.y1 + (path.y2 - path.y1) * num / den + 35,
                  down_right ? Align::kStart : Align::kEnd};
    }
    return PlaceLabel(text, cls, kCharWidthSmall, spots, title);
  }
  const int64_t w = Utf8Length(text) * kCharWidthSmall;
  // The rotated text, in its own frame: x in [-w/2, w/2] around the anchor, y from the
  // top of the letters to a little under the line. Claimed as a row of small boxes
  // (one per chunk along the text), so a slanted label does not claim a big rectangle.
  constexpr int64_t kTop = -kAscent - kLift;
  constexpr int64_t kBottom = 0;
  constexpr int64_t kChunk = 12 * kPx;
  std::vector<Box> boxes;
  for (const auto& [num, den] : kFractions) {
    const int64_t ax = path.x1 + (path.x2 - path.x1) * num / den;
    const int64_t ay = path.y1 + (path.y2 - path.y1) * num / den;
    const auto at = [&](int64_t lx, int64_t ly) {
      return std::pair{ax + (lx * c - ly * s) / 1000, ay + (lx * s + ly * c) / 1000};
    };
    boxes.clear();
    for (int64_t x0 = -w / 2 - kPad; x0 < w / 2 + kPad; x0 += kChunk) {
      const int64_t x1 = std::min(x0 + kChunk, w / 2 + kPad);
      Box b{INT64_MAX, INT64_MAX, INT64_MIN, INT64_MIN};
      for (const auto& [lx, ly] : {std::pair{x0, kTop}, std::pair{x1, kTop}, std::pair{x0, kBottom},
                                   std::pair{x1, kBottom}}) {
        const auto [px, py] = at(lx, ly);
        b = {std::min(b.x0, px), std::min(b.y0, py), std::max(b.x1, px), std::max(b.y1, py)};
      }
      boxes.push_back(b);
    }
    const Box& first = boxes.front();
    const Box& last = boxes.back();
    if (std::min(first.x0, last.x0) < 0 || std::max(first.x1, last.x1) > layout_.width) continue;
    if (!placer_->TryClaimAll(boxes)) continue;
    labels_.append("<text");
    AttrText(&labels_, "class", absl::StrCat(Sv(cls), " mid"));
    labels_.append(" transform=\"matrix(");
    for (const int64_t v : {c, s, -s, c}) {
      AppendThousandths(&labels_, v);
      labels_.push_back(' ');
    }
    AppendTenths(&labels_, ax);
    labels_.push_back(' ');
    AppendTenths(&labels_, ay);
    labels_.append(")\"");
    Attr(&labels_, "y", -kLift);
    labels_.push_back('>');
    AppendTitle(&labels_, title);
    AppendXmlEscaped(&labels_, text);
    labels_.append("</text>\n");
    return true;
  }
  return false;
}

void SvgRenderer::ReserveText(int64_t x, int64_t y, Align align, int64_t chars,
                              int64_t char_width) {
  placer_->Claim(TextBox({x, y, align}, chars, char_width));
}

const char* MarkName(MarkType type) {
  switch (type) {
    case MarkType::kStart:
      return "start";
    case MarkType::kCrash:
      return "crash";
    case MarkType::kRestart:
      return "restart";
    case MarkType::kPause:
      return "pause";
    case MarkType::kResume:
      return "resume";
    case MarkType::kTimer:
      return "timer";
    case MarkType::kClock:
      return "clock change";
    case MarkType::kNote:
      return "note";
  }
  return "note";
}

std::string ArrowTitle(const Diagram& d, const Arrow& a) {
  std::string title = a.title;
  if (title.empty()) {
    title = absl::StrCat("msg ", a.msg, " ", a.kind, " ", LaneName(d, a.from), " -> ",
                         LaneName(d, a.to), a.duplicate ? " (duplicate)" : "", "\nsent at ",
                         At(a.send.time));
    switch (a.fate) {
      case Fate::kDelivered:
        absl::StrAppend(&title, "\ndelivered at ", At(a.end.time), " (after ",
                        At(a.end.time - a.send.time), ")");
        break;
      case Fate::kDropped:
        absl::StrAppend(&title, "\nlost at ", At(a.end.time), ": ",
                        a.drop_reason.empty() ? "unknown reason" : a.drop_reason);
        break;
      case Fate::kInFlight:
        absl::StrAppend(&title, "\nstill in flight at ", At(a.end.time));
        break;
    }
    return title;
  }
  // The builder's title; make sure the facts the picture only hints at are in it.
  if (a.fate == Fate::kDropped && !a.drop_reason.empty() &&
      title.find(a.drop_reason) == std::string::npos) {
    absl::StrAppend(&title, "\nlost: ", a.drop_reason);
  }
  if (a.duplicate && title.find("duplicate") == std::string::npos) {
    title.append("\nduplicate (the network's second copy)");
  }
  return title;
}

std::string OpLabel(const OpBar& op) {
  if (!op.label.empty()) return op.label;
  std::string label = absl::StrCat("op ", op.op, " ", op.f);
  if (!op.key.empty()) absl::StrAppend(&label, " ", op.key);
  if (Shown(op.value)) absl::StrAppend(&label, " ", op.value);
  absl::StrAppend(&label, " -> ", Sv(OpOutcomeName(op.outcome)));
  if (op.outcome == OpOutcome::kOk && Shown(op.result) && op.result != op.value) {
    absl::StrAppend(&label, " ", op.result);
  }
  return label;
}

std::string OpTitle(const Diagram& d, const OpBar& op) {
  // As the checker names an op: "op 772 (c2, process 1)".
  std::string title = absl::StrCat(OpLabel(op), "\nop ", op.op, " (", LaneName(d, op.lane),
                                   ", process ", op.process, ") ", op.f);
  if (!op.key.empty()) absl::StrAppend(&title, " key ", op.key);
  if (!op.value.empty()) absl::StrAppend(&title, " value ", op.value);
  absl::StrAppend(&title, "\ninvoked at ", At(op.invoke.time));
  if (op.outcome == OpOutcome::kPending) {
    absl::StrAppend(&title, "\npending: no completion by ", At(op.complete.time));
  } else {
    absl::StrAppend(&title, "\n", Sv(OpOutcomeName(op.outcome)), " at ", At(op.complete.time),
                    " (took ", At(op.complete.time - op.invoke.time), ")");
    if (!op.result.empty()) absl::StrAppend(&title, ", result ", op.result);
  }
  if (op.outcome == OpOutcome::kInfo) title.append("\ninfo: the outcome is unknown");
  return title;
}

std::string MarkTitle(const Diagram& d, const Mark& m) {
  std::string title =
      absl::StrCat(LaneName(d, m.lane), " ", MarkName(m.type), " at ", At(m.at.time));
  if (!m.text.empty()) absl::StrAppend(&title, ": ", m.text);
  return title;
}

std::string SpanTitle(const Diagram& d, const Span& s) {
  return absl::StrCat(LaneName(d, s.lane), s.type == SpanType::kDown ? " down" : " paused",
                      " from ", At(s.begin.time), " to ", At(s.end.time), " (",
                      At(s.end.time - s.begin.time), ")");
}

std::string BandTitle(const Band& b) {
  return absl::StrCat(b.type == BandType::kPartition ? "partition " : "link fault ", b.text,
                      "\nfrom ", At(b.begin.time), " to ", At(b.end.time), " (",
                      At(b.end.time - b.begin.time), ")");
}

}  // namespace faultline::viz::internal::svg
