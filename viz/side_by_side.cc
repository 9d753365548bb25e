#include "viz/side_by_side.h"

#include <algorithm>
#include <cstdint>
#include <optional>

#include "absl/strings/str_cat.h"
#include "base/strings.h"
#include "viz/xml_text.h"

namespace faultline::viz {
namespace {

constexpr int64_t kGapTenths = 400;    // 40 px between the pictures
constexpr int64_t kHeadTenths = 400;   // 40 px for the heading

// A length attribute of the root element in tenths of a pixel ("1396" or "1396.5").
std::optional<int64_t> LengthTenths(std::string_view tag, std::string_view name) {
  const std::string key = absl::StrCat(" ", Sv(name), "=\"");
  const size_t at = tag.find(key);
  if (at == std::string_view::npos) return std::nullopt;
  int64_t tenths = 0;
  int decimals = -1;
  size_t i = at + key.size();
  for (; i < tag.size() && tag[i] != '"'; ++i) {
    if (tag[i] == '.' && decimals < 0) {
      decimals = 0;
    } else if (tag[i] >= '0' && tag[i] <= '9' && decimals < 1) {
      tenths = tenths * 10 + (tag[i] - '0');
      if (decimals >= 0) ++decimals;
    } else if (!(tag[i] >= '0' && tag[i] <= '9')) {
      return std::nullopt;
    }
  }
  if (i == tag.size() || tenths > (int64_t{1} << 40)) return std::nullopt;
  return decimals == 1 ? tenths : tenths * 10;
}

struct Picture {
  std::string_view body;  // from the root <svg ...> to its end
  std::string_view tag;   // the root start tag
  int64_t width = 0;      // tenths
  int64_t height = 0;
};

absl::StatusOr<Picture> Read(std::string_view svg, std::string_view which) {
  Picture p;
  const size_t open = svg.find("<svg");
  const size_t close = open == std::string_view::npos ? open : svg.find('>', open);
  if (close == std::string_view::npos) {
    return absl::InvalidArgumentError(absl::StrCat("the ", Sv(which), " picture is not an SVG"));
  }
  p.body = svg.substr(open);
  p.tag = svg.substr(open, close - open + 1);
  std::optional<int64_t> w = LengthTenths(p.tag, "width");
  std::optional<int64_t> h = LengthTenths(p.tag, "height");
  if (!w || !h) {
    return absl::InvalidArgumentError(
        absl::StrCat("the ", Sv(which), " picture's <svg> has no width and height in pixels"));
  }
  p.width = *w;
  p.height = *h;
  return p;
}

// The picture nested at x, y: its root tag gains the position.
void AppendNested(std::string* out, const Picture& p, int64_t x, int64_t y) {
  out->append("<svg x=\"");
  AppendTenths(out, x);
  out->append("\" y=\"");
  AppendTenths(out, y);
  out->append("\"");
  out->append(p.body.substr(4));  // after "<svg"
  if (out->back() != '\n') out->push_back('\n');
}

}  // namespace

absl::StatusOr<std::string> SideBySideSvg(std::string_view left, std::string_view right,
                                          std::string_view title) {
  absl::StatusOr<Picture> a = Read(left, "left");
  if (!a.ok()) return a.status();
  absl::StatusOr<Picture> b = Read(right, "right");
  if (!b.ok()) return b.status();
  const int64_t width = a->width + kGapTenths + b->width;
  const int64_t height = kHeadTenths + std::max(a->height, b->height);
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"");
  AppendTenths(&out, width);
  out.append("\" height=\"");
  AppendTenths(&out, height);
  out.append("\" viewBox=\"0 0 ");
  AppendTenths(&out, width);
  out.push_back(' ');
  AppendTenths(&out, height);
  out.append("\">\n<title>");
  AppendXmlEscaped(&out, title);
  out.append("</title>\n<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n");
  out.append(
      "<text x=\"12\" y=\"26\" style=\"font-family:'DejaVu Sans',Helvetica,Arial,sans-serif;"
      "font-size:18px;font-weight:bold;fill:#222\">");
  AppendXmlEscaped(&out, title);
  out.append("</text>\n");
  AppendNested(&out, *a, 0, kHeadTenths);
  out.append("<line x1=\"");
  AppendTenths(&out, a->width + kGapTenths / 2);
  out.append("\" y1=\"");
  AppendTenths(&out, kHeadTenths);
  out.append("\" x2=\"");
  AppendTenths(&out, a->width + kGapTenths / 2);
  out.append("\" y2=\"");
  AppendTenths(&out, height);
  out.append("\" stroke=\"#bbb\" stroke-width=\"2\"/>\n");
  AppendNested(&out, *b, a->width + kGapTenths, kHeadTenths);
  out.append("</svg>\n");
  return out;
}

}  // namespace faultline::viz
