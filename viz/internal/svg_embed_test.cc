#include "viz/internal/svg_embed.h"

#include <gtest/gtest.h>

#include <string>

namespace faultline::viz::internal {
namespace {

TEST(SvgEmbedTest, ScopesStyleAndIds) {
  const std::string svg =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\">\n<style>\n"
      "text{fill:#222}\n.ok,.fail{stroke:#000}\n.k0{stroke:#1f62d0}.tk0{fill:#1f62d0}\n"
      "</style>\n<defs><marker id=\"h0\"></marker><pattern id=\"hatch-down\"></pattern></defs>\n"
      "<path class=\"m\" marker-end=\"url(#h0)\"/><rect style=\"fill:url(#hatch-down)\"/>"
      "<title>id=&quot;x&quot;</title>\n</svg>\n";
  EXPECT_EQ(EmbeddableSvg(svg, "story", "st-"),
            "<svg class=\"story\" xmlns=\"http://www.w3.org/2000/svg\" width=\"10\">\n<style>\n"
            "svg.story text{fill:#222}\nsvg.story .ok,svg.story .fail{stroke:#000}\n"
            "svg.story .k0{stroke:#1f62d0}svg.story .tk0{fill:#1f62d0}\n</style>\n"
            "<defs><marker id=\"st-h0\"></marker><pattern id=\"st-hatch-down\"></pattern></defs>\n"
            "<path class=\"m\" marker-end=\"url(#st-h0)\"/><rect style=\"fill:url(#st-hatch-down)\"/>"
            "<title>id=&quot;x&quot;</title>\n</svg>\n");
}

TEST(SvgEmbedTest, WithoutDeclarationOrStyle) {
  EXPECT_EQ(EmbeddableSvg("<svg width=\"1\"></svg>", "s", "p-"),
            "<svg class=\"s\" width=\"1\"></svg>");
}

}  // namespace
}  // namespace faultline::viz::internal
