// Tables as SVG (RenderTableSvg): a header row, then one row per entry, each cell
// shortened to fit its column, coloured by its tone.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "viz/chart_svg.h"
#include "viz/internal/chart_style.h"
#include "viz/label_text.h"
#include "viz/xml_text.h"

namespace faultline::viz {
namespace {

constexpr int kMargin = 16;
constexpr int kTitleHeight = 34;
constexpr int kRowHeight = 24;
constexpr int kCharWidth = 7;  // an average glyph at 12px, enough for a table's columns
// Header cells are bold, and a bold glyph is wider: at 7px a header such as
// "monotonic-reads" ran into the next column when no cell below it was longer.
constexpr int kHeadCharWidth = 8;
constexpr size_t kMaxCellChars = 40;

const char* Fill(CellTone tone) {
  switch (tone) {
    case CellTone::kPlain:
      return "#ffffff";
    case CellTone::kGood:
      return "#dff2e1";
    case CellTone::kBad:
      return "#f9d9d6";
    case CellTone::kUnsure:
      return "#fbeecb";
  }
  return "#ffffff";
}

}  // namespace

std::string RenderTableSvg(const TableChart& t) {
  const size_t columns = t.header.size();
  std::vector<int> width(columns, 0);
  auto cell_text = [](std::string_view text) { return ShortenText(text, kMaxCellChars); };
  for (size_t c = 0; c < columns; ++c) {
    int chars = 3;
    for (const auto& row : t.rows) {
      if (c < row.size())
        chars = std::max(chars, static_cast<int>(Utf8Length(cell_text(row[c].text))));
    }
    const auto head_chars = static_cast<int>(Utf8Length(cell_text(t.header[c])));
    width[c] = std::max(chars * kCharWidth, head_chars * kHeadCharWidth) + 16;
  }
  int total_width = 2 * kMargin;
  for (int w : width) total_width += w;
  // The title (bold, 15px) and the note must fit too.
  total_width = std::max({total_width, 320, static_cast<int>(Utf8Length(t.title)) * 9 + 2 * kMargin,
                          static_cast<int>(Utf8Length(t.note)) * kCharWidth + 2 * kMargin});
  const int rows = static_cast<int>(t.rows.size()) + 1;
  const int height = kTitleHeight + rows * kRowHeight + (t.note.empty() ? 0 : 24) + kMargin;
  std::string out = internal::SvgHeader(total_width, height);
  absl::StrAppend(&out, "<text x=\"", kMargin, "\" y=\"24\" class=\"title\">");
  AppendXmlEscaped(&out, t.title);
  absl::StrAppend(&out, "</text>\n");
  auto draw_row = [&](int r, auto cell_at, bool head) {
    const int y = kTitleHeight + r * kRowHeight;
    int x = kMargin;
    for (size_t c = 0; c < columns; ++c) {
      const TableCell cell = cell_at(c);
      absl::StrAppend(&out, "<rect x=\"", x, "\" y=\"", y, "\" width=\"", width[c], "\" height=\"",
                      kRowHeight, "\" fill=\"", head ? "#eeeeee" : Fill(cell.tone),
                      "\" stroke=\"#bbbbbb\"/>");
      absl::StrAppend(&out, "<text x=\"", x + 8, "\" y=\"", y + 16, "\"",
                      head ? " class=\"head\"" : "", ">");
      AppendXmlEscaped(&out, cell_text(cell.text));
      if (Utf8Length(cell.text) > static_cast<int64_t>(kMaxCellChars)) {
        absl::StrAppend(&out, "<title>");
        AppendXmlEscaped(&out, cell.text);
        absl::StrAppend(&out, "</title>");
      }
      absl::StrAppend(&out, "</text>\n");
      x += width[c];
    }
  };
  draw_row(
      0,
      [&](size_t c) {
        return TableCell{t.header[c], CellTone::kPlain};
      },
      true);
  for (size_t r = 0; r < t.rows.size(); ++r) {
    draw_row(
        static_cast<int>(r) + 1,
        [&](size_t c) { return c < t.rows[r].size() ? t.rows[r][c] : TableCell{}; }, false);
  }
  if (!t.note.empty()) {
    absl::StrAppend(&out, "<text x=\"", kMargin, "\" y=\"", kTitleHeight + rows * kRowHeight + 18,
                    "\" fill=\"#555555\">");
    AppendXmlEscaped(&out, t.note);
    absl::StrAppend(&out, "</text>\n");
  }
  absl::StrAppend(&out, "</svg>\n");
  return out;
}

}  // namespace faultline::viz
