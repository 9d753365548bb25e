#include "viz/formats.h"

#include "viz/dot.h"
#include "viz/mermaid.h"
#include "viz/perfetto.h"
#include "viz/shiviz.h"
#include "viz/svg.h"

namespace faultline::viz {
namespace {

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() > suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

const std::vector<Format>& Formats() {
  // A renderer is added here, with its header, when it lands.
  static const std::vector<Format>* formats = new std::vector<Format>{
      {"svg", {".svg"}, RenderSvg},
      {"dot", {".dot", ".gv"}, RenderDot},
      {"mermaid", {".mermaid", ".mmd"}, RenderMermaid},
      {"perfetto", {".perfetto.json"}, RenderPerfetto},
      {"shiviz", {".shiviz", ".shiviz.log"}, RenderShiViz},
  };
  return *formats;
}

const Format* FindFormat(std::string_view name) {
  for (const Format& f : Formats()) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

const Format* FormatForFile(std::string_view file_name) {
  const Format* best = nullptr;
  size_t best_size = 0;
  for (const Format& f : Formats()) {
    for (std::string_view e : f.extensions) {
      if (EndsWith(file_name, e) && e.size() > best_size) {
        best = &f;
        best_size = e.size();
      }
    }
  }
  return best;
}

std::vector<std::string> FormatNames() {
  std::vector<std::string> names;
  for (const Format& f : Formats()) names.emplace_back(f.name);
  return names;
}

std::vector<std::string> FormatExtensions() {
  std::vector<std::string> extensions;
  for (const Format& f : Formats()) {
    for (std::string_view e : f.extensions) extensions.emplace_back(e);
  }
  return extensions;
}

}  // namespace faultline::viz
