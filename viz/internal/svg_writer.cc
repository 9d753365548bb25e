#include "viz/internal/svg_writer.h"

#include "absl/strings/str_cat.h"
#include "viz/internal/svg_layout.h"
#include "viz/xml_text.h"

namespace faultline::viz::internal::svg {

void Attr(std::string* out, std::string_view name, int64_t tenths) {
  out->push_back(' ');
  out->append(name);
  out->append("=\"");
  AppendTenths(out, tenths);
  out->push_back('"');
}

void AttrText(std::string* out, std::string_view name, std::string_view text) {
  out->push_back(' ');
  out->append(name);
  out->append("=\"");
  AppendXmlEscaped(out, text);
  out->push_back('"');
}

void AppendTitle(std::string* out, std::string_view text) {
  if (text.empty()) return;
  out->append("<title>");
  AppendXmlEscaped(out, text);
  out->append("</title>");
}

void AppendLine(std::string* out, std::string_view cls, int64_t x1, int64_t y1, int64_t x2,
                int64_t y2) {
  out->append("<line");
  if (!cls.empty()) AttrText(out, "class", cls);
  Attr(out, "x1", x1);
  Attr(out, "y1", y1);
  Attr(out, "x2", x2);
  Attr(out, "y2", y2);
  out->append("/>");
}

namespace {

// Appends a path's d attribute from points in tenths: "M x,y L x,y ...".
void AppendPoint(std::string* out, char op, int64_t x, int64_t y) {
  out->push_back(op);
  AppendTenths(out, x);
  out->push_back(',');
  AppendTenths(out, y);
}

}  // namespace

void AppendCross(std::string* out, std::string_view cls, int64_t x, int64_t y, int64_t r) {
  out->append("<path");
  AttrText(out, "class", cls);
  out->append(" d=\"");
  AppendPoint(out, 'M', x - r, y - r);
  AppendPoint(out, 'L', x + r, y + r);
  AppendPoint(out, 'M', x - r, y + r);
  AppendPoint(out, 'L', x + r, y - r);
  out->append("\"/>");
}

void AppendMarkGlyph(std::string* out, MarkType type, int64_t x, int64_t y) {
  const auto circle = [&](std::string_view cls, int64_t r) {
    out->append("<circle");
    AttrText(out, "class", cls);
    Attr(out, "cx", x);
    Attr(out, "cy", y);
    Attr(out, "r", r);
    out->append("/>");
  };
  const auto polygon = [&](std::string_view cls, std::initializer_list<int64_t> xy) {
    out->append("<path");
    AttrText(out, "class", cls);
    out->append(" d=\"");
    char op = 'M';
    for (auto it = xy.begin(); it != xy.end(); it += 2) {
      AppendPoint(out, op, x + it[0], y + it[1]);
      op = 'L';
    }
    out->append("Z\"/>");
  };
  switch (type) {
    case MarkType::kStart:
      circle("g-start", 4 * kPx);
      break;
    case MarkType::kCrash:
      circle("g-crash", 7 * kPx);
      AppendCross(out, "g-crash-x", x, y, 3 * kPx);
      break;
    case MarkType::kRestart:  // a triangle pointing up: the node comes back
      polygon("g-restart", {0, -7 * kPx, 7 * kPx, 5 * kPx, -7 * kPx, 5 * kPx});
      break;
    case MarkType::kPause:  // a pause sign
      out->append("<rect class=\"g-pause\"");
      Attr(out, "x", x - 6 * kPx);
      Attr(out, "y", y - 6 * kPx);
      Attr(out, "width", 12 * kPx);
      Attr(out, "height", 12 * kPx);
      out->append(" rx=\"2\"/>");
      AppendLine(out, "g-bar", x - 2 * kPx, y - 3 * kPx, x - 2 * kPx, y + 3 * kPx);
      AppendLine(out, "g-bar", x + 2 * kPx, y - 3 * kPx, x + 2 * kPx, y + 3 * kPx);
      break;
    case MarkType::kResume:  // a play sign
      polygon("g-resume", {-5 * kPx, -6 * kPx, 7 * kPx, 0, -5 * kPx, 6 * kPx});
      break;
    case MarkType::kTimer:
      circle("g-timer", 3 * kPx);
      break;
    case MarkType::kClock:  // a diamond
      polygon("g-clock", {0, -5 * kPx, 5 * kPx, 0, 0, 5 * kPx, -5 * kPx, 0});
      break;
    case MarkType::kNote:
      circle("g-note", 4 * kPx);
      break;
  }
}

std::string WithCommas(int64_t n) {
  const uint64_t magnitude = n < 0 ? 0 - static_cast<uint64_t>(n) : static_cast<uint64_t>(n);
  const std::string digits = absl::StrCat(magnitude);
  std::string out = n < 0 ? "-" : "";
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

}  // namespace faultline::viz::internal::svg
