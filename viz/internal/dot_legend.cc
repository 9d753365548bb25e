#include "viz/internal/dot_legend.h"

#include <algorithm>
#include <cstddef>
#include <map>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/strings.h"
#include "viz/internal/dot_style.h"
#include "viz/kind_colours.h"
#include "viz/label_text.h"
#include "viz/xml_text.h"

namespace faultline::viz::internal::dot {
namespace {

constexpr size_t kEntriesPerLine = 7;
constexpr size_t kKindChars = 24;

// A category's entries, each a (sample, meaning) pair of cells.
using Line = std::vector<std::string>;

// A colour swatch and what it means. `meaning` is constant text (no escaping needed).
std::string Swatch(std::string_view colour, std::string_view meaning) {
  return absl::StrCat("<TD BGCOLOR=\"", Sv(colour), "\" WIDTH=\"14\"> </TD>",
                      "<TD ALIGN=\"LEFT\"><FONT POINT-SIZE=\"8\">", Sv(meaning), "</FONT></TD>");
}
// Coloured sample text (an HTML entity glyph) and what it means; `meaning` is HTML.
std::string Sample(std::string_view colour, std::string_view sample, std::string_view meaning) {
  return absl::StrCat("<TD><FONT POINT-SIZE=\"9\" COLOR=\"", Sv(colour), "\">", Sv(sample),
                      "</FONT></TD><TD ALIGN=\"LEFT\"><FONT POINT-SIZE=\"8\">", Sv(meaning),
                      "</FONT></TD>");
}

// Ops, lane segments, bands, cluster notes and marks, each only if drawn.
Line LaneLine(const Diagram& d) {
  bool outcome[4] = {};
  for (const OpBar& op : d.ops) outcome[static_cast<size_t>(op.outcome) % 4] = true;
  bool span[2] = {};
  for (const Span& s : d.spans) span[static_cast<size_t>(s.type) % 2] = true;
  bool band[2] = {};
  for (const Band& b : d.bands) band[static_cast<size_t>(b.type) % 2] = true;
  bool mark[8] = {};
  for (const Mark& m : d.marks) mark[static_cast<size_t>(m.type) % 8] = true;

  Line line;
  static constexpr const char* kOpMeaning[4] = {"op ok", "op fail", "op info (timed out)",
                                                "op pending"};
  for (size_t o = 0; o < 4; ++o) {
    if (outcome[o]) line.push_back(Swatch(kOpStyles[o].line, kOpMeaning[o]));
  }
  if (span[static_cast<size_t>(SpanType::kDown)]) line.push_back(Swatch(kDownSwatch, "node down"));
  if (span[static_cast<size_t>(SpanType::kPaused)]) {
    line.push_back(Swatch(kPausedSwatch, "node paused"));
  }
  if (band[static_cast<size_t>(BandType::kPartition)]) {
    line.push_back(Swatch(kPartitionSwatch, "partition"));
  }
  if (band[static_cast<size_t>(BandType::kLinkFault)]) {
    line.push_back(Swatch(kLinkSwatch, "link fault"));
  }
  if (!d.cluster_notes.empty()) {
    line.push_back(Sample(kClusterNoteColour, "&#8212;&#8212;", "run phase / cluster note"));
  }
  for (size_t t = 0; t < 8; ++t) {
    if (mark[t])
      line.push_back(Sample(kMarkStyles[t].colour, kMarkStyles[t].glyph, kMarkStyles[t].name));
  }
  return line;
}

// The message glyphs that are not a kind's colour: lost, duplicate, in flight.
Line MessageLine(const Diagram& d) {
  bool fate[3] = {};
  bool duplicate = false;
  for (const Arrow& a : d.arrows) {
    fate[static_cast<size_t>(a.fate) % 3] = true;
    duplicate = duplicate || a.duplicate;
  }
  Line line;
  if (fate[static_cast<size_t>(Fate::kDropped)]) {
    line.push_back(Sample(kLostColour, "&#8212;&#215;", "message lost"));
  }
  if (duplicate) line.push_back(Sample(kNeutralColour, "- - &#9658;", "duplicate copy"));
  if (fate[static_cast<size_t>(Fate::kInFlight)]) {
    line.push_back(Sample(kNeutralColour, "&#183;&#183;&#183;&#9655;", "still in flight"));
  }
  return line;
}

// One entry per message kind drawn, sorted by name.
Line KindLine(const Diagram& d) {
  std::map<std::string, std::string_view> kinds;  // sorted: a deterministic order
  for (const Arrow& a : d.arrows) {
    if (!kinds.contains(a.kind)) kinds.emplace(a.kind, KindColourHex(a.kind));
  }
  Line line;
  for (const auto& [kind, colour] : kinds) {
    const std::string name = XmlEscaped(kind.empty() ? "(none)" : ShortenText(kind, kKindChars));
    line.push_back(Sample(colour, "&#8212;&#9658;", name));
  }
  return line;
}

}  // namespace

std::string LegendHtml(const Diagram& d, int* rows) {
  // Each category on its own lines, kEntriesPerLine entries to a line.
  std::vector<Line> lines;
  for (const Line& category : {LaneLine(d), MessageLine(d), KindLine(d)}) {
    for (size_t i = 0; i < category.size(); i += kEntriesPerLine) {
      const size_t end = std::min(category.size(), i + kEntriesPerLine);
      lines.emplace_back(category.begin() + static_cast<ptrdiff_t>(i),
                         category.begin() + static_cast<ptrdiff_t>(end));
    }
  }
  if (rows != nullptr) *rows = static_cast<int>(lines.size());
  if (lines.empty()) return "";
  // One grid: a nested table per line would be stretched to the widest line by Graphviz,
  // spreading a short line's entries apart. A short line ends in one empty cell instead.
  size_t columns = 0;
  for (const Line& line : lines) columns = std::max(columns, line.size());
  std::string html = "<<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"2\">";
  for (const Line& line : lines) {
    html += "<TR>";
    for (const std::string& entry : line) html += entry;
    if (line.size() < columns) {
      absl::StrAppend(&html, "<TD COLSPAN=\"", 2 * (columns - line.size()), "\"></TD>");
    }
    html += "</TR>";
  }
  html += "</TABLE>>";
  return html;
}

}  // namespace faultline::viz::internal::dot
