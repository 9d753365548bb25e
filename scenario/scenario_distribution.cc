// Reading distributions: `2ms` (a constant) or {dist: NAME, PARAM: VALUE, ...}.
#include <limits>

#include "absl/strings/str_cat.h"
#include "base/check.h"
#include "scenario/scenario_sections.h"

namespace faultline::scenario::internal {
namespace {

// The parameters each distribution takes, in the order its factory wants them.
struct DistShape {
  std::string name;
  std::vector<std::string> params;
};
const std::vector<DistShape>& Shapes() {
  static const auto* shapes = new std::vector<DistShape>{
      {"constant", {"value"}},   {"uniform", {"min", "max"}},      {"normal", {"mean", "stddev"}},
      {"exponential", {"mean"}}, {"lognormal", {"median", "p99"}}, {"pareto", {"min", "alpha"}},
  };
  return *shapes;
}

// One parameter's value as a double: nanoseconds for durations.
absl::StatusOr<double> ReadQuantity(const YamlValue& v, Quantity quantity, bool allow_negative) {
  if (quantity == Quantity::kDuration) {
    const Nanos min = allow_negative ? std::numeric_limits<Nanos>::min() : 0;
    FL_ASSIGN_OR_RETURN(Nanos d, v.Duration(min));
    return static_cast<double>(d);
  }
  FL_ASSIGN_OR_RETURN(double n, v.Number());
  if (!allow_negative && n < 0) return v.Error("expected a number of at least 0");
  return n;
}

std::string Show(double v, Quantity quantity) {
  return quantity == Quantity::kDuration ? FormatDuration(static_cast<Nanos>(v)) : absl::StrCat(v);
}

}  // namespace

absl::StatusOr<Distribution> ReadDistribution(const YamlValue& value, Quantity quantity,
                                              bool allow_negative) {
  if (value.IsScalar()) {
    FL_ASSIGN_OR_RETURN(double c, ReadQuantity(value, quantity, allow_negative));
    return Distribution::Constant(c);
  }
  if (!value.IsMap()) {
    return value.Error(absl::StrCat("expected a value or a distribution, got ", value.Describe()),
                       quantity == Quantity::kDuration
                           ? "write 2ms, or {dist: uniform, min: 1ms, max: 5ms}"
                           : "write 100, or {dist: uniform, min: -100, max: 100}");
  }
  FL_ASSIGN_OR_RETURN(YamlMap any, YamlMap::ReadAny(value));
  FL_ASSIGN_OR_RETURN(YamlValue dist_value, any.Require("dist", "dist: uniform"));
  std::vector<std::string> names;
  for (const DistShape& s : Shapes()) names.push_back(s.name);
  FL_ASSIGN_OR_RETURN(std::string dist, dist_value.Choice(names));
  const DistShape* shape = nullptr;
  for (const DistShape& s : Shapes()) {
    if (s.name == dist) shape = &s;
  }
  std::vector<std::string> allowed = shape->params;
  allowed.push_back("dist");
  FL_ASSIGN_OR_RETURN(YamlMap m, YamlMap::Read(value, allowed));

  // Pareto's alpha is a shape, not a quantity: always a plain positive number.
  double p[2] = {0, 0};
  std::optional<YamlValue> p_values[2];
  for (size_t i = 0; i < shape->params.size(); ++i) {
    const std::string& name = shape->params[i];
    FL_ASSIGN_OR_RETURN(YamlValue v, m.Require(name, absl::StrCat(name, ": ...")));
    p_values[i] = v;
    if (name == "alpha") {
      FL_ASSIGN_OR_RETURN(p[i], v.Number());
    } else {
      const bool negative_ok =
          allow_negative && (name == "value" || name == "min" || name == "max" || name == "mean") &&
          dist != "exponential" && dist != "pareto";
      FL_ASSIGN_OR_RETURN(p[i], ReadQuantity(v, quantity, negative_ok));
    }
  }
  if (dist == "constant") return Distribution::Constant(p[0]);
  if (dist == "uniform") {
    if (p[0] > p[1]) {
      return p_values[1]->Error(absl::StrCat("max (", Show(p[1], quantity), ") is below min (",
                                             Show(p[0], quantity), ")"),
                                "swap them");
    }
    return Distribution::Uniform(p[0], p[1]);
  }
  if (dist == "normal") {
    if (p[1] < 0) return p_values[1]->Error("stddev must be at least 0");
    return Distribution::Normal(p[0], p[1]);
  }
  if (dist == "exponential") {
    if (!(p[0] > 0)) return p_values[0]->Error("the mean of an exponential must be above 0");
    return Distribution::Exponential(p[0]);
  }
  if (dist == "lognormal") {
    if (!(p[0] > 0)) return p_values[0]->Error("the median of a lognormal must be above 0");
    if (p[1] < p[0]) {
      return p_values[1]->Error(absl::StrCat("p99 (", Show(p[1], quantity),
                                             ") is below the median (", Show(p[0], quantity), ")"),
                                "the 99th percentile must be at least the median");
    }
    return Distribution::Lognormal(p[0], p[1]);
  }
  // pareto
  if (!(p[0] > 0)) return p_values[0]->Error("the min of a pareto must be above 0");
  if (!(p[1] > 0)) return p_values[1]->Error("alpha must be above 0, like 1.5");
  return Distribution::Pareto(p[0], p[1]);
}

}  // namespace faultline::scenario::internal
