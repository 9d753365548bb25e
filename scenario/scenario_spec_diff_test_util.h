// Test-only, header-only: compares two ScenarioSpecs field by field, for the scenario
// writer's round-trip tests (scenario/scenario_writer_test.cc and
// tests/scenario_writer_roundtrip_test.cc).
//
//   EXPECT_EQ(SpecDifference(loaded, reloaded), "");
//
// Equal means what WriteScenarioYaml promises (scenario_writer.h): every field is equal
// exactly, except
//   - `file` and the source locations, which say where a spec was read from;
//   - a lognormal, whose median and p99 may each differ by the rounding the writer does:
//     half a nanosecond for durations, floating-point noise (1e-12 relative) for numbers;
//   - a random nemesis that is disabled or has no kinds: it does nothing and is not
//     written, so only that it does nothing is compared.
#ifndef FAULTLINE_SCENARIO_SCENARIO_SPEC_DIFF_TEST_UTIL_H_
#define FAULTLINE_SCENARIO_SCENARIO_SPEC_DIFF_TEST_UTIL_H_

#include <cmath>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "sim/scenario.h"

namespace faultline::scenario::spec_diff {

// Walks two specs and keeps the first difference as "PATH: A != B".
class SpecDiff {
 public:
  enum class Quantity { kDuration, kNumber };

  const std::string& first() const { return first_; }

  template <typename T>
  void Field(const std::string& path, const T& a, const T& b) {
    if (!first_.empty() || a == b) return;
    std::ostringstream s;
    s << path << ": " << Show(a) << " != " << Show(b);
    first_ = s.str();
  }

  void Dist(const std::string& path, const sim::Distribution& a, const sim::Distribution& b,
            Quantity quantity) {
    using Kind = sim::Distribution::Kind;
    Field(path + ".kind", static_cast<int>(a.kind()), static_cast<int>(b.kind()));
    if (a.kind() != Kind::kLognormal || b.kind() != Kind::kLognormal) {
      Field(path + ".a", a.param_a(), b.param_a());
      Field(path + ".b", a.param_b(), b.param_b());
      return;
    }
    // sim/distribution.cc's z(0.99): a lognormal is compared by the numbers a file holds.
    constexpr double kZ99 = 2.3263478740408408;
    const double abs_tolerance = quantity == Quantity::kDuration ? 0.5 : 0;
    auto close = [&](double x, double y) {
      return std::abs(x - y) <= std::max(abs_tolerance, 1e-12 * std::abs(x));
    };
    const double median_a = std::exp(a.param_a());
    const double median_b = std::exp(b.param_a());
    const double p99_a = std::exp(a.param_a() + a.param_b() * kZ99);
    const double p99_b = std::exp(b.param_a() + b.param_b() * kZ99);
    if (!close(median_a, median_b)) Field(path + ".median", median_a, median_b);
    if (!close(p99_a, p99_b)) Field(path + ".p99", p99_a, p99_b);
  }

  void OptionalDist(const std::string& path, const std::optional<sim::Distribution>& a,
                    const std::optional<sim::Distribution>& b) {
    Field(path + ".has_value", a.has_value(), b.has_value());
    if (a && b) Dist(path, *a, *b, Quantity::kDuration);
  }

  void DistMap(const std::string& path, const std::map<std::string, sim::Distribution>& a,
               const std::map<std::string, sim::Distribution>& b) {
    Field(path + ".size", a.size(), b.size());
    for (auto ia = a.begin(), ib = b.begin(); ia != a.end() && ib != b.end(); ++ia, ++ib) {
      Field(path + ".key", ia->first, ib->first);
      Dist(path + "." + ia->first, ia->second, ib->second, Quantity::kDuration);
    }
  }

  void Link(const std::string& path, const sim::LinkOverride& a, const sim::LinkOverride& b) {
    Field(path + ".from", a.from, b.from);
    Field(path + ".to", a.to, b.to);
    OptionalDist(path + ".latency", a.latency, b.latency);
    Field(path + ".loss_ppm", a.loss_ppm, b.loss_ppm);
    Field(path + ".duplicate_ppm", a.duplicate_ppm, b.duplicate_ppm);
    Field(path + ".reorder", a.reorder, b.reorder);
  }

 private:
  template <typename T>
  static std::string Show(const T& v) {
    std::ostringstream s;
    s.precision(17);
    s << v;
    return s.str();
  }
  template <typename T>
  static std::string Show(const std::optional<T>& v) {
    return v ? Show(*v) : std::string("(none)");
  }
  template <typename T>
  static std::string Show(const std::vector<T>& v) {
    std::string out = "[";
    for (size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + Show(v[i]);
    return out + "]";
  }
  template <typename A, typename B>
  static std::string Show(const std::pair<A, B>& p) {
    return Show(p.first) + ": " + Show(p.second);
  }
  template <typename K, typename V>
  static std::string Show(const std::map<K, V>& m) {
    std::string out = "{";
    for (const auto& [k, v] : m) out += (out.size() > 1 ? ", " : "") + Show(k) + ": " + Show(v);
    return out + "}";
  }

  std::string first_;
};

inline void DiffFault(SpecDiff& d, const std::string& p, const sim::FaultAction& a,
                      const sim::FaultAction& b) {
  d.Field(p + ".kind", static_cast<int>(a.kind), static_cast<int>(b.kind));
  d.Field(p + ".at_ns", a.at_ns, b.at_ns);
  d.Field(p + ".for_ns", a.for_ns, b.for_ns);
  d.Field(p + ".target", a.target, b.target);
  d.Field(p + ".partition.shape", static_cast<int>(a.partition.shape),
          static_cast<int>(b.partition.shape));
  d.Field(p + ".partition.target", a.partition.target, b.partition.target);
  d.Field(p + ".partition.groups", a.partition.groups, b.partition.groups);
  d.Field(p + ".partition.from", a.partition.from, b.partition.from);
  d.Field(p + ".partition.to", a.partition.to, b.partition.to);
  d.Field(p + ".clock_jump_ns", a.clock_jump_ns, b.clock_jump_ns);
  d.Field(p + ".drift_ppm", a.drift_ppm, b.drift_ppm);
  d.Link(p + ".link", a.link, b.link);
}

inline void DiffRoute(SpecDiff& d, const std::string& p, const sim::Route& a, const sim::Route& b) {
  d.Field(p + ".policy", static_cast<int>(a.policy), static_cast<int>(b.policy));
  d.Field(p + ".role", a.role, b.role);
}

inline void DiffDiagram(SpecDiff& d, const std::string& p, const sim::DiagramOutput& a,
                        const sim::DiagramOutput& b) {
  d.Field(p + ".file", a.file, b.file);
  d.Field(p + ".from_ns", a.from_ns, b.from_ns);
  d.Field(p + ".to_ns", a.to_ns, b.to_ns);
  d.Field(p + ".nodes", a.nodes, b.nodes);
  d.Field(p + ".kinds", a.kinds, b.kinds);
  d.Field(p + ".hide_kinds", a.hide_kinds, b.hide_kinds);
  d.Field(p + ".max_events", a.max_events, b.max_events);
  d.Field(p + ".around_violation", a.around_violation, b.around_violation);
  d.Field(p + ".around_events", a.around_events, b.around_events);
  d.Field(p + ".scale", a.scale, b.scale);
}

// "" when `a` and `b` are equal as the writer promises, else the first difference.
inline std::string SpecDifference(const sim::ScenarioSpec& a, const sim::ScenarioSpec& b) {
  using Q = SpecDiff::Quantity;
  SpecDiff d;
  d.Field("version", a.version, b.version);
  d.Field("name", a.name, b.name);
  d.Field("description", a.description, b.description);
  d.Field("seed", a.seed, b.seed);
  d.Field("duration_ns", a.duration_ns, b.duration_ns);
  d.Field("recovery_ns", a.recovery_ns, b.recovery_ns);

  const sim::ClusterSpec& ca = a.cluster;
  const sim::ClusterSpec& cb = b.cluster;
  d.Field("cluster.model", ca.model, cb.model);
  d.Field("cluster.nodes", ca.nodes, cb.nodes);
  d.Field("cluster.params", ca.params, cb.params);
  d.Field("cluster.cpu.workers", ca.cpu.workers, cb.cpu.workers);
  d.Field("cluster.cpu.queue_limit", ca.cpu.queue_limit, cb.cpu.queue_limit);
  d.Dist("cluster.cpu.service_ns", ca.cpu.service_ns, cb.cpu.service_ns, Q::kDuration);
  d.DistMap("cluster.cpu.service_by_kind", ca.cpu.service_by_kind, cb.cpu.service_by_kind);

  const sim::NetworkSpec& na = a.network;
  const sim::NetworkSpec& nb = b.network;
  d.Dist("network.latency", na.defaults.latency, nb.defaults.latency, Q::kDuration);
  d.Field("network.loss_ppm", na.defaults.loss_ppm, nb.defaults.loss_ppm);
  d.Field("network.duplicate_ppm", na.defaults.duplicate_ppm, nb.defaults.duplicate_ppm);
  d.Field("network.reorder", na.defaults.reorder, nb.defaults.reorder);
  d.Field("network.links.size", na.links.size(), nb.links.size());
  for (size_t i = 0; i < na.links.size() && i < nb.links.size(); ++i) {
    d.Link("network.links." + std::to_string(i), na.links[i], nb.links[i]);
  }
  d.DistMap("network.kind_latency", na.kind_latency, nb.kind_latency);

  d.Dist("clocks.skew_ns", a.clocks.skew_ns, b.clocks.skew_ns, Q::kDuration);
  d.Dist("clocks.drift_ppm", a.clocks.drift_ppm, b.clocks.drift_ppm, Q::kNumber);

  d.Field("faults.schedule.size", a.faults.schedule.size(), b.faults.schedule.size());
  for (size_t i = 0; i < a.faults.schedule.size() && i < b.faults.schedule.size(); ++i) {
    DiffFault(d, "faults.schedule." + std::to_string(i), a.faults.schedule[i],
              b.faults.schedule[i]);
  }
  const sim::NemesisSpec& ra = a.faults.random;
  const sim::NemesisSpec& rb = b.faults.random;
  // The simulator starts a nemesis only when it is enabled and has kinds to draw from.
  const bool active_a = ra.enabled && !ra.kinds.empty();
  const bool active_b = rb.enabled && !rb.kinds.empty();
  d.Field("faults.random.active", active_a, active_b);
  if (active_a && active_b) {
    d.Dist("faults.random.interval_ns", ra.interval_ns, rb.interval_ns, Q::kDuration);
    d.Dist("faults.random.fault_duration_ns", ra.fault_duration_ns, rb.fault_duration_ns,
           Q::kDuration);
    d.Field("faults.random.kinds", ra.kinds, rb.kinds);
    d.Field("faults.random.clock_jump_max_ns", ra.clock_jump_max_ns, rb.clock_jump_max_ns);
  }

  const sim::WorkloadSpec& wa = a.workload;
  const sim::WorkloadSpec& wb = b.workload;
  d.Field("workload.clients", wa.clients, wb.clients);
  d.Field("workload.rate_per_s", wa.rate_per_s, wb.rate_per_s);
  d.Field("workload.think_ns", wa.think_ns, wb.think_ns);
  d.Field("workload.type", wa.type, wb.type);
  d.Field("workload.ops", wa.ops, wb.ops);
  d.Field("workload.keys.count", wa.keys.count, wb.keys.count);
  d.Field("workload.keys.dist", static_cast<int>(wa.keys.dist), static_cast<int>(wb.keys.dist));
  d.Field("workload.keys.theta", wa.keys.theta, wb.keys.theta);
  d.Field("workload.timeout_ns", wa.timeout_ns, wb.timeout_ns);
  DiffRoute(d, "workload.route", wa.route, wb.route);
  d.Field("workload.read_route.has_value", wa.read_route.has_value(), wb.read_route.has_value());
  if (wa.read_route && wb.read_route) {
    DiffRoute(d, "workload.read_route", *wa.read_route, *wb.read_route);
  }
  d.Field("workload.final_reads", wa.final_reads, wb.final_reads);

  d.Field("checkers", a.checkers, b.checkers);
  d.Field("outputs", a.outputs, b.outputs);
  d.Field("diagrams.size", a.diagrams.size(), b.diagrams.size());
  for (size_t i = 0; i < a.diagrams.size() && i < b.diagrams.size(); ++i) {
    DiffDiagram(d, "diagrams." + std::to_string(i), a.diagrams[i], b.diagrams[i]);
  }
  return d.first();
}

}  // namespace faultline::scenario::spec_diff

#endif  // FAULTLINE_SCENARIO_SCENARIO_SPEC_DIFF_TEST_UTIL_H_
