// Internal to the scenario writer: single values as the scenario loader reads them back
// exactly. Each function's result is one YAML scalar or flow collection, ready to follow
// "key: " in a block mapping or to go inside a flow collection ({...}, [...]).
//
//   FormatProbability(10'000)          -> "0.01"
//   FormatNumber(-0.5)                 -> "-0.5"
//   FormatRate(1.0 / 6)                -> "10/m"
//   QuoteIfNeeded("off", kFlow)        -> "\"off\""
//   FormatDistribution(Distribution::Uniform(1e6, 5e6), kDuration)
//                                      -> "{dist: uniform, min: 1ms, max: 5ms}"
#ifndef FAULTLINE_SCENARIO_YAML_VALUES_H_
#define FAULTLINE_SCENARIO_YAML_VALUES_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/distribution.h"

namespace faultline::scenario::internal {

// Where a string goes: a flow collection also ends plain scalars at ',', '[', ']', '{'
// and '}', so more strings need quotes there.
enum class YamlContext { kBlock, kFlow };

// `text` as a YAML scalar that reads back as exactly `text`: plain when YAML and people
// read it as that string, else double-quoted with escapes. Quoted: the empty string;
// YAML's booleans and nulls in any case (yes, no, on, off, true, false, null, ~, y, n);
// anything a YAML parser may take for a number; leading or trailing blanks; control
// characters; a leading indicator (- ? : , [ ] { } # & * ! | > ' " % @ ` <); any ':' or
// '#' (role:NAME, "a: b", "x #y"); and in a flow context any ASCII character but letters,
// digits, inner spaces and _ - . / +.
// `bare_numbers`: a plain decimal ("3", "-0.5") stays bare, for model parameters, whose
// values are strings the model parses as numbers when it declares them so.
std::string QuoteIfNeeded(std::string_view text, YamlContext context, bool bare_numbers = false);

// A probability in parts per million as the shortest decimal ParseProbabilityPpm reads
// back to it: 0 -> "0", 1'000'000 -> "1", 500 -> "0.0005".
std::string FormatProbability(uint32_t ppm);

// A double as the shortest plain decimal (no exponent) that ParseDecimal reads back to the
// same double: 0.1 -> "0.1", 1e-7 -> "0.0000001", 200 -> "200".
std::string FormatNumber(double value);

// A rate in operations per second as "COUNT/UNIT" that ParseRate reads back to the same
// double, with the shortest text over the units ns..h ("200/s", "10/m", "5/ms").
std::string FormatRate(double per_s);

// What a distribution's numbers measure: nanoseconds (written with units) or plain
// numbers (drift in ppm).
enum class DistQuantity { kDuration, kNumber };

// A distribution as the loader reads it: a constant as a bare value, others as
// {dist: NAME, ...}. Duration parameters are rounded to whole nanoseconds (loaded ones
// already are); a lognormal is written as its median and p99 (docs: scenario_writer.h).
std::string FormatDistribution(const sim::Distribution& d, DistQuantity quantity);

// True when `a` and `b` are the same distribution: same kind, same parameters, exactly.
bool SameDistribution(const sim::Distribution& a, const sim::Distribution& b);

// "{k1: v1, k2: v2}" from rendered values, keys written as given (they are plain names).
std::string FlowMap(const std::vector<std::pair<std::string, std::string>>& entries);
// "[a, b]" from rendered items.
std::string FlowList(const std::vector<std::string>& items);
// "[a, b]" from strings, each quoted if it needs to be in a flow collection.
std::string FlowNames(const std::vector<std::string>& names);

}  // namespace faultline::scenario::internal

#endif  // FAULTLINE_SCENARIO_YAML_VALUES_H_
