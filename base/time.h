// Virtual time: a signed 64-bit count of nanoseconds since the start of the run.
//
// Integers keep time exact and identical on every build; 2^63 ns is about 292 years of
// simulated time, so overflow is not a practical concern (FL_CHECKs guard additions that
// come from user input). Units go last in names: delay_ns, timeout_ns.
#ifndef FAULTLINE_BASE_TIME_H_
#define FAULTLINE_BASE_TIME_H_

#include <cstdint>
#include <string>

namespace faultline {

using Nanos = int64_t;

inline constexpr Nanos kNanosecond = 1;
inline constexpr Nanos kMicrosecond = 1000;
inline constexpr Nanos kMillisecond = 1000 * kMicrosecond;
inline constexpr Nanos kSecond = 1000 * kMillisecond;
inline constexpr Nanos kMinute = 60 * kSecond;
inline constexpr Nanos kHour = 60 * kMinute;
inline constexpr Nanos kNever = INT64_MAX;

// Formats a duration for people: "0s", "250ms", "1.5s", "12.004s", "2m3s".
// Exact: trailing zeros are trimmed, nothing is rounded away below the chosen unit.
std::string FormatDuration(Nanos d);

}  // namespace faultline

#endif  // FAULTLINE_BASE_TIME_H_
