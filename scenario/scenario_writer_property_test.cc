// The scenario writer's round trip on random specs: every spec the loader can produce
// (drawn here within the format's rules, on the stand-in kv.primary-backup model) is
// written, loaded back equal, and written again to the same text.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "scenario/scenario_loader.h"
#include "scenario/scenario_loader_test_util.h"
#include "scenario/scenario_spec_diff_test_util.h"
#include "scenario/scenario_writer.h"

namespace faultline::scenario {
namespace {

using namespace loader_testing;  // NOLINT: the stand-in model registry and spec names
using sim::LinkOverride;
using sim::NemesisSpec;
using sim::Route;

// The generators below run inside a property (they use operator* of rapidcheck's Gen).

bool Coin() { return *rc::gen::arbitrary<bool>(); }
int64_t Int(int64_t min, int64_t max) { return *rc::gen::inRange<int64_t>(min, max + 1); }
template <typename T>
T Pick(const std::vector<T>& items) {
  return items[static_cast<size_t>(Int(0, static_cast<int64_t>(items.size()) - 1))];
}

// The longest durations drawn: long enough for minutes and hours (1000h is the format's limit).
constexpr Nanos kLongest = 5 * kHour;

// A duration in [min, max]: often round ("250ms", "2m"), sometimes any nanosecond count.
Nanos GenDuration(Nanos min, Nanos max) {
  const Nanos unit = Pick<Nanos>({1, kMicrosecond, kMillisecond, kSecond, kMinute, kHour});
  if (unit > 1 && max / unit >= (min + unit - 1) / unit) {
    return unit * Int((min + unit - 1) / unit, max / unit);
  }
  return Int(min, max);
}

// A plain decimal as the loader would read it: an integer over a power of ten.
double GenNumber(int64_t min_units, int64_t max_units) {
  const double scale = Pick<double>({1, 10, 1000, 1e6});
  return static_cast<double>(Int(min_units, max_units)) / scale;
}

// Strings people write and strings YAML could misread.
std::string GenText() {
  static const std::vector<std::string> kTricky = {
      "repro",     "off",           "Yes",       "3",           "-0.5",    "1e3",
      "a: b",      "x #y",          "*",         "[flow]",      "{x}",     "~",
      "null",      "say \"hi\" \\", "tab\there", "line\nbreak", "ünïcode", "'q'",
      "trailing:", "role:leader",   "...",       "---",         " pad "};
  if (Coin()) return Pick(kTricky);
  const int length = static_cast<int>(Int(1, 24));
  std::string s;
  for (int i = 0; i < length; ++i) s += static_cast<char>(Int(0x20, 0x7e));
  return s;
}

Distribution GenDurationDist(bool allow_negative) {
  const Nanos max = kLongest;
  const Nanos min = allow_negative ? -max : 0;
  auto d = [&](Nanos lo) { return static_cast<double>(GenDuration(lo, max)); };
  switch (Int(0, 5)) {
    case 0:
      return Distribution::Constant(d(min));
    case 1: {
      const double a = d(min);
      return Distribution::Uniform(a, static_cast<double>(GenDuration(static_cast<Nanos>(a), max)));
    }
    case 2:
      return Distribution::Normal(d(min), d(0));
    case 3:
      return Distribution::Exponential(d(1));
    case 4: {
      const double median = d(1);
      return Distribution::Lognormal(
          median, static_cast<double>(GenDuration(static_cast<Nanos>(median), max)));
    }
    default:
      return Distribution::Pareto(d(1), GenNumber(1, 5000));
  }
}

Distribution GenDriftDist() {
  switch (Int(0, 5)) {
    case 0:
      return Distribution::Constant(GenNumber(-1'000'000, 1'000'000));
    case 1: {
      const double a = GenNumber(-1'000'000, 1'000'000);
      return Distribution::Uniform(a, a + GenNumber(0, 1'000'000));
    }
    case 2:
      return Distribution::Normal(GenNumber(-1000, 1000), GenNumber(0, 100'000));
    case 3:
      return Distribution::Exponential(GenNumber(1, 100'000));
    case 4: {
      const double median = GenNumber(1, 100'000);
      return Distribution::Lognormal(median, median + GenNumber(0, 1'000'000));
    }
    default:
      return Distribution::Pareto(GenNumber(1, 1000), GenNumber(1, 5000));
  }
}

struct Names {
  std::vector<std::string> nodes;
  std::vector<std::string> clients;
  std::vector<std::string> Members() const {
    std::vector<std::string> all = nodes;
    all.insert(all.end(), clients.begin(), clients.end());
    return all;
  }
};

std::string GenTarget(const Names& names) {
  if (Coin()) return Pick(names.nodes);
  return Pick<std::string>(
      {"primary", "leader", "follower", "random", "role:candidate", "role:shard2/leader"});
}

// Distinct members, in a random order. REQUIRES: 1 <= count <= pool.size().
std::vector<std::string> GenMembers(std::vector<std::string> pool, size_t count) {
  std::vector<std::string> out;
  while (out.size() < count) {
    const size_t i = static_cast<size_t>(Int(0, static_cast<int64_t>(pool.size()) - 1));
    out.push_back(pool[i]);
    pool.erase(pool.begin() + static_cast<std::ptrdiff_t>(i));
  }
  return out;
}

// Sets at least one of the link fields. (No retry loops in these generators: at size 0
// rapidcheck draws the same minimal value every time.)
void GenLinkFields(LinkOverride& link) {
  if (Coin()) link.latency = GenDurationDist(false);
  if (Coin()) link.loss_ppm = static_cast<uint32_t>(Int(0, 1'000'000));
  if (Coin()) link.duplicate_ppm = static_cast<uint32_t>(Int(0, 1'000'000));
  if (Coin() || (!link.latency && !link.loss_ppm && !link.duplicate_ppm)) link.reorder = Coin();
}

PartitionSpec GenPartition(const Names& names) {
  using Shape = PartitionSpec::Shape;
  PartitionSpec p;
  p.shape = Pick<Shape>({Shape::kHalves, Shape::kIsolate, Shape::kMajorityRing, Shape::kBridge,
                         Shape::kGroups, Shape::kOneWay});
  const std::vector<std::string> members = names.Members();
  if (p.shape == Shape::kIsolate || p.shape == Shape::kBridge) p.target = GenTarget(names);
  if (p.shape == Shape::kGroups) {
    std::vector<std::string> chosen =
        GenMembers(members, static_cast<size_t>(Int(2, static_cast<int64_t>(members.size()))));
    const size_t cut = static_cast<size_t>(Int(1, static_cast<int64_t>(chosen.size()) - 1));
    p.groups = {std::vector<std::string>(chosen.begin(), chosen.begin() + cut),
                std::vector<std::string>(chosen.begin() + cut, chosen.end())};
  }
  if (p.shape == Shape::kOneWay) {
    const auto most = static_cast<int64_t>(std::min<size_t>(3, members.size()));
    p.from = GenMembers(members, static_cast<size_t>(Int(1, most)));
    p.to = GenMembers(members, static_cast<size_t>(Int(1, most)));
  }
  return p;
}

FaultAction GenFault(const Names& names, Nanos duration_ns) {
  using Kind = FaultAction::Kind;
  FaultAction a;
  a.kind = static_cast<Kind>(Int(0, static_cast<int>(Kind::kLinkDegrade)));
  a.at_ns = GenDuration(0, duration_ns);
  const bool undoable = a.kind == Kind::kPartition || a.kind == Kind::kCrash ||
                        a.kind == Kind::kPause || a.kind == Kind::kLinkDegrade;
  if (undoable && Coin()) a.for_ns = GenDuration(1, kLongest);
  switch (a.kind) {
    case Kind::kPartition:
      a.partition = GenPartition(names);
      break;
    case Kind::kHeal:
      break;
    case Kind::kClockJump:
      a.clock_jump_ns = GenDuration(-kLongest, kLongest);
      a.target = GenTarget(names);
      break;
    case Kind::kClockDrift:
      a.drift_ppm = Int(-1'000'000, 1'000'000);
      a.target = GenTarget(names);
      break;
    case Kind::kLinkDegrade: {
      std::vector<std::string> ends = names.Members();
      ends.insert(ends.end(), {"*", "leader", "role:follower"});
      a.link.from = Pick(ends);
      a.link.to = Pick(ends);
      GenLinkFields(a.link);
      break;
    }
    default:
      a.target = GenTarget(names);
  }
  return a;
}

void GenNetwork(const Names& names, sim::NetworkSpec& n) {
  if (Coin()) n.defaults.latency = GenDurationDist(false);
  if (Coin()) n.defaults.loss_ppm = static_cast<uint32_t>(Int(0, 1'000'000));
  if (Coin()) n.defaults.duplicate_ppm = static_cast<uint32_t>(Int(0, 1'000'000));
  n.defaults.reorder = Coin();
  std::vector<std::string> ends = names.Members();
  ends.push_back("*");
  for (int64_t i = Int(0, 3); i > 0; --i) {
    LinkOverride& link = n.links.emplace_back();
    link.from = Pick(ends);
    link.to = Pick(ends);
    GenLinkFields(link);
  }
  for (int64_t i = Int(0, 2); i > 0; --i) n.kind_latency[GenText()] = GenDurationDist(false);
}

void GenFaults(const Names& names, Nanos duration_ns, sim::FaultsSpec& f) {
  for (int64_t i = Int(0, 8); i > 0; --i) f.schedule.push_back(GenFault(names, duration_ns));
  std::stable_sort(f.schedule.begin(), f.schedule.end(),
                   [](const FaultAction& x, const FaultAction& y) { return x.at_ns < y.at_ns; });
  NemesisSpec& n = f.random;
  if (!Coin()) return;
  n.enabled = true;
  if (Coin()) {
    n.interval_ns = GenDurationDist(false);
    if (!(n.interval_ns.Max() > 0)) n.interval_ns = Distribution::Exponential(kSecond);
  }
  if (Coin()) n.fault_duration_ns = GenDurationDist(false);
  n.kinds =
      GenMembers({"partition", "crash", "pause", "clock", "link"}, static_cast<size_t>(Int(1, 5)));
  if (Coin()) n.clock_jump_max_ns = GenDuration(0, kLongest);
}

Route GenRoute() {
  Route r;
  r.policy = static_cast<RoutePolicy>(Int(0, 3));
  if (r.policy == RoutePolicy::kRole) r.role = Pick<std::string>({"follower", "shard2/leader"});
  return r;
}

void GenWorkload(WorkloadSpec& w) {
  const bool queue = Coin();
  w.type = queue ? "queue" : Pick<std::string>({"", "kv"});
  w.clients = static_cast<int>(Int(1, 12));
  if (Coin()) w.rate_per_s = GenNumber(1000, 1'000'000'000);  // 1/h .. 10^9/s
  if (Coin()) w.think_ns = GenDuration(0, 10 * kSecond);
  const std::vector<std::string> functions = queue
                                                 ? std::vector<std::string>{"enqueue", "dequeue"}
                                                 : std::vector<std::string>{"read", "write", "cas"};
  for (const std::string& f : functions) {
    if (Coin()) w.ops.emplace_back(f, GenNumber(0, 1000));
  }
  if (w.ops.empty()) w.ops.emplace_back(functions.front(), 0);
  if (std::all_of(w.ops.begin(), w.ops.end(), [](const auto& op) { return op.second == 0; })) {
    w.ops.front().second = 1;
  }
  if (Coin()) w.keys.count = static_cast<int>(Int(1, 1'000'000));
  if (Coin()) w.keys.dist = KeysSpec::Dist::kZipfian;
  if (Coin()) w.keys.theta = static_cast<double>(Int(1, 999)) / 1000;
  if (Coin()) w.timeout_ns = GenDuration(1, kLongest);
  if (Coin()) w.route = GenRoute();
  if (Coin()) w.read_route = GenRoute();
  w.final_reads = Coin();
}

void GenOutputs(const Names& names, ScenarioSpec& spec) {
  std::vector<std::string> pool = {"results.json", "trace.jsonl", "history.jsonl"};
  const bool diagrams = Coin();
  if (diagrams) pool.insert(pool.end(), {"a.svg", "b.dot", "on.svg"});
  if (!diagrams && Coin()) return;  // the default list
  spec.outputs = GenMembers(pool, static_cast<size_t>(Int(0, static_cast<int64_t>(pool.size()))));
  const bool has_trace =
      std::find(spec.outputs.begin(), spec.outputs.end(), "trace.jsonl") != spec.outputs.end();
  if (!has_trace) {
    std::erase_if(spec.outputs, [](const std::string& o) {
      return !o.ends_with(".json") && !o.ends_with(".jsonl");
    });
    return;
  }
  const bool linearizability = !spec.checkers.empty();
  for (const std::string& file : spec.outputs) {
    if (file.ends_with(".json") || file.ends_with(".jsonl")) continue;
    DiagramOutput& d = spec.diagrams.emplace_back();
    d.file = file;
    if (Coin()) continue;
    d.from_ns = GenDuration(0, kLongest);
    if (Coin()) d.to_ns = GenDuration(d.from_ns, 2 * kLongest);
    if (Coin()) d.nodes = GenMembers(names.Members(), static_cast<size_t>(Int(1, 2)));
    if (Coin()) d.kinds = {GenText()};
    if (Coin()) d.hide_kinds = {GenText(), "heartbeat"};
    if (Coin()) d.max_events = Int(0, 1'000'000'000);
    d.around_violation = linearizability && Coin();
    if (Coin()) d.around_events = Int(0, 1'000'000'000);
    if (Coin()) d.scale = "time";
  }
}

ScenarioSpec GenSpec() {
  ScenarioSpec spec;
  spec.name = GenText();
  if (Coin()) spec.description = GenText();
  spec.seed = *rc::gen::arbitrary<uint64_t>();
  spec.duration_ns = GenDuration(1, kLongest);
  if (Coin()) spec.recovery_ns = GenDuration(0, kLongest);
  ClusterSpec& c = spec.cluster;
  c.model = "kv.primary-backup";
  c.nodes = static_cast<int>(Int(1, 8));
  if (Coin()) c.params["replication"] = Pick<std::string>({"sync", "async"});
  if (Coin()) c.params["heartbeat"] = Pick<std::string>({"50ms", "1.5ms", "0.25s", "2000us"});
  if (Coin()) c.cpu.workers = static_cast<int>(Int(1, 1024));
  if (Coin()) c.cpu.queue_limit = static_cast<int>(Int(1, 1'000'000'000));
  if (Coin()) c.cpu.service_ns = GenDurationDist(false);
  for (int64_t i = Int(0, 2); i > 0; --i) c.cpu.service_by_kind[GenText()] = GenDurationDist(false);
  GenWorkload(spec.workload);
  Names names;
  for (int i = 1; i <= c.nodes; ++i) names.nodes.push_back(absl::StrCat("n", i));
  for (int i = 1; i <= spec.workload.clients; ++i) names.clients.push_back(absl::StrCat("c", i));
  GenNetwork(names, spec.network);
  if (Coin()) spec.clocks.skew_ns = GenDurationDist(true);
  if (Coin()) spec.clocks.drift_ppm = GenDriftDist();
  GenFaults(names, spec.duration_ns, spec.faults);
  if (spec.workload.type != "queue" && Coin()) spec.checkers = {"linearizability"};
  GenOutputs(names, spec);
  return spec;
}

RC_GTEST_PROP(ScenarioWriterProperty, RandomSpecsRoundTrip, ()) {
  const ModelRegistry models = FakeModels();
  const LoaderContext context{models, {"linearizability"}, {".svg", ".dot"}};
  const ScenarioSpec spec = GenSpec();
  const std::string text = WriteScenarioYaml(spec);
  absl::StatusOr<ScenarioSpec> back = LoadScenarioText(text, "written.yaml", context, {});
  if (!back.ok()) RC_FAIL(absl::StrCat(back.status().ToString(), "\n", text));
  const std::string difference = spec_diff::SpecDifference(spec, *back);
  if (!difference.empty()) RC_FAIL(absl::StrCat(difference, "\n", text));
  RC_ASSERT(WriteScenarioYaml(*back) == text);
}

}  // namespace
}  // namespace faultline::scenario
