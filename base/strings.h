// Bridges std::string_view and Debian's Abseil.
//
// Debian builds Abseil 20220623 with its own absl::string_view (not an alias of
// std::string_view), so absl::StrCat and friends do not accept a std::string_view.
// Wrap such arguments: absl::StrCat("unknown key '", Sv(key), "'").
#ifndef FAULTLINE_BASE_STRINGS_H_
#define FAULTLINE_BASE_STRINGS_H_

#include <string_view>

#include "absl/strings/string_view.h"

namespace faultline {

inline absl::string_view Sv(std::string_view s) { return absl::string_view(s.data(), s.size()); }

}  // namespace faultline

#endif  // FAULTLINE_BASE_STRINGS_H_
