#include "viz/internal/failure_svg.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "base/strings.h"
#include "viz/xml_text.h"

namespace faultline::viz::internal::failure {
namespace {

constexpr int64_t kLegendRowH = 22;

constexpr char kStyle[] = R"(<style>
.tl text{font-family:'DejaVu Sans Mono',Menlo,Consolas,monospace;font-size:10px;fill:#222}
.tl .tt{font-family:'DejaVu Sans',Helvetica,Arial,sans-serif;font-size:14px;font-weight:bold}
.tl .ts{fill:#555}
.tl .tax{fill:#666;text-anchor:middle}
.tl .taxl{stroke:#999;stroke-width:1}
.tl .tgrid{stroke:#eee;stroke-width:1}
.tl .trow{stroke:#e0e0e0;stroke-width:1}
.tl .tname{font-size:11px;font-weight:bold;text-anchor:end}
.tl .tfname{font-size:11px;fill:#666;text-anchor:end}
.tl .tnone{fill:#888;font-style:italic}
.tl .tok{fill:#66bb6a;stroke:#2e7d32}
.tl .tfail{fill:#ef5350;stroke:#b71c1c}
.tl .tinfo{fill:url(#tl-fade);stroke:url(#tl-fade-edge)}
.tl .tstuck{fill:none;stroke:#c62828;stroke-width:2.5}
.tl .tconc{fill:none;stroke:#1565c0;stroke-width:1.6;stroke-dasharray:4 2}
.tl .twin{fill:#c62828;fill-opacity:.06;stroke:#c62828;stroke-opacity:.5;stroke-dasharray:3 3}
.tl .twint{fill:#c62828;text-anchor:middle}
.tl .tbadge{fill:#37474f}
.tl .tbadget{fill:#fff;font-size:9px;font-weight:bold;text-anchor:middle}
.tl .tol{fill:#333}
.tl .tols{fill:#b71c1c;font-weight:bold}
.tl .tpart{fill:#e53935;fill-opacity:.16;stroke:#e53935;stroke-opacity:.6}
.tl .tparts{fill:#e53935;fill-opacity:.05}
.tl .tdown{fill:url(#tl-hatch-down);stroke:#8a8a8a}
.tl .tpaused{fill:url(#tl-hatch-paused);stroke:#d4a000}
.tl .tclock{fill:#7e57c2}
.tl .tlink{fill:#5e35b1}
.tl .tft{fill:#333;paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round}
.tl .tnote{fill:#555;font-style:italic}
.tl .op:hover rect,.tl .op.hl rect,.tl .op:target rect{stroke-width:3}
</style>
)";

constexpr char kDefs[] = R"svg(<defs>
<linearGradient id="tl-fade"><stop offset="0" stop-color="#ffca28"/><stop offset="0.6" stop-color="#ffca28" stop-opacity=".45"/><stop offset="1" stop-color="#ffca28" stop-opacity="0"/></linearGradient>
<linearGradient id="tl-fade-edge"><stop offset="0" stop-color="#c68400"/><stop offset="1" stop-color="#c68400" stop-opacity="0"/></linearGradient>
<pattern id="tl-hatch-down" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#e6e6e6"/><rect width="2" height="6" fill="#8a8a8a"/></pattern>
<pattern id="tl-hatch-paused" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="#fff3c4"/><rect width="6" height="2" fill="#e8b400"/></pattern>
</defs>
)svg";

// A legend swatch 24px wide at (x, y).
void AppendSwatch(std::string* out, std::string_view s, int64_t x, int64_t y) {
  if (s == "ok" || s == "fail" || s == "info") {
    Rect(out, x, y + 1, 24, 10, absl::StrCat("t", Sv(s)));
  } else if (s == "badge") {
    Rect(out, x + 4, y, 14, 13, "tbadge", " rx=\"6\"");
    Text(out, x + 11, y + 10, "tbadget", "1");
  } else if (s == "stuck" || s == "conc") {
    Rect(out, x + 2, y + 3, 20, 6, "tok");
    Rect(out, x - 1, y - 1, 26, 14, s == "stuck" ? "tstuck" : "tconc", " rx=\"3\"");
  } else if (s == "win") {
    Rect(out, x, y - 2, 24, 16, "twin");
  } else if (s == "part") {
    Rect(out, x, y, 24, 12, "tpart");
  } else if (s == "down" || s == "paused") {
    Rect(out, x, y, 24, 12, s == "down" ? "tdown" : "tpaused");
  } else if (s == "clock") {
    absl::StrAppend(out, "<path class=\"tclock\" d=\"M", x + 12, ",", y, "L", x + 18, ",", y + 6,
                    "L", x + 12, ",", y + 12, "L", x + 6, ",", y + 6, "z\"/>\n");
  } else if (s == "link") {
    absl::StrAppend(out, "<path class=\"tlink\" d=\"M", x + 6, ",", y + 1, "L", x + 18, ",", y + 1,
                    "L", x + 12, ",", y + 12, "z\"/>\n");
  }
}

}  // namespace

std::string Esc(std::string_view text) { return XmlEscaped(text); }

int64_t TextW(std::string_view text) { return Utf8Length(text) * kCharW; }

void Rect(std::string* out, int64_t x, int64_t y, int64_t w, int64_t h, std::string_view cls,
          std::string_view extra) {
  absl::StrAppend(out, "<rect class=\"", Sv(cls), "\" x=\"", x, "\" y=\"", y, "\" width=\"",
                  std::max<int64_t>(w, 1), "\" height=\"", h, "\"", Sv(extra), "/>\n");
}

void Text(std::string* out, int64_t x, int64_t y, std::string_view cls, std::string_view text) {
  absl::StrAppend(out, "<text class=\"", Sv(cls), "\" x=\"", x, "\" y=\"", y, "\">", Esc(text),
                  "</text>\n");
}

void Line(std::string* out, int64_t x1, int64_t y1, int64_t x2, int64_t y2, std::string_view cls) {
  absl::StrAppend(out, "<line class=\"", Sv(cls), "\" x1=\"", x1, "\" y1=\"", y1, "\" x2=\"", x2,
                  "\" y2=\"", y2, "\"/>\n");
}

void Title(std::string* out, std::string_view text) {
  absl::StrAppend(out, "<title>", Esc(text), "</title>");
}

bool Extents::Take(int64_t from, int64_t to) {
  for (const auto& [a, b] : taken_) {
    if (from < b && to > a) return false;
  }
  taken_.push_back({from, to});
  return true;
}

void AppendStyleAndDefs(std::string* out) {
  out->append(kStyle);
  out->append(kDefs);
}

int64_t AppendLegend(std::string* out, int64_t top, int64_t width) {
  struct Item {
    const char* swatch;
    const char* text;
  };
  const Item items[] = {
      {"ok", "ok"},
      {"info", "info: may take effect later, or never"},
      {"fail", "fail: did not happen"},
      {"badge", "order in the linearizable prefix"},
      {"stuck", "cannot be placed"},
      {"conc", "concurrent with it"},
      {"win", "its interval"},
      {"part", "partition"},
      {"down", "node down"},
      {"paused", "paused"},
      {"clock", "clock change"},
      {"link", "link fault"},
  };
  int64_t x = 12;
  int64_t y = top;
  for (const Item& item : items) {
    const int64_t w = 30 + TextW(item.text) + 18;
    if (x + w > width - 8 && x > 12) {
      x = 12;
      y += kLegendRowH;
    }
    AppendSwatch(out, item.swatch, x, y);
    Text(out, x + 30, y + 10, "tol", item.text);
    x += w;
  }
  return y + kLegendRowH;
}

}  // namespace faultline::viz::internal::failure
