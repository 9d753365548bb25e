#include "viz/internal/svg_embed.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"
#include "base/strings.h"

namespace faultline::viz::internal {
namespace {

// "a{x}.b,.c{y}" -> "svg.cls a{x}svg.cls .b,svg.cls .c{y}", keeping line breaks.
std::string ScopeRules(std::string_view css, std::string_view scope) {
  std::string out;
  while (!css.empty()) {
    const size_t open = css.find('{');
    if (open == std::string_view::npos) {
      out.append(css.data(), css.size());  // trailing white space
      break;
    }
    const size_t close = css.find('}', open);
    const std::string_view selectors = css.substr(0, open);
    for (size_t from = 0; from <= selectors.size();) {
      const size_t comma = std::min(selectors.find(',', from), selectors.size());
      const std::string_view sel = selectors.substr(from, comma - from);
      if (from > 0) out.push_back(',');
      from = comma + 1;
      // Keep the white space before a selector (a line break) outside the prefix.
      const size_t start = sel.find_first_not_of(" \n\t");
      if (start == std::string_view::npos) continue;
      absl::StrAppend(&out, Sv(sel.substr(0, start)), Sv(scope), " ", Sv(sel.substr(start)));
    }
    const size_t end = close == std::string_view::npos ? css.size() : close + 1;
    out.append(css.data() + open, end - open);
    css.remove_prefix(end);
  }
  return out;
}

}  // namespace

std::string EmbeddableSvg(std::string_view svg, std::string_view cls, std::string_view id_prefix) {
  if (absl::StartsWith(Sv(svg), "<?xml")) {
    const size_t end = svg.find("?>");
    svg.remove_prefix(end == std::string_view::npos ? svg.size() : end + 2);
    while (!svg.empty() && (svg.front() == '\n' || svg.front() == '\r')) svg.remove_prefix(1);
  }
  const std::string scope = absl::StrCat("svg.", Sv(cls));
  std::string out;
  out.reserve(svg.size() + 4096);
  size_t at = 0;
  for (;;) {
    const size_t open = svg.find("<style>", at);
    if (open == std::string_view::npos) break;
    const size_t body = open + 7;
    const size_t close = svg.find("</style>", body);
    if (close == std::string_view::npos) break;
    out.append(svg.data() + at, body - at);
    out.append(ScopeRules(svg.substr(body, close - body), scope));
    at = close;
  }
  out.append(svg.data() + at, svg.size() - at);
  // Ids and references. Text is escaped (quotes are &quot;), so these patterns are markup.
  out = absl::StrReplaceAll(out, {{" id=\"", absl::StrCat(" id=\"", Sv(id_prefix))},
                                  {"url(#", absl::StrCat("url(#", Sv(id_prefix))},
                                  {"href=\"#", absl::StrCat("href=\"#", Sv(id_prefix))}});
  if (absl::StartsWith(out, "<svg ")) {
    out.insert(4, absl::StrCat(" class=\"", Sv(cls), "\""));
  }
  return out;
}

}  // namespace faultline::viz::internal
