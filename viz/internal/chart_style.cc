#include "viz/internal/chart_style.h"

#include <array>

#include "absl/strings/str_cat.h"

namespace faultline::viz::internal {

SeriesStyle StyleFor(size_t index) {
  static constexpr std::array<const char*, 8> kColours = {
      "#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000", "#f0e442"};
  static constexpr std::array<const char*, 3> kDashes = {"", " stroke-dasharray=\"7 4\"",
                                                         " stroke-dasharray=\"2 3\""};
  return {kColours[index % kColours.size()], kDashes[(index / kColours.size()) % kDashes.size()]};
}

std::string SvgHeader(int width, int height) {
  return absl::StrCat(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"", width, "\" height=\"", height,
      "\" viewBox=\"0 0 ", width, " ", height,
      "\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" font-size=\"12\">\n",
      "<style>\n", ".grid { stroke: #e3e3e3; stroke-width: 1; }\n",
      ".frame { fill: none; stroke: #555555; stroke-width: 1; }\n",
      ".title { font-size: 15px; font-weight: bold; }\n",
      ".empty { fill: #888888; font-size: 14px; }\n", ".head { font-weight: bold; }\n",
      "</style>\n", "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
}

}  // namespace faultline::viz::internal
