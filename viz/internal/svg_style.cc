#include "viz/internal/svg_style.h"

#include <set>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "base/strings.h"
#include "viz/kind_colours.h"

namespace faultline::viz::internal::svg {
namespace {

// The legend's generic message glyphs, which stand for every kind.
constexpr const char* kNeutral = "#555";

constexpr const char* kStyle = R"(<style>
text{font-family:'DejaVu Sans Mono',Menlo,Consolas,monospace;font-size:10px;fill:#222}
.title{font-family:'DejaVu Sans',Helvetica,Arial,sans-serif;font-size:16px;font-weight:bold}
.sub{font-size:11px;fill:#555}
.lg{font-size:11px;fill:#333}
.ax{fill:#777;text-anchor:end}
.grid{stroke:#efefef;stroke-width:1}
.gh{font-size:11px;fill:#888;text-anchor:middle;letter-spacing:2px}
.ghl{stroke:#ccc;stroke-width:1}
.ln{font-size:12px;font-weight:bold;text-anchor:middle}
.lnc{fill:#555}
.lr{fill:#aaa;text-anchor:middle}
.halo{paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round}
.lane{stroke:#9a9a9a;stroke-width:1.3}
.lanec{stroke:#c4c4c4;stroke-width:1.3}
.m{fill:none;stroke-width:1.3}
.dr{stroke-opacity:.6}
.dup{stroke-dasharray:6 3}
.fly{stroke-dasharray:2 3}
.x{stroke:#d62728;stroke-width:2.2;fill:none}
.aim{stroke:#d62728;stroke-opacity:.45;stroke-width:1;stroke-dasharray:1 3}
.mid{text-anchor:middle}
.end{text-anchor:end}
.ok{fill:#66bb6a;stroke:#2e7d32}
.fail{fill:#ef5350;stroke:#b71c1c}
.info{fill:#ffca28;stroke:#c68400}
.pend{fill:#eeeeee;stroke:#757575;stroke-dasharray:3 2}
.tok{fill:#2e7d32}
.tfail{fill:#b71c1c}
.tinfo{fill:#9a6700}
.tpend{fill:#616161}
.down{fill:url(#hatch-down);stroke:#8a8a8a}
.paused{fill:url(#hatch-paused);stroke:#d4a000}
.part{fill:#e53935;fill-opacity:.08;stroke:#e53935;stroke-opacity:.4}
.link{fill:url(#hatch-link);stroke:#7e57c2;stroke-opacity:.6;stroke-dasharray:5 3}
.tpart{fill:#b71c1c;font-weight:bold}
.tlink{fill:#5e35b1;font-weight:bold}
.g-start{fill:#43a047}
.g-crash{fill:#c62828}
.g-crash-x{stroke:#fff;stroke-width:2;fill:none}
.g-restart{fill:#2e7d32}
.g-pause{fill:#f0a800}
.g-bar{stroke:#fff;stroke-width:2}
.g-resume{fill:#f0a800}
.g-timer{fill:#fff;stroke:#888;stroke-width:1.2}
.g-clock{fill:#7e57c2}
.g-note{fill:#1565c0}
.tcrash{fill:#c62828;font-weight:bold}
.trestart{fill:#2e7d32;font-weight:bold}
.tpause{fill:#9a6700;font-weight:bold}
.tnote{fill:#0d47a1}
.tclock{fill:#5e35b1}
.tmark{fill:#555}
.cn{stroke:#37474f;stroke-width:1;stroke-dasharray:8 4}
.cap{font-family:'DejaVu Sans',Helvetica,Arial,sans-serif;font-size:13px;font-weight:bold;fill:#b71c1c}
.capok{font-family:'DejaVu Sans',Helvetica,Arial,sans-serif;font-size:13px;font-weight:bold;fill:#1b5e20}
.stk{fill:none;stroke:#c62828;stroke-width:3}
.focus{fill:none;stroke:#455a64;stroke-width:3}
.src{fill:none;stroke:#1565c0;stroke-width:2.5;stroke-dasharray:4 2}
.lostx{stroke:#b71c1c;stroke-width:2.5}
.rline{fill:none;stroke:#1565c0;stroke-width:1.6;stroke-dasharray:6 3}
.tcn{fill:#37474f;font-style:italic}
)";

}  // namespace

std::map<std::string, int> KindSlots(const Diagram& d) {
  std::map<std::string, int> slots;
  for (const Arrow& a : d.arrows) {
    if (!slots.contains(a.kind)) slots.emplace(a.kind, KindColourSlot(a.kind));
  }
  return slots;
}

void AppendStyleAndDefs(const std::map<std::string, int>& kind_slots, std::string* out) {
  std::set<int> slots;  // sorted, so the stylesheet does not depend on the kinds' names
  for (const auto& [kind, slot] : kind_slots) slots.insert(slot);
  out->append(kStyle);
  for (const int slot : slots) {
    const std::string_view hex = SlotColourHex(slot);
    absl::StrAppend(out, ".k", slot, "{stroke:", Sv(hex), "}.tk", slot, "{fill:", Sv(hex), "}\n");
  }
  absl::StrAppend(out, ".kn{stroke:", kNeutral, "}\n</style>\n<defs>\n");
  const auto marker = [&](std::string_view id, std::string_view colour) {
    absl::StrAppend(out, "<marker id=\"h", Sv(id),
                    "\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"6\" "
                    "markerHeight=\"6\" orient=\"auto\"><path d=\"M0,0L10,5L0,10z\" fill=\"",
                    Sv(colour), "\"/></marker>\n");
  };
  for (const int slot : slots) marker(absl::StrCat(slot), SlotColourHex(slot));
  marker("n", kNeutral);
  out->append(
      "<pattern id=\"hatch-down\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
      "patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#e6e6e6\"/>"
      "<rect width=\"2\" height=\"6\" fill=\"#8a8a8a\"/></pattern>\n"
      "<pattern id=\"hatch-paused\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\">"
      "<rect width=\"6\" height=\"6\" fill=\"#fff3c4\"/>"
      "<rect width=\"6\" height=\"2\" fill=\"#e8b400\"/></pattern>\n"
      "<pattern id=\"hatch-link\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\" "
      "patternTransform=\"rotate(-45)\"><rect width=\"8\" height=\"8\" fill=\"#7e57c2\" "
      "fill-opacity=\".05\"/><rect width=\"1.5\" height=\"8\" fill=\"#7e57c2\" "
      "fill-opacity=\".3\"/></pattern>\n"
      "</defs>\n");
}

}  // namespace faultline::viz::internal::svg
