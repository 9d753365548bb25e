#include "viz/dot.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "viz/internal/dot_geometry.h"
#include "viz/internal/dot_legend.h"
#include "viz/label_text.h"

// Why pinned positions (`layout=nop2`) and not dot's own ranking:
//
// A space-time diagram has a fixed geometry: lane k sits at x = k * gap, an event at y =
// its row (compact scale) or its time (time scale). dot can approximate that with
// `newrank`, a `rank=same` subgraph per row, heavy invisible lane edges and
// `constraint=false` message edges, but it treats the geometry as a wish: with many
// crossing messages its crossing minimisation may reorder or bend lanes, ranks cannot
// express true time, and splines are routed around nodes instead of running straight from
// send to delivery. Here every node gets its `pos` and every edge its straight-line `pos`
// and label position `lp`, and the graph asks for the `nop2` engine (what `neato -n2`
// does: take the positions as given, in points). That gives straight lanes in order,
// straight slanted arrows, labels that never sit on their own arrow, both vertical
// scales, and the same picture on every Graphviz version; `layout=nop2` in the graph makes
// a plain `dot -Tpng` use it.
//
// Drawing order is `outputorder=nodesfirst`, in declaration order: the translucent group
// backgrounds and partition bands first, then dots, marks and labels, then every edge:
// lanes, down/paused segments, op bars, and last the message arrows, so they stay on top.

namespace faultline::viz {
namespace {

using internal::dot::EdgePos;
using internal::dot::Inches;
using internal::dot::LabelAbove;
using internal::dot::Point;
using internal::dot::TextWidthPt;

constexpr int64_t kRowPt = 22;         // one compact row
constexpr int64_t kLanePt = 130;       // between neighbouring lanes
constexpr int64_t kGroupGapPt = 50;    // extra gap between the node and the client lanes
constexpr int64_t kTickX = 40;         // centre of the time-tick column
constexpr int64_t kFirstLaneX = 110;   // x of the first lane
constexpr int64_t kHeadY = 34;         // lane heads above the first row (y = 0)
constexpr int64_t kHeadHalfPt = 13;    // half a lane head's height (0.36in)
constexpr int64_t kCaptionY = 62;      // "nodes" / "clients" above the heads
constexpr int64_t kTickEveryRows = 5;  // compact scale: a tick at most every 5 rows
constexpr int64_t kTickGapPt = 60;     // time scale: ticks at least this far apart
constexpr size_t kLabelChars = 36;     // message, mark and op labels are shortened to this
constexpr size_t kTitleChars = 2000;   // tooltips are shortened to this
constexpr int64_t kSmallFontPt = 8;
constexpr int64_t kSmallLinePt = 10;  // the height of one line at kSmallFontPt
// A message lost at send time ends this far (percent) towards its receiver.
constexpr int64_t kLostAtSendPercent = 35;

std::string Pos(Point p) { return absl::StrCat("pos=\"", p.x, ",", p.y, "\""); }

// A label: one line, shortened.
std::string Label(std::string_view text) {
  std::string one_line(text);
  std::replace(one_line.begin(), one_line.end(), '\n', ' ');
  return ShortenText(one_line, kLabelChars);
}

std::string Tooltip(std::string_view text) { return DotQuote(ShortenText(text, kTitleChars)); }

struct OpStyle {
  const char* line;
  const char* text;
  const char* name;
};
OpStyle StyleOf(OpOutcome outcome) {
  switch (outcome) {
    case OpOutcome::kOk:
      return {"#2ca02c", "#1d6e1d", "ok"};
    case OpOutcome::kFail:
      return {"#d62728", "#a01c1c", "fail"};
    case OpOutcome::kInfo:
      return {"#f0a500", "#8a5f00", "info"};
    case OpOutcome::kPending:
      break;
  }
  return {"#a0a0a0", "#606060", "pending"};
}

struct MarkStyle {
  const char* name;
  const char* colour;
  const char* shape;
};
MarkStyle StyleOf(MarkType type) {
  switch (type) {
    case MarkType::kStart:
      return {"start", "#444444", "circle"};
    case MarkType::kCrash:
      return {"crash", "#d62728", "box"};
    case MarkType::kRestart:
      return {"restart", "#2ca02c", "box"};
    case MarkType::kPause:
      return {"pause", "#7f7f7f", "box"};
    case MarkType::kResume:
      return {"resume", "#7f7f7f", "box"};
    case MarkType::kTimer:
      return {"timer", "#8c6bb1", "circle"};
    case MarkType::kClock:
      return {"clock", "#1f77b4", "diamond"};
    case MarkType::kNote:
      break;
  }
  return {"note", "#444444", "circle"};
}

class DotWriter {
 public:
  DotWriter(const Diagram& d, const RenderOptions& o) : d_(d), o_(o) { Layout(); }

  std::string Render() {
    Header();
    Backgrounds();
    Bands();
    Heads();
    Ticks();
    Points();
    Marks();
    OpLabels();
    if (!d_.lanes.empty()) {
      absl::StrAppend(&out_, "  legend [shape=plaintext, label=", internal::dot::LegendHtml(), ", ",
                      Pos({kFirstLaneX + 210, foot_y_ - 34}), "];\n");
    }
    LaneEdges();
    SpanEdges();
    OpEdges();
    ArrowEdges();
    out_ += "}\n";
    return std::move(out_);
  }

 private:
  void Layout() {
    int64_t x = kFirstLaneX;
    for (size_t i = 0; i < d_.lanes.size(); ++i) {
      if (i > 0 && d_.lanes[i].kind != d_.lanes[i - 1].kind) x += kGroupGapPt;
      lane_x_.push_back(x);
      x += kLanePt;
    }
    right_x_ = lane_x_.empty() ? kFirstLaneX : lane_x_.back() + kLanePt / 2;
    body_pt_ = std::max<int64_t>(d_.rows, 1) * kRowPt;
    const int64_t span_ns = std::max<int64_t>(d_.end.time - d_.begin.time, 1);
    ns_per_pt_ = std::max<int64_t>((span_ns + body_pt_ - 1) / body_pt_, 1);
    foot_y_ = -body_pt_ - 12;
  }

  // y of an instant: 0 at the first row, negative downwards (Graphviz's y points up).
  int64_t Y(const At& at) const {
    const int64_t down =
        o_.scale == Scale::kTime ? (at.time - d_.begin.time) / ns_per_pt_ : at.row * kRowPt;
    return -std::clamp<int64_t>(down, 0, body_pt_);
  }

  bool ValidLane(int lane) const {
    return lane >= 0 && static_cast<size_t>(lane) < d_.lanes.size();
  }
  int64_t LaneX(int lane) const {
    return ValidLane(lane) ? lane_x_[static_cast<size_t>(lane)] : kFirstLaneX;
  }
  Point P(int lane, const At& at) const { return {LaneX(lane), Y(at)}; }
  std::string LaneName(int lane) const {
    return ValidLane(lane) ? d_.lanes[static_cast<size_t>(lane)].name : "?";
  }
  bool IsClient(int lane) const {
    return ValidLane(lane) && d_.lanes[static_cast<size_t>(lane)].kind == LaneKind::kClient;
  }

  // The node at (lane, row): "p" for message ends (drawn as dots), "q" for the ends of op
  // bars and down/paused segments (invisible).
  static std::string PointId(const char* prefix, int lane, const At& at) {
    return absl::StrCat(prefix, lane, "_", at.row);
  }

  static std::string TimeText(const At& at) {
    return absl::StrCat(ShortTime(at.time), " (event ", at.event, ")");
  }

  void Header() {
    std::string title = o_.title.empty() ? d_.source : o_.title;
    if (title.empty()) title = "faultline trace";
    std::string caption =
        absl::StrCat(title, "\n",
                     o_.scale == Scale::kTime ? "time scale: true simulated time"
                                              : "compact scale: one row per event");
    if (!d_.note.empty()) absl::StrAppend(&caption, "\n", d_.note);
    if (d_.lanes.empty()) absl::StrAppend(&caption, "\n(no events selected)");
    absl::StrAppend(
        &out_, "// faultline space-time diagram. Positions are pinned: render with dot -Tsvg or\n",
        "// dot -Tpng (the graph asks for the nop2 engine; viz/dot.cc says why).\n",
        "digraph faultline {\n",
        "  graph [layout=nop2, splines=line, outputorder=nodesfirst, bgcolor=white, pad=0.3,\n",
        "         fontname=\"Helvetica\", fontsize=13, labelloc=t, label=", DotQuote(caption),
        "];\n", "  node [fontname=\"Helvetica\", fontsize=9];\n",
        "  edge [fontname=\"Helvetica\", fontsize=8, arrowsize=0.6];\n");
  }

  void Box(const std::string& id, const char* fill, int64_t left, int64_t right, int64_t top,
           int64_t bottom, const std::string& extra) {
    absl::StrAppend(&out_, "  ", id, " [shape=box, style=filled, penwidth=0, label=\"\", ",
                    "fillcolor=\"", fill, "\", fixedsize=true, width=", Inches(right - left),
                    ", height=", Inches(top - bottom), ", ",
                    Pos({(left + right) / 2, (top + bottom) / 2}), extra, "];\n");
  }

  // A translucent box behind each lane group, and the group's caption.
  void Backgrounds() {
    for (size_t i = 0, j = 0; i < d_.lanes.size(); i = j + 1) {
      j = i;
      while (j + 1 < d_.lanes.size() && d_.lanes[j + 1].kind == d_.lanes[i].kind) ++j;
      const bool clients = d_.lanes[i].kind == LaneKind::kClient;
      const char* group = clients ? "clients" : "nodes";
      Box(absl::StrCat("bg_", group), clients ? "#f2e6cf60" : "#dce8f660",
          lane_x_[i] - kLanePt / 2 + 8, lane_x_[j] + kLanePt / 2 - 8, kCaptionY + 14, foot_y_ - 6,
          "");
      absl::StrAppend(&out_, "  caption_", group, " [shape=plaintext, fontsize=10, ",
                      "fontcolor=\"#555555\", label=\"", group, "\", ",
                      Pos({(lane_x_[i] + lane_x_[j]) / 2, kCaptionY}), "];\n");
    }
  }

  // Partitions and link faults: a shaded band across every lane, named on the right.
  void Bands() {
    if (d_.lanes.empty()) return;
    const int64_t left = kFirstLaneX - kLanePt / 2 + 2;
    for (size_t k = 0; k < d_.bands.size(); ++k) {
      const Band& band = d_.bands[k];
      const bool partition = band.type == BandType::kPartition;
      const int64_t top = Y(band.begin), bottom = std::min(Y(band.end), top - 4);
      const std::string what = partition ? "partition" : "link fault";
      const std::string tip = Tooltip(absl::StrCat(
          what, " ", band.text, "\nfrom ", TimeText(band.begin), "\nto ", TimeText(band.end)));
      Box(absl::StrCat("band", k), partition ? "#e4572e22" : "#f5a62330", left, right_x_, top,
          bottom, absl::StrCat(", tooltip=", tip));
      const std::string text = Label(absl::StrCat(what, " ", band.text));
      absl::StrAppend(&out_, "  bandlabel", k, " [shape=plaintext, fontsize=9, fontcolor=\"",
                      partition ? "#b03a1a" : "#8a5f00", "\", label=", DotQuote(text), ", ",
                      Pos({right_x_ + 6 + TextWidthPt(text, 9) / 2, top - 8}), ", tooltip=", tip,
                      "];\n");
    }
  }

  void Heads() {
    for (size_t i = 0; i < d_.lanes.size(); ++i) {
      const Lane& lane = d_.lanes[i];
      const bool client = lane.kind == LaneKind::kClient;
      absl::StrAppend(&out_, "  head", i, " [shape=box, style=\"rounded,filled\", height=0.36, ",
                      "fillcolor=\"", client ? "#f6ead6" : "#dbe7f6",
                      "\", label=", DotQuote(ShortenText(lane.name, 20)),
                      ", tooltip=", DotQuote(absl::StrCat(client ? "client " : "node ", lane.name)),
                      ", ", Pos({lane_x_[i], kHeadY}), "];\n");
      absl::StrAppend(&out_, "  foot", i, " [shape=point, style=invis, width=0.01, ",
                      Pos({lane_x_[i], foot_y_}), "];\n");
    }
  }

  // Time ticks in the left column: in the compact scale at most every kTickEveryRows rows
  // (at rows where something is drawn, so the time is known); in the time scale at round
  // multiples of a 1-2-5 step.
  void Ticks() {
    if (d_.lanes.empty()) return;
    std::vector<std::pair<int64_t, int64_t>> ticks;  // (y, time)
    if (o_.scale == Scale::kCompact) {
      std::map<int64_t, int64_t> row_time;
      const auto add = [&](const At& at) { row_time.emplace(at.row, at.time); };
      for (const Arrow& a : d_.arrows) add(a.send), add(a.end);
      for (const OpBar& op : d_.ops) add(op.invoke), add(op.complete);
      for (const Mark& m : d_.marks) add(m.at);
      int64_t next_row = 0;
      for (const auto& [row, time] : row_time) {
        if (row < next_row) continue;
        ticks.emplace_back(Y(At{time, row, 0}), time);
        next_row = row + kTickEveryRows;
      }
    } else {
      const int64_t span_ns = std::max<int64_t>(d_.end.time - d_.begin.time, 1);
      const int64_t ticks_max = std::max<int64_t>(body_pt_ / kTickGapPt, 1);
      int64_t step = 1;
      for (int64_t base = 1; step * ticks_max < span_ns && base <= INT64_MAX / 50; base *= 10) {
        for (int64_t m : {1, 2, 5}) {
          step = base * m;
          if (step * ticks_max >= span_ns) break;
        }
      }
      const int64_t first = d_.begin.time <= 0 ? 0 : (d_.begin.time + step - 1) / step * step;
      for (int64_t t = first; t <= d_.end.time && ticks.size() <= 1000; t += step) {
        ticks.emplace_back(Y(At{t, 0, 0}), t);
      }
    }
    for (size_t k = 0; k < ticks.size(); ++k) {
      absl::StrAppend(&out_, "  tick", k, " [shape=plaintext, fontsize=8, fontcolor=\"#777777\", ",
                      "label=\"", ShortTime(ticks[k].second), "\", ", Pos({kTickX, ticks[k].first}),
                      "];\n");
    }
  }

  // The nodes edges start and end at: a dot per (lane, row) a message leaves or reaches,
  // an invisible point per end of an op bar or lane segment, and an X per dropped message.
  void Points() {
    std::map<std::pair<int, int64_t>, std::string> dots;  // sorted: deterministic order
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
      if (inserted) {
        it->second =
            absl::StrCat("  ", PointId("q", lane, at), " [shape=point, style=invis, width=0.01, ",
                         Pos(P(lane, at)), "];\n");
      }
    };
    for (const Span& s : d_.spans) end(s.lane, s.begin), end(s.lane, s.end);
    for (const OpBar& op : d_.ops) end(op.lane, op.invoke), end(op.lane, op.complete);
    for (const auto& [key, line] : ends) out_ += line;
    for (size_t k = 0; k < d_.arrows.size(); ++k) {
      const Arrow& a = d_.arrows[k];
      if (a.fate != Fate::kDropped) continue;
      absl::StrAppend(&out_, "  x", k, " [shape=plaintext, label=\"×\", fontsize=16, ",
                      "fontcolor=\"#d62728\", width=0.15, height=0.15, margin=0, tooltip=",
                      Tooltip(a.title), ", ", Pos(DropPoint(a)), "];\n");
    }
  }

  // Where a dropped message's X goes: on the receiver's lane when it was dropped at
  // delivery, part of the way towards the receiver when it was lost as it was sent.
  Point DropPoint(const Arrow& a) const {
    const int64_t from_x = LaneX(a.from), to_x = LaneX(a.to);
    if (a.end.time > a.send.time) return {to_x, Y(a.end)};
    return {from_x + (to_x - from_x) * kLostAtSendPercent / 100, Y(a.end)};
  }

  // Crash, restart, pause, resume, timer, clock and note marks: a small shape on the lane
  // and a one-line label to its right.
  void Marks() {
    for (size_t k = 0; k < d_.marks.size(); ++k) {
      const Mark& m = d_.marks[k];
      const MarkStyle style = StyleOf(m.type);
      const bool named = m.type == MarkType::kTimer || m.type == MarkType::kClock;
      const std::string label = Label(m.text.empty() ? style.name
                                      : named        ? absl::StrCat(style.name, " ", m.text)
                                                     : m.text);
      const std::string tip =
          Tooltip(absl::StrCat(LaneName(m.lane), " ", style.name, m.text.empty() ? "" : ": ",
                               m.text, "\nat ", TimeText(m.at)));
      const Point p = P(m.lane, m.at);
      const bool hollow = m.type == MarkType::kTimer || m.type == MarkType::kStart;
      absl::StrAppend(&out_, "  mark", k, " [shape=", style.shape, ", label=\"\", width=0.08, ",
                      "height=0.08, fixedsize=true, style=filled, color=\"", style.colour,
                      "\", fillcolor=\"", hollow ? "white" : style.colour, "\", tooltip=", tip,
                      ", ", Pos(p), "];\n");
      absl::StrAppend(&out_, "  marklabel", k, " [shape=plaintext, fontsize=8, fontcolor=\"",
                      style.colour, "\", label=", DotQuote(label), ", tooltip=", tip, ", ",
                      Pos({p.x + 8 + TextWidthPt(label, kSmallFontPt) / 2, p.y}), "];\n");
    }
  }

  void OpLabels() {
    for (size_t k = 0; k < d_.ops.size(); ++k) {
      const OpBar& op = d_.ops[k];
      const std::string label = Label(op.label);
      const Point p = P(op.lane, op.invoke);
      absl::StrAppend(&out_, "  oplabel", k, " [shape=plaintext, fontsize=8, fontcolor=\"",
                      StyleOf(op.outcome).text, "\", label=", DotQuote(label),
                      ", tooltip=", Tooltip(OpTitle(op)), ", ",
                      Pos({p.x + 9 + TextWidthPt(label, kSmallFontPt) / 2, p.y - 6}), "];\n");
    }
  }

  static std::string OpTitle(const OpBar& op) {
    return absl::StrCat("op ", op.op, " (process ", op.process, ") ", op.f, " ", op.key, " ",
                        op.value, " -> ", StyleOf(op.outcome).name, op.result.empty() ? "" : " ",
                        op.result, "\ninvoked ", TimeText(op.invoke), "\n",
                        op.outcome == OpOutcome::kPending ? "still pending at " : "completed ",
                        TimeText(op.complete));
  }

  void Edge(const std::string& from_id, const std::string& to_id, Point from, Point to,
            bool arrowhead, const std::string& attributes) {
    absl::StrAppend(&out_, "  ", from_id, " -> ", to_id, " [pos=\"", EdgePos(from, to, arrowhead),
                    "\"", arrowhead ? "" : ", arrowhead=none", attributes, "];\n");
  }

  void LaneEdges() {
    for (size_t i = 0; i < d_.lanes.size(); ++i) {
      Edge(absl::StrCat("head", i), absl::StrCat("foot", i), {lane_x_[i], kHeadY - kHeadHalfPt},
           {lane_x_[i], foot_y_}, false, ", color=\"#9a9a9a\", penwidth=1.2");
    }
  }

  void SpanEdges() {
    for (const Span& s : d_.spans) {
      const bool down = s.type == SpanType::kDown;
      if (Y(s.begin) == Y(s.end)) continue;
      const std::string tip = absl::StrCat(LaneName(s.lane), down ? " down (crashed)" : " paused",
                                           "\nfrom ", TimeText(s.begin), "\nto ", TimeText(s.end));
      Edge(PointId("q", s.lane, s.begin), PointId("q", s.lane, s.end), P(s.lane, s.begin),
           P(s.lane, s.end), false,
           absl::StrCat(", penwidth=5, color=\"", down ? "#d62728b0" : "#7f7f7fb0",
                        "\", tooltip=", Tooltip(tip)));
    }
  }

  void OpEdges() {
    for (const OpBar& op : d_.ops) {
      if (Y(op.invoke) == Y(op.complete)) continue;
      Edge(PointId("q", op.lane, op.invoke), PointId("q", op.lane, op.complete),
           P(op.lane, op.invoke), P(op.lane, op.complete), false,
           absl::StrCat(", penwidth=6, color=\"", StyleOf(op.outcome).line,
                        "c0\", tooltip=", Tooltip(OpTitle(op))));
    }
  }

  void ArrowEdges() {
    for (size_t k = 0; k < d_.arrows.size(); ++k) {
      const Arrow& a = d_.arrows[k];
      const bool dropped = a.fate == Fate::kDropped;
      const bool client = IsClient(a.from) || IsClient(a.to);
      const char* colour = dropped ? "#d62728" : client ? "#1f5fa8" : "#333333";
      const Point from = P(a.from, a.send);
      const Point to = dropped ? DropPoint(a) : P(a.to, a.end);
      std::string attributes = absl::StrCat(", color=\"", colour, "\"");
      if (a.fate == Fate::kInFlight) absl::StrAppend(&attributes, ", arrowhead=empty");
      if (a.fate == Fate::kInFlight || a.duplicate) {
        absl::StrAppend(&attributes, ", style=", a.duplicate ? "dashed" : "dotted");
      }
      if (o_.message_labels) {
        std::string label = Label(a.label.empty() ? a.kind : a.label);
        if (a.duplicate) absl::StrAppend(&label, " (dup)");
        if (dropped) {
          absl::StrAppend(&label, " lost", a.drop_reason.empty() ? "" : ": ",
                          ShortenText(a.drop_reason, 16));
        }
        if (a.fate == Fate::kInFlight) absl::StrAppend(&label, " (in flight)");
        const Point lp = LabelAbove(from, to, TextWidthPt(label, kSmallFontPt), kSmallLinePt);
        absl::StrAppend(&attributes, ", fontcolor=\"", colour, "\", label=", DotQuote(label),
                        ", lp=\"", lp.x, ",", lp.y, "\"");
      }
      absl::StrAppend(&attributes, ", tooltip=", Tooltip(a.title));
      Edge(PointId("p", a.from, a.send), dropped ? absl::StrCat("x", k) : PointId("p", a.to, a.end),
           from, to, !dropped, attributes);
    }
  }

  const Diagram& d_;
  const RenderOptions& o_;
  std::vector<int64_t> lane_x_;
  int64_t right_x_ = 0;
  int64_t body_pt_ = kRowPt;
  int64_t ns_per_pt_ = 1;
  int64_t foot_y_ = 0;
  std::string out_;
};

}  // namespace

std::string DotQuote(std::string_view text) {
  const std::string clean = CleanText(text);
  std::string out = "\"";
  out.reserve(clean.size() + 2);
  for (char c : clean) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '"':
        out += "\\\"";
        break;
      case '\n':
        out += "\\n";
        break;
      case '&':
        out += "&amp;";
        break;
      default:
        out += c;
    }
  }
  out += '"';
  return out;
}

std::string RenderDot(const Diagram& diagram, const RenderOptions& options) {
  return DotWriter(diagram, options).Render();
}

}  // namespace faultline::viz
