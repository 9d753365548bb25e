#include "viz/internal/dot_legend.h"

#include "absl/strings/str_cat.h"

namespace faultline::viz::internal::dot {
namespace {

// One legend entry: a sample (a colour swatch, or coloured text) and what it means.
void Swatch(std::string* html, const char* colour, const char* meaning) {
  absl::StrAppend(html, "<TD BGCOLOR=\"", colour, "\" WIDTH=\"14\"> </TD>",
                  "<TD ALIGN=\"LEFT\"><FONT POINT-SIZE=\"8\">", meaning, "</FONT></TD>");
}
void Sample(std::string* html, const char* colour, const char* sample, const char* meaning) {
  absl::StrAppend(html, "<TD><FONT POINT-SIZE=\"9\" COLOR=\"", colour, "\">", sample,
                  "</FONT></TD><TD ALIGN=\"LEFT\"><FONT POINT-SIZE=\"8\">", meaning,
                  "</FONT></TD>");
}

}  // namespace

std::string LegendHtml() {
  std::string html = "<<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"2\"><TR>";
  Swatch(&html, "#2ca02c", "op ok");
  Swatch(&html, "#d62728", "op fail / node down");
  Swatch(&html, "#f0a500", "op info (timed out)");
  Swatch(&html, "#a0a0a0", "op pending / node paused");
  Swatch(&html, "#f6cabd", "partition");
  html += "</TR><TR>";
  Sample(&html, "#333333", "&#8212;&#9658;", "message delivered");
  Sample(&html, "#1f5fa8", "&#8212;&#9658;", "client request / reply");
  Sample(&html, "#d62728", "&#8212;&#215;", "message dropped");
  Sample(&html, "#333333", "- - &#9658;", "duplicate copy");
  Sample(&html, "#333333", "&#183;&#183;&#183;&#9655;", "still in flight");
  html += "</TR></TABLE>>";
  return html;
}

}  // namespace faultline::viz::internal::dot
