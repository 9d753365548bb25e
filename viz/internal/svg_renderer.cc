#include "viz/internal/svg_renderer.h"

#include <algorithm>
#include <limits>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "base/strings.h"
#include "viz/internal/svg_style.h"
#include "viz/internal/svg_writer.h"
#include "viz/label_text.h"
#include "viz/xml_text.h"

namespace faultline::viz::internal::svg {
namespace {

constexpr int64_t kMargin = 12 * kPx;

// `text` in lines of at most `width` characters, broken between words (a longer word
// gets a line of its own).
std::vector<std::string> WrapWords(std::string_view text, int64_t width) {
  std::vector<std::string> lines;
  std::string line;
  size_t at = 0;
  while (at < text.size()) {
    const size_t end = std::min(text.find(' ', at), text.size());
    const std::string_view word = text.substr(at, end - at);
    at = end + 1;
    if (word.empty()) continue;
    if (!line.empty() && static_cast<int64_t>(line.size() + 1 + word.size()) > width) {
      lines.push_back(std::move(line));
      line.clear();
    }
    if (!line.empty()) line.push_back(' ');
    line.append(word);
  }
  if (!line.empty()) lines.push_back(std::move(line));
  return lines;
}
constexpr int64_t kSmallCharWidth = 60;     // 10 px monospace, in tenths
constexpr int64_t kLaneNameCharWidth = 73;  // 12 px bold monospace
constexpr int64_t kLaneNameCharsMax = (kLaneSpacing - 14 * kPx) / kLaneNameCharWidth;
constexpr int64_t kAxisGapMin = 56 * kPx;         // between time labels
constexpr int64_t kRepeatNamesEvery = 900 * kPx;  // lane names again down long pictures

}  // namespace

SvgRenderer::SvgRenderer(const Diagram& d, const RenderOptions& o)
    : d_(d), o_(o), layout_(LayOutLanes(d)), kind_slot_(KindSlots(d)) {}

std::string SvgRenderer::Render() {
  std::string header;
  const int64_t header_height = WriteHeader(&header);
  LayOutVertical(d_, o_.scale, header_height, &layout_);
  placer_.emplace(layout_.height);

  // Labels are placed in order of importance; shapes are drawn back to front.
  std::string names, notes, marks, bands, ops, arrows, axis, lanes, spans;
  WriteLaneNames(&names);
  ReserveGlyphs();
  WriteClusterNotes(&notes);
  WriteMarks(&marks);
  WriteBands(&bands);
  WriteOps(&ops);
  WriteArrows(&arrows);
  WriteAxis(&axis);
  WriteLanes(&lanes);
  WriteSpans(&spans);

  std::string out;
  out.reserve(header.size() + names.size() + notes.size() + marks.size() + bands.size() +
              ops.size() + arrows.size() + axis.size() + lanes.size() + spans.size() +
              labels_.size() + 4096);
  out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\"");
  Attr(&out, "width", layout_.width);
  Attr(&out, "height", layout_.height);
  out.append(" viewBox=\"0 0 ");
  AppendTenths(&out, layout_.width);
  out.push_back(' ');
  AppendTenths(&out, layout_.height);
  out.append("\">\n");
  const std::string& title = o_.title.empty() ? d_.source : o_.title;
  AppendTitle(&out, title.empty() ? "faultline space-time diagram" : title);
  out.push_back('\n');
  AppendStyleAndDefs(kind_slot_, &out);
  out.append("<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n");
  for (const std::string* layer :
       {&axis, &bands, &lanes, &notes, &spans, &ops, &arrows, &marks, &labels_, &header, &names}) {
    out.append(*layer);
  }
  out.append("</svg>\n");
  return out;
}

int64_t SvgRenderer::WriteHeader(std::string* out) {
  const std::string& source = o_.title.empty() ? d_.source : o_.title;
  const std::string title = source.empty() ? "space-time diagram" : source;
  const int64_t chars_max = std::max<int64_t>(8, (layout_.width - 2 * kMargin) / (10 * kPx));
  int64_t y = 26 * kPx;
  out->append("<text class=\"title\"");
  Attr(out, "x", kMargin);
  Attr(out, "y", y);
  out->push_back('>');
  AppendXmlEscaped(out, ShortenText(title, chars_max));
  out->append("</text>\n");

  const int64_t sub_chars_max = (layout_.width - 2 * kMargin) / 66;
  const auto subtitle = [&](std::string_view text) {
    y += 16 * kPx;
    out->append("<text class=\"sub\"");
    Attr(out, "x", kMargin);
    Attr(out, "y", y);
    out->push_back('>');
    AppendXmlEscaped(out, ShortenText(text, sub_chars_max));
    out->append("</text>\n");
  };
  if (d_.story) {
    // The caption, whole, in lines of words: it is the point of the picture.
    const int64_t cap_chars = std::max<int64_t>(20, (layout_.width - 2 * kMargin) / 76);
    for (const std::string& line : WrapWords(d_.story->caption, cap_chars)) {
      y += 18 * kPx;
      out->append(d_.story->Wrong() ? "<text class=\"cap\"" : "<text class=\"capok\"");
      Attr(out, "x", kMargin);
      Attr(out, "y", y);
      out->push_back('>');
      AppendXmlEscaped(out, line);
      out->append("</text>\n");
    }
    y += 2 * kPx;
    subtitle(d_.story->violation ? "red outline: the op that cannot be placed; blue dashes: the "
                                   "write whose value it returned; crossed out: acknowledged "
                                   "writes it contradicts"
             : d_.story->Wrong() ? "red outline: the key's last read; blue dashes: the write "
                                   "whose value it returned; crossed out: acknowledged writes "
                                   "it missed"
                                 : "grey outline: the key's last read; blue dashes: the write "
                                   "whose value it returned");
  }
  y += 2 * kPx;
  if (!d_.note.empty()) subtitle(d_.note);
  std::string scale = o_.scale == Scale::kCompact
                          ? "compact scale: one row per event, simulated time on the left"
                          : "time scale: simulated time flows down";
  if (d_.note.empty() && d_.events_shown > 0) {
    absl::StrAppend(&scale, " \xC2\xB7 ", WithCommas(d_.events_shown), " events");
  }
  subtitle(scale);

  y = WriteLegend(y + 10 * kPx, out);

  // Group headings over the nodes and the clients, then the lane names.
  const int64_t heading_y = y + 20 * kPx;
  const int64_t names_y = heading_y + 20 * kPx;
  const auto heading = [&](std::string_view text, size_t first, size_t last) {
    const int64_t x0 = layout_.lane_x[first] - kLaneSpacing / 2 + 8 * kPx;
    const int64_t x1 = layout_.lane_x[last] + kLaneSpacing / 2 - 8 * kPx;
    out->append("<text class=\"gh\"");
    Attr(out, "x", (x0 + x1) / 2);
    Attr(out, "y", heading_y);
    absl::StrAppend(out, ">", Sv(text), "</text>");
    AppendLine(out, "ghl", x0, heading_y + 5 * kPx, x1, heading_y + 5 * kPx);
    out->push_back('\n');
  };
  const size_t lanes = d_.lanes.size();
  const size_t clients_from =
      layout_.first_client < 0 ? lanes : static_cast<size_t>(layout_.first_client);
  if (clients_from > 0) heading("NODES", 0, clients_from - 1);
  if (clients_from < lanes) heading("CLIENTS", clients_from, lanes - 1);
  for (size_t i = 0; i < lanes; ++i) {
    out->append(d_.lanes[i].kind == LaneKind::kClient ? "<text class=\"ln lnc\""
                                                      : "<text class=\"ln\"");
    Attr(out, "x", layout_.lane_x[i]);
    Attr(out, "y", names_y);
    out->push_back('>');
    AppendXmlEscaped(out, ShortenText(d_.lanes[i].name, kLaneNameCharsMax));
    out->append("</text>\n");
  }
  return names_y + 8 * kPx;
}

void SvgRenderer::WriteLaneNames(std::string* out) {
  // Long pictures repeat the lane names (faintly) so a reader deep down still knows which
  // line is which, and name the lanes again at the bottom.
  std::vector<int64_t> rows_y;
  for (int64_t y = layout_.lanes_top + kRepeatNamesEvery; y < layout_.lanes_bottom - 300 * kPx;
       y += kRepeatNamesEvery) {
    rows_y.push_back(y);
  }
  rows_y.push_back(layout_.lanes_bottom + 16 * kPx);
  for (const int64_t y : rows_y) {
    for (size_t i = 0; i < d_.lanes.size(); ++i) {
      const std::string name = ShortenText(d_.lanes[i].name, kLaneNameCharsMax);
      out->append("<text class=\"lr halo\"");
      Attr(out, "x", layout_.lane_x[i]);
      Attr(out, "y", y);
      out->push_back('>');
      AppendXmlEscaped(out, name);
      out->append("</text>");
      ReserveText(layout_.lane_x[i], y, Align::kMiddle, Utf8Length(name), kSmallCharWidth);
    }
    out->push_back('\n');
  }
}

void SvgRenderer::WriteAxis(std::string* out) {
  const auto tick = [&](int64_t y, std::string_view label) {
    AppendLine(out, "grid", layout_.lanes_left, y, layout_.lanes_right, y);
    out->append("<text class=\"ax\"");
    Attr(out, "x", layout_.lanes_left - 6 * kPx);
    Attr(out, "y", y + 35);
    out->push_back('>');
    AppendXmlEscaped(out, label);
    out->append("</text>\n");
  };
  if (layout_.scale == Scale::kTime) {
    const int64_t step = TimeTickStep(layout_.time_span, layout_.scale_height, kAxisGapMin);
    const int64_t begin = layout_.time_begin;
    const int64_t end = begin + layout_.time_span;
    // The first multiple of step at or after begin (begin may be negative in hand-made
    // diagrams, so round toward +infinity explicitly).
    int64_t t = begin / step * step;
    if (t < begin) t += step;
    for (; t <= end; t += step) tick(layout_.YOfTime(t), ShortTime(t));
    return;
  }
  // Compact scale: label rows with the simulated time of their event, at least
  // kAxisGapMin apart. The row -> time table is filled from every item's instants.
  constexpr int64_t kUnknown = std::numeric_limits<int64_t>::min();
  std::vector<int64_t> row_time(static_cast<size_t>(layout_.rows), kUnknown);
  const auto note = [&](const At& at) {
    if (at.row >= 0 && at.row < layout_.rows) row_time[static_cast<size_t>(at.row)] = at.time;
  };
  note(d_.begin);
  for (const Arrow& a : d_.arrows) {
    note(a.send);
    if (a.fate != Fate::kInFlight) note(a.end);
  }
  for (const OpBar& op : d_.ops) {
    note(op.invoke);
    if (op.outcome != OpOutcome::kPending) note(op.complete);
  }
  for (const Mark& m : d_.marks) note(m.at);
  for (const Span& s : d_.spans) note(s.begin);
  for (const Band& b : d_.bands) note(b.begin);
  for (const ClusterNote& n : d_.cluster_notes) note(n.at);
  // A label that would repeat the previous one (events close in time) is left out.
  int64_t last_y = std::numeric_limits<int64_t>::min() / 2;
  std::string last_label;
  for (int64_t row = 0; row < layout_.rows; ++row) {
    const int64_t time = row_time[static_cast<size_t>(row)];
    const int64_t y = layout_.YOfRow(row);
    if (time == kUnknown || y - last_y < kAxisGapMin) continue;
    std::string label = ShortTime(time);
    if (label == last_label) continue;
    tick(y, label);
    last_y = y;
    last_label = std::move(label);
  }
}

void SvgRenderer::WriteLanes(std::string* out) {
  for (size_t i = 0; i < d_.lanes.size(); ++i) {
    AppendLine(out, d_.lanes[i].kind == LaneKind::kClient ? "lanec" : "lane", layout_.lane_x[i],
               layout_.lanes_top, layout_.lane_x[i], layout_.lanes_bottom);
    out->push_back('\n');
  }
}

}  // namespace faultline::viz::internal::svg
