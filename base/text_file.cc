#include "base/text_file.h"

#include <filesystem>
#include <fstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "base/strings.h"

namespace faultline {

absl::StatusOr<std::string> ReadTextFile(const std::string& path, std::string_view what,
                                         std::string_view example, uint64_t max_bytes) {
  auto too_big = [&](uint64_t size) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": the ", Sv(what), " is ", size,
                                                   " bytes or more; the limit is ", max_bytes));
  };
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
  // One read into a buffer of the file's size: histories run to hundreds of MB, and a
  // stringstream would copy them twice while growing.
  std::string text;
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  in.seekg(0, std::ios::beg);
  if (size > 0 && static_cast<uint64_t>(size) > max_bytes) return too_big(static_cast<uint64_t>(size));
  if (size > 0) {
    text.resize(static_cast<size_t>(size));
    in.read(text.data(), size);
    text.resize(static_cast<size_t>(in.gcount()));
  }
  // A file that is not seekable (a pipe) or grew meanwhile: read what is left.
  if (in.eof() || size <= 0) in.clear();
  char chunk[65536];
  while (in.read(chunk, sizeof chunk) || in.gcount() > 0) {
    text.append(chunk, in.gcount());
    if (text.size() > max_bytes) return too_big(text.size());
  }
  if (in.bad()) return absl::NotFoundError(absl::StrCat(path, ": cannot read the ", Sv(what)));
  return text;
}

}  // namespace faultline
