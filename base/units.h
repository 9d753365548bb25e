// Parsing of the quantities people write in scenario files and flags: durations with
// units ("250ms"), rates ("200/s"), probabilities ("0.01") and sizes ("512MB").
//
//   FL_ASSIGN_OR_RETURN(Nanos timeout_ns, ParseDuration("1.5s"));    // 1'500'000'000
//   FL_ASSIGN_OR_RETURN(double per_s, ParseRate("5/ms"));            // 5000.0
//   FL_ASSIGN_OR_RETURN(uint32_t loss_ppm, ParseProbabilityPpm("0.01"));  // 10'000
//   FL_ASSIGN_OR_RETURN(uint64_t bytes, ParseByteSize("2GiB"));          // 2'147'483'648
//
// Durations and probabilities are parsed as exact decimals, never through a double, so
// "1.5ms" is exactly 1'500'000 ns and "0.1" exactly 100'000 ppm on every machine. Errors
// are InvalidArgument with a message that says what was expected and gives an example;
// callers prefix the location.
#ifndef FAULTLINE_BASE_UNITS_H_
#define FAULTLINE_BASE_UNITS_H_

#include <cstdint>
#include <string_view>

#include "absl/status/statusor.h"
#include "base/time.h"

namespace faultline {

// The longest duration a scenario may give (1000 hours): sums of a few stay in int64.
inline constexpr Nanos kMaxDuration = 1000 * kHour;

// A decimal number followed by a unit: ns, us, ms, s, m (minutes) or h. A leading '-' is
// allowed (clock skews and jumps go both ways); callers that need a non-negative value
// check it. A unit is always required, even for zero ("0s"): a bare number is ambiguous.
// Fractions finer than a nanosecond are rejected rather than rounded.
[[nodiscard]] absl::StatusOr<Nanos> ParseDuration(std::string_view text);

// "COUNT/UNIT" with UNIT one of ns, us, ms, s, m, h: events per second. COUNT is a
// non-negative decimal ("200/s", "0.5/ms", "10/m").
[[nodiscard]] absl::StatusOr<double> ParseRate(std::string_view text);

// A probability written as a decimal in [0, 1], in parts per million. At most six
// decimal places (the ppm resolution); "1e-3", percentages and NaN are rejected.
[[nodiscard]] absl::StatusOr<uint32_t> ParseProbabilityPpm(std::string_view text);

// A non-negative decimal followed by a unit: B, KB, MB, GB, TB (powers of 1000) or KiB,
// MiB, GiB, TiB (powers of 1024), in any letter case ("512MB", "1.5GiB", "64kb"). As with
// durations the unit is required, and a fraction that is not a whole number of bytes is
// rejected rather than rounded.
[[nodiscard]] absl::StatusOr<uint64_t> ParseByteSize(std::string_view text);

// A plain decimal number ("-100", "0.5", "3"), the form drift and weights take. Rejects
// exponents, NaN and infinities so a file reads the same to people and to the loader.
[[nodiscard]] absl::StatusOr<double> ParseDecimal(std::string_view text);

// A base-10 integer with an optional leading '-', without overflow.
[[nodiscard]] absl::StatusOr<int64_t> ParseInteger(std::string_view text);

}  // namespace faultline

#endif  // FAULTLINE_BASE_UNITS_H_
