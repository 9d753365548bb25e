#include "sim/text_file.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "sim/strings.h"

namespace faultline::sim {

absl::StatusOr<std::string> ReadTextFile(const std::string& path, std::string_view what,
                                         std::string_view example) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": is a directory; give a ", Sv(what), " (", Sv(example), ")"));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::NotFoundError(
        absl::StrCat(path, ": cannot open the ", Sv(what), "; check the path"));
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return absl::NotFoundError(absl::StrCat(path, ": cannot read the ", Sv(what)));
  return text.str();
}

}  // namespace faultline::sim
