// The legend: one entry per kind of thing the picture contains (a legend for an empty
// category only adds reading), then one entry per message kind in its colour.
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "viz/internal/svg_renderer.h"
#include "viz/internal/svg_writer.h"
#include "viz/label_text.h"
#include "viz/xml_text.h"

namespace faultline::viz::internal::svg {
namespace {

enum class Glyph : uint8_t {
  kMessage,
  kLost,
  kDuplicate,
  kInFlight,
  kOp,
  kSpan,
  kBand,
  kMark,
  kClusterNote,
  kKind,
  kText
};

struct Entry {
  Glyph glyph = Glyph::kText;
  std::string text;
  std::string cls;  // the glyph's class (op outcome, span or band type, kind colour)
  MarkType mark = MarkType::kNote;
  bool new_line = false;  // start a new legend line with this entry
};

constexpr int64_t kGlyphWidth = 28 * kPx;
constexpr int64_t kCharWidth = 66;  // 11 px monospace, in tenths
constexpr int64_t kEntryGap = 16 * kPx;
constexpr int64_t kLineHeight = 18 * kPx;
constexpr int64_t kLeft = 12 * kPx;

std::vector<Entry> Entries(const Diagram& d, const std::map<std::string, int>& kind_slot) {
  bool fate[3] = {false, false, false};
  bool duplicate = false;
  for (const Arrow& a : d.arrows) {
    fate[static_cast<int>(a.fate)] = true;
    duplicate = duplicate || a.duplicate;
  }
  bool outcome[4] = {false, false, false, false};
  for (const OpBar& op : d.ops) outcome[static_cast<int>(op.outcome)] = true;
  bool span[2] = {false, false};
  for (const Span& s : d.spans) span[static_cast<int>(s.type)] = true;
  bool band[2] = {false, false};
  for (const Band& b : d.bands) band[static_cast<int>(b.type)] = true;
  bool mark[8] = {};
  for (const Mark& m : d.marks) mark[static_cast<int>(m.type)] = true;

  std::vector<Entry> entries;
  const auto add = [&](bool present, Glyph glyph, std::string text, std::string cls) {
    if (!present) return;
    Entry e;
    e.glyph = glyph;
    e.text = std::move(text);
    e.cls = std::move(cls);
    entries.push_back(std::move(e));
  };
  add(fate[0], Glyph::kMessage, "message: send \xE2\x86\x92 delivery", "");
  add(fate[1], Glyph::kLost, "lost (hover: why)", "");
  add(duplicate, Glyph::kDuplicate, "duplicate", "");
  add(fate[2], Glyph::kInFlight, "still in flight", "");
  add(outcome[0], Glyph::kOp, "op ok", "ok");
  add(outcome[1], Glyph::kOp, "op failed", "fail");
  add(outcome[2], Glyph::kOp, "op info (timed out, unknown)", "info");
  add(outcome[3], Glyph::kOp, "op pending", "pend");
  add(span[0], Glyph::kSpan, "node down", "down");
  add(span[1], Glyph::kSpan, "paused", "paused");
  add(band[0], Glyph::kBand, "partition", "part");
  add(band[1], Glyph::kBand, "link fault", "link");
  for (int t = 0; t < 8; ++t) {
    if (!mark[t]) continue;
    add(true, Glyph::kMark, std::string(MarkName(static_cast<MarkType>(t))), "");
    entries.back().mark = static_cast<MarkType>(t);
  }
  add(!d.cluster_notes.empty(), Glyph::kClusterNote, "run phase / cluster note", "");
  if (!kind_slot.empty()) {
    add(true, Glyph::kText, "message kinds:", "");
    entries.back().new_line = true;
  }
  for (const auto& [kind, slot] : kind_slot) {
    add(true, Glyph::kKind, kind.empty() ? "(none)" : ShortenText(kind, 24), absl::StrCat(slot));
  }
  return entries;
}

// Draws an entry's glyph in the box [x, x + kGlyphWidth) centred on y.
void AppendGlyph(const Entry& e, int64_t x, int64_t y, std::string* out) {
  const int64_t x1 = x + 2 * kPx;
  const int64_t x2 = x + kGlyphWidth - 6 * kPx;
  const auto rect = [&](std::string_view cls, int64_t rx, int64_t w, int64_t h) {
    out->append("<rect");
    AttrText(out, "class", cls);
    Attr(out, "x", rx);
    Attr(out, "y", y - h / 2);
    Attr(out, "width", w);
    Attr(out, "height", h);
    out->append("/>");
  };
  switch (e.glyph) {
    case Glyph::kMessage:
    case Glyph::kDuplicate:
    case Glyph::kInFlight:
    case Glyph::kKind: {
      const std::string colour = e.glyph == Glyph::kKind ? e.cls : "n";
      std::string cls = absl::StrCat("m k", colour);
      if (e.glyph == Glyph::kDuplicate) cls.append(" dup");
      if (e.glyph == Glyph::kInFlight) cls.append(" fly");
      out->append("<line");
      AttrText(out, "class", cls);
      Attr(out, "x1", x1);
      Attr(out, "y1", y - 4 * kPx);
      Attr(out, "x2", x2);
      Attr(out, "y2", y + 4 * kPx);
      absl::StrAppend(out, " marker-end=\"url(#h", colour, ")\"/>");
      break;
    }
    case Glyph::kLost:
      AppendLine(out, "m kn dr", x1, y - 4 * kPx, x2 - 4 * kPx, y + 2 * kPx);
      AppendCross(out, "x", x2 - 4 * kPx, y + 2 * kPx, 4 * kPx);
      break;
    case Glyph::kOp:
      rect(e.cls, x + 9 * kPx, 10 * kPx, 14 * kPx);
      break;
    case Glyph::kSpan:
      rect(e.cls, x + 8 * kPx, 12 * kPx, 14 * kPx);
      break;
    case Glyph::kBand:
      rect(e.cls, x, kGlyphWidth - 4 * kPx, 12 * kPx);
      break;
    case Glyph::kMark:
      AppendMarkGlyph(out, e.mark, x + 12 * kPx, y);
      break;
    case Glyph::kClusterNote:
      AppendLine(out, "cn", x, y, x + kGlyphWidth - 4 * kPx, y);
      break;
    case Glyph::kText:
      break;
  }
}

}  // namespace

int64_t SvgRenderer::WriteLegend(int64_t top, std::string* out) {
  const std::vector<Entry> entries = Entries(d_, kind_slot_);
  if (entries.empty()) return top;
  const int64_t right = layout_.width - kLeft;
  int64_t x = kLeft;
  int64_t y = top + kLineHeight / 2;  // the centre of the current line
  out->append("<g>");
  for (const Entry& e : entries) {
    const int64_t glyph = e.glyph == Glyph::kText ? 0 : kGlyphWidth;
    const int64_t width = glyph + Utf8Length(e.text) * kCharWidth;
    if (x > kLeft && (e.new_line || x + width > right)) {
      x = kLeft;
      y += kLineHeight;
    }
    AppendGlyph(e, x, y, out);
    out->append("<text class=\"lg\"");
    Attr(out, "x", x + glyph);
    Attr(out, "y", y + 4 * kPx);
    out->push_back('>');
    AppendXmlEscaped(out, e.text);
    out->append("</text>");
    x += width + kEntryGap;
  }
  out->append("</g>\n");
  return y + kLineHeight / 2;
}

}  // namespace faultline::viz::internal::svg
