#include "viz/internal/dot_writer.h"

#include <algorithm>
#include <map>
#include <utility>

#include "absl/strings/str_cat.h"
#include "viz/dot.h"
#include "viz/internal/dot_legend.h"
#include "viz/internal/dot_style.h"
#include "viz/label_text.h"

namespace faultline::viz::internal::dot {

std::string PointId(const char* prefix, int lane, const At& at) {
  return absl::StrCat(prefix, lane, "_", at.row);
}

std::string TimeText(const At& at) {
  return absl::StrCat(ShortTime(at.time), " (event ", at.event, ")");
}

std::string Pos(Point p) { return absl::StrCat("pos=\"", p.x, ",", p.y, "\""); }

std::string OneLine(std::string_view text) {
  std::string line(text);
  std::replace(line.begin(), line.end(), '\n', ' ');
  return ShortenText(line, kLabelChars);
}

std::string Tooltip(std::string_view text) { return DotQuote(ShortenText(text, kTitleChars)); }

DotWriter::DotWriter(const Diagram& diagram, const RenderOptions& options)
    : d_(diagram), o_(options) {
  const int64_t lanes = std::max<int64_t>(static_cast<int64_t>(d_.lanes.size()), 1);
  lane_pt_ = std::clamp<int64_t>(kLanesMaxPt / lanes, kLanePtMin, kLanePt);
  int64_t x = kFirstLaneX;
  for (size_t i = 0; i < d_.lanes.size(); ++i) {
    if (i > 0 && d_.lanes[i].kind != d_.lanes[i - 1].kind) x += kGroupGapPt;
    lane_x_.push_back(x);
    x += lane_pt_;
  }
  left_x_ = kFirstLaneX - lane_pt_ / 2 + 2;
  right_x_ = lane_x_.empty() ? kFirstLaneX : lane_x_.back() + lane_pt_ / 2;
  rows_ = std::max<int64_t>(d_.rows, 1);
  body_pt_ = std::min(rows_ * kRowPt, kBodyMaxPt);
  const int64_t span_ns = std::max<int64_t>(d_.end.time - d_.begin.time, 1);
  ns_per_pt_ = std::max<int64_t>((span_ns + body_pt_ - 1) / body_pt_, 1);
  foot_y_ = -body_pt_ - 12;
}

std::string DotWriter::Render() {
  Header();
  Backgrounds();
  Bands();
  Heads();
  Ticks();
  ClusterNotes();
  Points();
  Marks();
  OpLabels();
  int legend_rows = 0;
  const std::string legend = d_.lanes.empty() ? "" : LegendHtml(d_, &legend_rows);
  if (!legend.empty()) {
    // Centred below the lanes' feet, lower the more lines it has (about 14 pt a line).
    absl::StrAppend(&out_, "  legend [shape=plaintext, label=", legend, ", ",
                    Pos({kFirstLaneX + 210, foot_y_ - 20 - 7 * legend_rows}), "];\n");
  }
  LaneEdges();
  SpanEdges();
  OpEdges();
  ArrowEdges();
  out_ += "}\n";
  return std::move(out_);
}

int64_t DotWriter::Y(const At& at) const {
  const int64_t down =
      o_.scale == Scale::kTime ? (at.time - d_.begin.time) / ns_per_pt_ : at.row * body_pt_ / rows_;
  return -std::clamp<int64_t>(down, 0, body_pt_);
}

bool DotWriter::ValidLane(int lane) const {
  return lane >= 0 && static_cast<size_t>(lane) < d_.lanes.size();
}

int64_t DotWriter::LaneX(int lane) const {
  return ValidLane(lane) ? lane_x_[static_cast<size_t>(lane)] : kFirstLaneX;
}

std::string DotWriter::LaneName(int lane) const {
  return ValidLane(lane) ? d_.lanes[static_cast<size_t>(lane)].name : "?";
}

bool DotWriter::IsClient(int lane) const {
  return ValidLane(lane) && d_.lanes[static_cast<size_t>(lane)].kind == LaneKind::kClient;
}

void DotWriter::Header() {
  std::string title = o_.title.empty() ? d_.source : o_.title;
  if (title.empty()) title = "faultline trace";
  std::string caption = absl::StrCat(title, "\n",
                                     o_.scale == Scale::kTime ? "time scale: true simulated time"
                                                              : "compact scale: one row per event");
  if (d_.story) absl::StrAppend(&caption, "\n", d_.story->caption);
  if (!d_.note.empty()) absl::StrAppend(&caption, "\n", d_.note);
  if (d_.lanes.empty()) absl::StrAppend(&caption, "\n(no events selected)");
  absl::StrAppend(
      &out_, "// faultline space-time diagram. Positions are pinned: render with dot -Tsvg or\n",
      "// dot -Tpng (the graph asks for the nop2 engine; viz/dot.cc says why).\n",
      "digraph faultline {\n",
      "  graph [layout=nop2, splines=line, outputorder=nodesfirst, bgcolor=white, pad=0.3,\n",
      "         size=\"", kDrawingMaxInches, ",", kDrawingMaxInches, "\",\n",
      "         fontname=\"Helvetica\", fontsize=13, labelloc=t, label=", DotQuote(caption), "];\n",
      "  node [fontname=\"Helvetica\", fontsize=9];\n",
      "  edge [fontname=\"Helvetica\", fontsize=8, arrowsize=0.6];\n");
}

void DotWriter::Box(const std::string& id, const char* fill, int64_t left, int64_t right,
                    int64_t top, int64_t bottom, const std::string& extra) {
  absl::StrAppend(&out_, "  ", id, " [shape=box, style=filled, penwidth=0, label=\"\", ",
                  "fillcolor=\"", fill, "\", fixedsize=true, width=", Inches(right - left),
                  ", height=", Inches(top - bottom), ", ",
                  Pos({(left + right) / 2, (top + bottom) / 2}), extra, "];\n");
}

// A translucent box behind each lane group, and the group's caption.
void DotWriter::Backgrounds() {
  for (size_t i = 0, j = 0; i < d_.lanes.size(); i = j + 1) {
    j = i;
    while (j + 1 < d_.lanes.size() && d_.lanes[j + 1].kind == d_.lanes[i].kind) ++j;
    const bool clients = d_.lanes[i].kind == LaneKind::kClient;
    const char* group = clients ? "clients" : "nodes";
    Box(absl::StrCat("bg_", group), clients ? "#f2e6cf60" : "#dce8f660",
        lane_x_[i] - lane_pt_ / 2 + 8, lane_x_[j] + lane_pt_ / 2 - 8, kCaptionY + 14, foot_y_ - 6,
        "");
    absl::StrAppend(&out_, "  caption_", group, " [shape=plaintext, fontsize=10, ",
                    "fontcolor=\"#555555\", label=\"", group, "\", ",
                    Pos({(lane_x_[i] + lane_x_[j]) / 2, kCaptionY}), "];\n");
  }
}

// Partitions and link faults: a shaded band across the lanes cut (every lane for a link
// fault, a thin band: it has no length), named on the right.
void DotWriter::Bands() {
  if (d_.lanes.empty()) return;
  for (size_t k = 0; k < d_.bands.size(); ++k) {
    const Band& band = d_.bands[k];
    const bool partition = band.type == BandType::kPartition;
    const int64_t top = Y(band.begin), bottom = std::min(Y(band.end), top - 4);
    const std::string what = partition ? "partition" : "link fault";
    const std::string tip = Tooltip(absl::StrCat(
        what, " ", band.text, "\nfrom ", TimeText(band.begin), "\nto ", TimeText(band.end)));
    // A partition covers the lanes its cut names (viz/diagram.h CutLanes), not clients
    // that were never cut; other bands cover every lane.
    const std::vector<int> cut = CutLanes(d_, band);
    const int64_t left = cut.empty() ? left_x_ : LaneX(cut.front()) - lane_pt_ / 2 + 2;
    const int64_t right = cut.empty() ? right_x_ : LaneX(cut.back()) + lane_pt_ / 2;
    Box(absl::StrCat("band", k), partition ? kPartitionFill : kLinkFill, left, right, top,
        bottom, absl::StrCat(", tooltip=", tip));
    const std::string text = OneLine(absl::StrCat(what, " ", band.text));
    const Point centre{right_x_ + 6 + TextWidthPt(text, 9) / 2, top - 8};
    taken_.push_back(LabelRect(centre, TextWidthPt(text, 9), 11));
    absl::StrAppend(&out_, "  bandlabel", k, " [shape=plaintext, fontsize=9, fontcolor=\"",
                    partition ? kPartitionText : kLinkText, "\", label=", DotQuote(text), ", ",
                    Pos(centre), ", tooltip=", tip, "];\n");
  }
}

// Notes that belong to no lane (the run's phases): a dashed rule across every lane, the
// text on the right.
void DotWriter::ClusterNotes() {
  if (d_.lanes.empty()) return;
  for (size_t k = 0; k < d_.cluster_notes.size(); ++k) {
    const ClusterNote& note = d_.cluster_notes[k];
    const int64_t y = Y(note.at);
    const std::string tip = Tooltip(absl::StrCat(note.text, "\nat ", TimeText(note.at)));
    const std::string text = OneLine(note.text);
    const Point centre{right_x_ + 6 + TextWidthPt(text, 9) / 2, y};
    taken_.push_back(LabelRect(centre, TextWidthPt(text, 9), 11));
    absl::StrAppend(&out_, "  notelabel", k, " [shape=plaintext, fontsize=9, ",
                    "fontcolor=\"#4a4a4a\", label=", DotQuote(text), ", ", Pos(centre),
                    ", tooltip=", tip, "];\n");
    Box(absl::StrCat("noterule", k), kClusterNoteRule, left_x_, right_x_, y + 1, y - 1,
        absl::StrCat(", tooltip=", tip));
  }
}

void DotWriter::Heads() {
  for (size_t i = 0; i < d_.lanes.size(); ++i) {
    const Lane& lane = d_.lanes[i];
    const bool client = lane.kind == LaneKind::kClient;
    absl::StrAppend(&out_, "  head", i, " [shape=box, style=\"rounded,filled\", height=0.36, ",
                    "fillcolor=\"", client ? "#f6ead6" : "#dbe7f6",
                    "\", label=", DotQuote(ShortenText(lane.name, 20)),
                    ", tooltip=", DotQuote(absl::StrCat(client ? "client " : "node ", lane.name)),
                    ", ", Pos({lane_x_[i], kHeadY}), "];\n");
    taken_.push_back(LabelRect({lane_x_[i], kHeadY},
                               std::max<int64_t>(TextWidthPt(lane.name, 9) + 16, 54),
                               2 * kHeadHalfPt));
    absl::StrAppend(&out_, "  foot", i, " [shape=point, style=invis, width=0.01, ",
                    Pos({lane_x_[i], foot_y_}), "];\n");
  }
}

// Time ticks in the left column: in the compact scale at most every kTickEveryRows rows,
// at rows where something is drawn (so the time is known) and only when the time shown
// changes; in the time scale at round multiples of a 1-2-5 step.
void DotWriter::Ticks() {
  if (d_.lanes.empty()) return;
  std::vector<std::pair<int64_t, int64_t>> ticks;  // (y, time)
  if (o_.scale == Scale::kCompact) {
    std::map<int64_t, int64_t> row_time;
    const auto add = [&](const At& at) { row_time.emplace(at.row, at.time); };
    for (const Arrow& a : d_.arrows) add(a.send), add(a.end);
    for (const OpBar& op : d_.ops) add(op.invoke), add(op.complete);
    for (const Mark& m : d_.marks) add(m.at);
    for (const ClusterNote& n : d_.cluster_notes) add(n.at);
    int64_t next_row = 0;
    for (const auto& [row, time] : row_time) {
      if (row < next_row) continue;
      if (!ticks.empty() && ShortTime(ticks.back().second) == ShortTime(time)) continue;
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
    taken_.push_back(LabelRect({kTickX, ticks[k].first},
                               TextWidthPt(ShortTime(ticks[k].second), kSmallFontPt),
                               kSmallLinePt));
    absl::StrAppend(&out_, "  tick", k, " [shape=plaintext, fontsize=8, fontcolor=\"#777777\", ",
                    "label=\"", ShortTime(ticks[k].second), "\", ", Pos({kTickX, ticks[k].first}),
                    "];\n");
  }
}

}  // namespace faultline::viz::internal::dot
