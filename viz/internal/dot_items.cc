// DotWriter's lane items and edges (see dot_writer.h).
#include <algorithm>
#include <map>
#include <utility>

#include "absl/strings/str_cat.h"
#include "base/strings.h"
#include "viz/dot.h"
#include "viz/internal/dot_style.h"
#include "viz/internal/dot_writer.h"
#include "viz/internal/label_placer.h"
#include "viz/kind_colours.h"
#include "viz/label_text.h"

namespace faultline::viz::internal::dot {
namespace {

std::string OpTitle(const OpBar& op) {
  return absl::StrCat("op ", op.op, " (process ", op.process, ") ", op.f, " ", op.key, " ",
                      op.value, " -> ", StyleOf(op.outcome).name, op.result.empty() ? "" : " ",
                      op.result, "\ninvoked ", TimeText(op.invoke), "\n",
                      op.outcome == OpOutcome::kPending ? "still pending at " : "completed ",
                      TimeText(op.complete));
}

}  // namespace

// The nodes edges start and end at: a dot per (lane, row) a message leaves or reaches, an
// invisible point per end of an op bar or lane segment, and an X per dropped message.
void DotWriter::Points() {
  std::map<std::pair<int, int64_t>, std::string> dots;  // sorted: a deterministic order
  const auto dot = [&](int lane, const At& at) {
    auto [it, inserted] = dots.try_emplace({lane, at.row});
    if (!inserted) return;
    it->second = absl::StrCat("  ", PointId("p", lane, at),
                              " [shape=point, width=0.05, color=\"#333333\", tooltip=",
                              DotQuote(absl::StrCat(LaneName(lane), " at ", TimeText(at))), ", ",
                              Pos(P(lane, at)), "];\n");
  };
  for (const Arrow& a : d_.arrows) {
    dot(a.from, a.send);
    if (a.fate != Fate::kDropped) dot(a.to, a.end);
  }
  for (const auto& [key, line] : dots) out_ += line;
  std::map<std::pair<int, int64_t>, std::string> ends;
  const auto end = [&](int lane, const At& at) {
    auto [it, inserted] = ends.try_emplace({lane, at.row});
    if (!inserted) return;
    it->second = absl::StrCat("  ", PointId("q", lane, at),
                              " [shape=point, style=invis, width=0.01, ", Pos(P(lane, at)), "];\n");
  };
  for (const Span& s : d_.spans) end(s.lane, s.begin), end(s.lane, s.end);
  for (const OpBar& op : d_.ops) end(op.lane, op.invoke), end(op.lane, op.complete);
  for (const auto& [key, line] : ends) out_ += line;
  for (size_t k = 0; k < d_.arrows.size(); ++k) {
    const Arrow& a = d_.arrows[k];
    if (a.fate != Fate::kDropped) continue;
    absl::StrAppend(&out_, "  x", k, " [shape=plaintext, label=\"×\", fontsize=16, ",
                    "fontcolor=\"", kLostColour, "\", width=0.15, height=0.15, margin=0, tooltip=",
                    Tooltip(a.title), ", ", Pos(DropPoint(a)), "];\n");
  }
}

// Where a dropped message's X goes: on the lane the arrow ends at (the receiver's, for a
// drop at delivery), or for a loss at send time part of the way towards the receiver.
Point DotWriter::DropPoint(const Arrow& a) const {
  if (a.end_lane == a.from && a.from != a.to) {
    const int64_t from_x = LaneX(a.from), to_x = LaneX(a.to);
    return {from_x + (to_x - from_x) * kLostAtSendPercent / 100, Y(a.end)};
  }
  return P(a.end_lane, a.end);
}

// Crash, restart, pause, resume, timer, clock and note marks: a small shape on the lane
// and a one-line label to its right.
void DotWriter::Marks() {
  for (size_t k = 0; k < d_.marks.size(); ++k) {
    const Mark& m = d_.marks[k];
    const MarkStyle& style = StyleOf(m.type);
    const bool prefixed = m.type == MarkType::kTimer || m.type == MarkType::kClock;
    const std::string label = OneLine(m.text.empty() ? style.name
                                      : prefixed     ? absl::StrCat(style.name, " ", m.text)
                                                     : m.text);
    const std::string tip =
        Tooltip(absl::StrCat(LaneName(m.lane), " ", style.name, m.text.empty() ? "" : ": ", m.text,
                             "\nat ", TimeText(m.at)));
    const Point p = P(m.lane, m.at);
    absl::StrAppend(&out_, "  mark", k, " [shape=", style.shape, ", label=\"\", width=0.08, ",
                    "height=0.08, fixedsize=true, style=filled, color=\"", style.colour,
                    "\", fillcolor=\"", style.hollow ? "white" : style.colour, "\", tooltip=", tip,
                    ", ", Pos(p), "];\n");
    const Point centre{p.x + 8 + TextWidthPt(label, kSmallFontPt) / 2, p.y};
    taken_.push_back(LabelRect(centre, TextWidthPt(label, kSmallFontPt), kSmallLinePt));
    absl::StrAppend(&out_, "  marklabel", k, " [shape=plaintext, fontsize=8, fontcolor=\"",
                    style.colour, "\", label=", DotQuote(label), ", tooltip=", tip, ", ",
                    Pos(centre), "];\n");
  }
}

// Each op's label, beside the top of its bar.
void DotWriter::OpLabels() {
  for (size_t k = 0; k < d_.ops.size(); ++k) {
    const OpBar& op = d_.ops[k];
    const std::string label = OneLine(op.label);
    const Point p = P(op.lane, op.invoke);
    const Point centre{p.x + 9 + TextWidthPt(label, kSmallFontPt) / 2, p.y - 6};
    taken_.push_back(LabelRect(centre, TextWidthPt(label, kSmallFontPt), kSmallLinePt));
    absl::StrAppend(&out_, "  oplabel", k, " [shape=plaintext, fontsize=8, fontcolor=\"",
                    StyleOf(op.outcome).text, "\", label=", DotQuote(label),
                    ", tooltip=", Tooltip(OpTitle(op)), ", ", Pos(centre), "];\n");
  }
}

void DotWriter::Edge(const std::string& from_id, const std::string& to_id, Point from, Point to,
                     bool arrowhead, const std::string& attributes) {
  absl::StrAppend(&out_, "  ", from_id, " -> ", to_id, " [pos=\"", EdgePos(from, to, arrowhead),
                  "\"", arrowhead ? "" : ", arrowhead=none", attributes, "];\n");
}

void DotWriter::LaneEdges() {
  for (size_t i = 0; i < d_.lanes.size(); ++i) {
    Edge(absl::StrCat("head", i), absl::StrCat("foot", i), {lane_x_[i], kHeadY - kHeadHalfPt},
         {lane_x_[i], foot_y_}, false, ", color=\"#9a9a9a\", penwidth=1.2");
  }
}

// Down (crashed) and paused intervals: a thick red or grey segment over the lane.
void DotWriter::SpanEdges() {
  for (const Span& s : d_.spans) {
    const bool down = s.type == SpanType::kDown;
    if (Y(s.begin) == Y(s.end)) continue;
    const std::string tip = absl::StrCat(LaneName(s.lane), down ? " down (crashed)" : " paused",
                                         "\nfrom ", TimeText(s.begin), "\nto ", TimeText(s.end));
    Edge(PointId("q", s.lane, s.begin), PointId("q", s.lane, s.end), P(s.lane, s.begin),
         P(s.lane, s.end), false,
         absl::StrCat(", penwidth=5, color=\"", down ? kDownColour : kPausedColour,
                      "\", tooltip=", Tooltip(tip)));
  }
}

// Client ops: a thick bar on the client's lane from invoke to completion. A story's ops
// (Diagram::story) as in the SVG: the failing op in a red frame (a wider red bar behind),
// the write it returned in a dashed blue one, contradicted writes struck through in red.
void DotWriter::OpEdges() {
  for (const OpBar& op : d_.ops) {
    if (Y(op.invoke) == Y(op.complete)) continue;
    const auto bar = [&](const std::string& attributes) {
      Edge(PointId("q", op.lane, op.invoke), PointId("q", op.lane, op.complete),
           P(op.lane, op.invoke), P(op.lane, op.complete), false, attributes);
    };
    const StoryMarks* s = d_.story ? &*d_.story : nullptr;
    if (s != nullptr && op.op == s->failing_op) {
      bar(absl::StrCat(", penwidth=14, color=\"", s->Wrong() ? "#c62828" : "#455a64",
                       "\", tooltip=", Tooltip(s->caption)));
    } else if (s != nullptr && op.op == s->source_op && s->source_op != 0) {
      bar(absl::StrCat(", penwidth=14, style=dashed, color=\"#1565c0\", tooltip=",
                       Tooltip("the write whose value the failing op returned")));
    }
    bar(absl::StrCat(", penwidth=6, color=\"", StyleOf(op.outcome).line, "c0\", tooltip=",
                     Tooltip(OpTitle(op))));
    if (s != nullptr && std::find(s->lost_ops.begin(), s->lost_ops.end(), op.op) != s->lost_ops.end()) {
      bar(absl::StrCat(", penwidth=2, color=\"#b71c1c\", tooltip=",
                       Tooltip("acknowledged, yet the failing op did not see it")));
    }
  }
}

// The SVG writer's label placer, in tenths of a point measured down from the top.
class DotWriter::Placer {
 public:
  Placer(int64_t top_y, int64_t bottom_y) : top_y_(top_y), placer_((top_y - bottom_y) * 10) {}
  bool TryClaim(const Rect& r) { return placer_.TryClaim(Convert(r)); }
  void Claim(const Rect& r) { placer_.Claim(Convert(r)); }

 private:
  svg::Box Convert(const Rect& r) const {
    return {r.x0 * 10, (top_y_ - r.y1) * 10, r.x1 * 10, (top_y_ - r.y0) * 10};
  }
  int64_t top_y_;
  svg::LabelPlacer placer_;
};

Point DotWriter::PlaceLabel(Placer& placer, Point from, Point to, int64_t width) {
  // Along the line, nearest the middle first; each spot in the quadrant above, then below.
  constexpr int64_t kPercents[] = {50, 35, 65, 20, 80};
  // Claimed with a margin, since the width is an estimate and fonts differ.
  const auto padded = [&](Point centre) { return LabelRect(centre, width + 6, kSmallLinePt + 3); };
  for (int64_t percent : kPercents) {
    for (int quadrant : {0, 1}) {
      const Point centre = LabelBeside(from, to, width, kSmallLinePt, percent, quadrant);
      if (placer.TryClaim(padded(centre))) return centre;
    }
  }
  const Point centre = LabelBeside(from, to, width, kSmallLinePt, 50, 0);
  placer.Claim(padded(centre));
  return centre;
}

// Messages last, so they are drawn over everything else.
void DotWriter::ArrowEdges() {
  Placer placer(kCaptionY + 20, foot_y_ - 80);
  for (const Rect& r : taken_) placer.Claim(r);
  for (size_t k = 0; k < d_.arrows.size(); ++k) {
    const Arrow& a = d_.arrows[k];
    const bool dropped = a.fate == Fate::kDropped;
    // The kind's colour (kind_colours.h), as in the SVG; a lost message stays red, as
    // its X is.
    const std::string_view colour = dropped ? kLostColour : KindColourHex(a.kind);
    const Point from = P(a.from, a.send);
    const Point to = dropped ? DropPoint(a) : P(a.to, a.end);
    std::string attributes = absl::StrCat(", color=\"", Sv(colour), "\"");
    if (a.fate == Fate::kInFlight) absl::StrAppend(&attributes, ", arrowhead=empty");
    if (a.fate == Fate::kInFlight || a.duplicate) {
      absl::StrAppend(&attributes, ", style=", a.duplicate ? "dashed" : "dotted");
    }
    if (o_.message_labels) {
      std::string label = OneLine(a.label.empty() ? a.kind : a.label);
      if (a.duplicate) absl::StrAppend(&label, " (dup)");
      if (dropped) {
        absl::StrAppend(&label, " lost", a.drop_reason.empty() ? "" : ": ",
                        ShortenText(a.drop_reason, 16));
      }
      if (a.fate == Fate::kInFlight) absl::StrAppend(&label, " (in flight)");
      const Point lp = PlaceLabel(placer, from, to, TextWidthPt(label, kSmallFontPt));
      absl::StrAppend(&attributes, ", fontcolor=\"", Sv(colour), "\", label=", DotQuote(label),
                      ", lp=\"", lp.x, ",", lp.y, "\"");
    }
    absl::StrAppend(&attributes, ", tooltip=", Tooltip(a.title));
    Edge(PointId("p", a.from, a.send), dropped ? absl::StrCat("x", k) : PointId("p", a.to, a.end),
         from, to, !dropped, attributes);
  }
}

}  // namespace faultline::viz::internal::dot
