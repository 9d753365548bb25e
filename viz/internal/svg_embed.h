// A standalone SVG document (RenderSvg's output) made fit to sit inside an HTML page next
// to other SVGs: an inline <svg>'s stylesheet applies to the whole page, and its ids share
// the page's namespace, so both are scoped.
//
//   std::string inline_svg = EmbeddableSvg(RenderSvg(d, o), "story", "st-");
//   // <svg class="story" ...><style>svg.story .ok{...}</style> ... url(#st-h0) ...
#ifndef FAULTLINE_VIZ_INTERNAL_SVG_EMBED_H_
#define FAULTLINE_VIZ_INTERNAL_SVG_EMBED_H_

#include <string>
#include <string_view>

namespace faultline::viz::internal {

// `svg` without its XML declaration; the root element gets class `cls`, every selector of
// its <style> elements is prefixed with "svg.`cls` ", and every id (with the url(#...) and
// href="#..." references to it) with `id_prefix`.
// REQUIRES: `svg` as RenderSvg writes it: rules of the form `selectors{declarations}`, no
// nested at-rules, no '{' or '}' inside declarations.
std::string EmbeddableSvg(std::string_view svg, std::string_view cls, std::string_view id_prefix);

}  // namespace faultline::viz::internal

#endif  // FAULTLINE_VIZ_INTERNAL_SVG_EMBED_H_
