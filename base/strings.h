// Bridges std::string_view and Debian's Abseil.
//
// Debian builds Abseil 20220623 with its own absl::string_view (not an alias of
// std::string_view), so absl::StrCat and friends do not accept a std::string_view.
// Wrap such arguments: absl::StrCat("unknown key '", Sv(key), "'").
#ifndef FAULTLINE_BASE_STRINGS_H_
#define FAULTLINE_BASE_STRINGS_H_

#include <string>
#include <string_view>

#include "absl/strings/string_view.h"

namespace faultline {

inline absl::string_view Sv(std::string_view s) { return absl::string_view(s.data(), s.size()); }

// `text` cut to its first `max` bytes plus "... (N bytes)" when longer: for messages that
// quote the user's input, which may be a pasted megabyte.
inline std::string Abbreviate(std::string_view text, size_t max) {
  if (text.size() <= max) return std::string(text);
  return std::string(text.substr(0, max)) + "... (" + std::to_string(text.size()) + " bytes)";
}

}  // namespace faultline

#endif  // FAULTLINE_BASE_STRINGS_H_
