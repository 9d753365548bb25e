// The diagram formats faultline can write: name -> renderer and file extension. The one
// place that knows every renderer; `faultline viz --format NAME` and a scenario's
// `outputs: [diagram.svg]` both look formats up here.
//
//   const Format* f = FindFormat("svg");          // nullptr if unknown
//   const Format* g = FormatForFile("run.mmd");   // by extension: mermaid
//   std::string text = f->render(diagram, RenderOptions{});
#ifndef FAULTLINE_VIZ_FORMATS_H_
#define FAULTLINE_VIZ_FORMATS_H_

#include <string>
#include <string_view>
#include <vector>

#include "viz/diagram.h"
#include "viz/render_options.h"

namespace faultline::viz {

using Renderer = std::string (*)(const Diagram&, const RenderOptions&);

struct Format {
  std::string_view name;                     // "svg", as --format takes it
  std::vector<std::string_view> extensions;  // file endings, the usual one first: ".svg"
  Renderer render = nullptr;
};

// Every format, in a fixed order.
const std::vector<Format>& Formats();
const Format* FindFormat(std::string_view name);
// The format whose extension `file_name` ends with (the longest match), or nullptr.
const Format* FormatForFile(std::string_view file_name);
std::vector<std::string> FormatNames();
std::vector<std::string> FormatExtensions();

}  // namespace faultline::viz

#endif  // FAULTLINE_VIZ_FORMATS_H_
