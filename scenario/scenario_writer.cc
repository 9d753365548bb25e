// The scenario writer: each top-level section of a ScenarioSpec as YAML lines, in the
// order of docs/scenario-format.md. Sections are block mappings, one key a line; small
// values (distributions, params, fault entries, link overrides) are flow collections, as
// the shipped scenarios write them. Single values come from yaml_values.h.
#include "scenario/scenario_writer.h"

#include <algorithm>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "scenario/yaml_values.h"

namespace faultline::scenario {
namespace {

using internal::DistQuantity;
using internal::FlowList;
using internal::FlowMap;
using internal::FlowNames;
using internal::FormatDistribution;
using internal::FormatNumber;
using internal::FormatProbability;
using internal::FormatRate;
using internal::QuoteIfNeeded;
using internal::SameDistribution;
using internal::YamlContext;
using sim::Distribution;
using sim::FaultAction;
using sim::PartitionSpec;

using Entries = std::vector<std::pair<std::string, std::string>>;
// A section's lines, indented relative to the section's own key.
using Lines = std::vector<std::string>;

const std::vector<std::string> kTopLevelKeys = {
    "version", "name",   "description", "seed",     "duration", "recovery", "cluster",
    "network", "clocks", "faults",      "workload", "checkers", "outputs"};

std::string Flow(std::string_view text) { return QuoteIfNeeded(text, YamlContext::kFlow); }
std::string Block(std::string_view text) { return QuoteIfNeeded(text, YamlContext::kBlock); }
std::string Duration(Nanos d) { return FormatExactDuration(d); }
std::string DurationDist(const Distribution& d) {
  return FormatDistribution(d, DistQuantity::kDuration);
}

// "key:" followed by the nested lines indented two more, or nothing when there are none.
void AddNested(Lines& out, const std::string& key, const Lines& nested) {
  if (nested.empty()) return;
  out.push_back(absl::StrCat(key, ":"));
  for (const std::string& line : nested) out.push_back(absl::StrCat("  ", line));
}

Lines Cpu(const sim::CpuSpec& cpu) {
  const sim::CpuSpec defaults;
  Lines lines;
  if (cpu.workers != defaults.workers) lines.push_back(absl::StrCat("workers: ", cpu.workers));
  if (cpu.queue_limit != defaults.queue_limit) {
    lines.push_back(absl::StrCat("queue_limit: ", cpu.queue_limit));
  }
  if (!SameDistribution(cpu.service_ns, defaults.service_ns)) {
    lines.push_back(absl::StrCat("service: ", DurationDist(cpu.service_ns)));
  }
  Lines by_kind;
  for (const auto& [kind, dist] : cpu.service_by_kind) {
    by_kind.push_back(absl::StrCat(Block(kind), ": ", DurationDist(dist)));
  }
  AddNested(lines, "service_by_kind", by_kind);
  return lines;
}

Lines Cluster(const sim::ClusterSpec& cluster) {
  Lines lines = {absl::StrCat("model: ", Block(cluster.model)),
                 absl::StrCat("nodes: ", cluster.nodes)};
  if (!cluster.params.empty()) {
    Entries params;
    for (const auto& [name, value] : cluster.params) {
      params.emplace_back(Flow(name),
                          QuoteIfNeeded(value, YamlContext::kFlow, /*bare_numbers=*/true));
    }
    lines.push_back(absl::StrCat("params: ", FlowMap(params)));
  }
  AddNested(lines, "cpu", Cpu(cluster.cpu));
  return lines;
}

// The fields of a link override or link fault; empty when it changes nothing.
Entries LinkFields(const sim::LinkOverride& link) {
  Entries e;
  if (link.latency) e.emplace_back("latency", DurationDist(*link.latency));
  if (link.loss_ppm) e.emplace_back("loss", FormatProbability(*link.loss_ppm));
  if (link.duplicate_ppm) e.emplace_back("duplicate", FormatProbability(*link.duplicate_ppm));
  if (link.reorder) e.emplace_back("reorder", *link.reorder ? "true" : "false");
  if (e.empty()) return e;
  Entries ends;
  if (link.from != "*") ends.emplace_back("from", Flow(link.from));
  if (link.to != "*") ends.emplace_back("to", Flow(link.to));
  e.insert(e.begin(), ends.begin(), ends.end());
  return e;
}

Lines Network(const sim::NetworkSpec& network) {
  const sim::LinkSpec defaults;
  const sim::LinkSpec& link = network.defaults;
  Lines lines;
  if (!SameDistribution(link.latency, defaults.latency)) {
    lines.push_back(absl::StrCat("latency: ", DurationDist(link.latency)));
  }
  if (link.loss_ppm != 0) lines.push_back(absl::StrCat("loss: ", FormatProbability(link.loss_ppm)));
  if (link.duplicate_ppm != 0) {
    lines.push_back(absl::StrCat("duplicate: ", FormatProbability(link.duplicate_ppm)));
  }
  if (link.reorder) lines.push_back("reorder: true");
  Lines links;
  for (const sim::LinkOverride& o : network.links) {
    // An override that sets nothing changes nothing, and the loader refuses one.
    const Entries fields = LinkFields(o);
    if (!fields.empty()) links.push_back(absl::StrCat("- ", FlowMap(fields)));
  }
  AddNested(lines, "links", links);
  Lines kinds;
  for (const auto& [kind, dist] : network.kind_latency) {
    kinds.push_back(absl::StrCat(Block(kind), ": ", FlowMap({{"latency", DurationDist(dist)}})));
  }
  AddNested(lines, "kinds", kinds);
  return lines;
}

Lines Clocks(const sim::ClockSpec& clocks) {
  Lines lines;
  if (!SameDistribution(clocks.skew_ns, Distribution())) {
    lines.push_back(absl::StrCat("skew: ", DurationDist(clocks.skew_ns)));
  }
  if (!SameDistribution(clocks.drift_ppm, Distribution())) {
    lines.push_back(
        absl::StrCat("drift_ppm: ", FormatDistribution(clocks.drift_ppm, DistQuantity::kNumber)));
  }
  return lines;
}

std::string Partition(const PartitionSpec& p) {
  using Shape = PartitionSpec::Shape;
  switch (p.shape) {
    case Shape::kHalves:
      return FlowMap({{"shape", "halves"}});
    case Shape::kIsolate:
      return FlowMap({{"shape", "isolate"}, {"target", Flow(p.target)}});
    case Shape::kMajorityRing:
      return FlowMap({{"shape", "majority-ring"}});
    case Shape::kBridge:
      return FlowMap({{"shape", "bridge"}, {"target", Flow(p.target)}});
    case Shape::kGroups: {
      std::vector<std::string> groups;
      for (const std::vector<std::string>& g : p.groups) groups.push_back(FlowNames(g));
      return FlowMap({{"shape", "groups"}, {"groups", FlowList(groups)}});
    }
    case Shape::kOneWay:
      return FlowMap({{"shape", "one-way"}, {"from", FlowNames(p.from)}, {"to", FlowNames(p.to)}});
  }
  return FlowMap({{"shape", "halves"}});  // unreachable: every shape is handled above
}

// One schedule entry, "{at: 5s, crash: {target: n2}, restart_after: 2s}"; empty for a
// link fault that changes nothing (the loader refuses one).
std::string FaultEntry(const FaultAction& a) {
  using Kind = FaultAction::Kind;
  Entries e = {{"at", Duration(a.at_ns)}};
  const std::string target = FlowMap({{"target", Flow(a.target)}});
  // The modifier that undoes the fault, for the kinds that take one.
  std::string modifier;
  switch (a.kind) {
    case Kind::kPartition:
      e.emplace_back("partition", Partition(a.partition));
      modifier = "for";
      break;
    case Kind::kHeal:
      e.emplace_back("heal", "true");
      break;
    case Kind::kCrash:
      e.emplace_back("crash", target);
      modifier = "restart_after";
      break;
    case Kind::kRestart:
      e.emplace_back("restart", target);
      break;
    case Kind::kPause:
      e.emplace_back("pause", target);
      modifier = "for";
      break;
    case Kind::kResume:
      e.emplace_back("resume", target);
      break;
    case Kind::kClockJump:
      e.emplace_back("clock",
                     FlowMap({{"target", Flow(a.target)}, {"jump", Duration(a.clock_jump_ns)}}));
      break;
    case Kind::kClockDrift:
      e.emplace_back(
          "clock", FlowMap({{"target", Flow(a.target)}, {"drift_ppm", absl::StrCat(a.drift_ppm)}}));
      break;
    case Kind::kLinkDegrade: {
      const Entries fields = LinkFields(a.link);
      if (fields.empty()) return "";
      e.emplace_back("link", FlowMap(fields));
      modifier = "for";
      break;
    }
  }
  if (!modifier.empty() && a.for_ns > 0) e.emplace_back(modifier, Duration(a.for_ns));
  return FlowMap(e);
}

Lines Nemesis(const sim::NemesisSpec& n) {
  // A nemesis that is disabled, or has no kinds to draw from, does nothing (the simulator
  // starts it only with both); the file leaves it out (scenario_writer.h).
  if (!n.enabled || n.kinds.empty()) return {};
  const sim::NemesisSpec defaults;
  Lines lines;
  if (!SameDistribution(n.interval_ns, defaults.interval_ns)) {
    lines.push_back(absl::StrCat("interval: ", DurationDist(n.interval_ns)));
  }
  if (!SameDistribution(n.fault_duration_ns, defaults.fault_duration_ns)) {
    lines.push_back(absl::StrCat("duration: ", DurationDist(n.fault_duration_ns)));
  }
  // Always written: which faults it injects is what a reader wants to know first.
  lines.push_back(absl::StrCat("kinds: ", FlowNames(n.kinds)));
  if (n.clock_jump_max_ns != defaults.clock_jump_max_ns) {
    lines.push_back(absl::StrCat("clock_jump_max: ", Duration(n.clock_jump_max_ns)));
  }
  return lines;
}

Lines Faults(const sim::FaultsSpec& faults) {
  Lines lines;
  Lines schedule;
  for (const FaultAction& a : faults.schedule) {
    const std::string entry = FaultEntry(a);
    if (!entry.empty()) schedule.push_back(absl::StrCat("- ", entry));
  }
  AddNested(lines, "schedule", schedule);
  AddNested(lines, "random", Nemesis(faults.random));
  return lines;
}

std::string Route(const sim::Route& route) {
  switch (route.policy) {
    case sim::RoutePolicy::kLeader:
      return "leader";
    case sim::RoutePolicy::kRandom:
      return "random";
    case sim::RoutePolicy::kSticky:
      return "sticky";
    case sim::RoutePolicy::kRole:
      return Block(absl::StrCat("role:", route.role));
  }
  return "leader";  // unreachable: every policy is handled above
}

std::string Keys(const sim::KeysSpec& keys) {
  const sim::KeysSpec defaults;
  Entries e;
  if (keys.count != defaults.count) e.emplace_back("count", absl::StrCat(keys.count));
  if (keys.dist != defaults.dist) {
    e.emplace_back("dist", keys.dist == sim::KeysSpec::Dist::kZipfian ? "zipfian" : "uniform");
  }
  if (keys.theta != defaults.theta) e.emplace_back("theta", FormatNumber(keys.theta));
  return e.empty() ? "" : FlowMap(e);
}

Lines Workload(const sim::WorkloadSpec& w) {
  const sim::WorkloadSpec defaults;
  Lines lines;
  if (!w.type.empty()) lines.push_back(absl::StrCat("type: ", Block(w.type)));
  if (w.clients != defaults.clients) lines.push_back(absl::StrCat("clients: ", w.clients));
  if (w.rate_per_s > 0) lines.push_back(absl::StrCat("rate: ", FormatRate(w.rate_per_s)));
  if (w.think_ns != defaults.think_ns)
    lines.push_back(absl::StrCat("think: ", Duration(w.think_ns)));
  // The mix is always written when there is one: its default depends on the workload.
  if (!w.ops.empty()) {
    Entries ops;
    for (const auto& [name, weight] : w.ops) ops.emplace_back(Flow(name), FormatNumber(weight));
    lines.push_back(absl::StrCat("ops: ", FlowMap(ops)));
  }
  if (const std::string keys = Keys(w.keys); !keys.empty()) {
    lines.push_back(absl::StrCat("keys: ", keys));
  }
  if (w.timeout_ns != defaults.timeout_ns) {
    lines.push_back(absl::StrCat("timeout: ", Duration(w.timeout_ns)));
  }
  if (w.route.policy != sim::RoutePolicy::kLeader) {
    lines.push_back(absl::StrCat("route: ", Route(w.route)));
  }
  if (w.read_route) lines.push_back(absl::StrCat("read_route: ", Route(*w.read_route)));
  if (w.final_reads != defaults.final_reads) {
    lines.push_back(absl::StrCat("final_reads: ", w.final_reads ? "true" : "false"));
  }
  return lines;
}

// A diagram's selection options; empty when it takes every default (a plain file name).
Entries DiagramOptions(const sim::DiagramOutput& d) {
  const sim::DiagramOutput defaults;
  Entries e;
  if (d.from_ns != defaults.from_ns) e.emplace_back("from", Duration(d.from_ns));
  if (d.to_ns != defaults.to_ns) e.emplace_back("to", Duration(d.to_ns));
  if (!d.nodes.empty()) e.emplace_back("nodes", FlowNames(d.nodes));
  if (!d.kinds.empty()) e.emplace_back("kinds", FlowNames(d.kinds));
  if (!d.hide_kinds.empty()) e.emplace_back("hide_kinds", FlowNames(d.hide_kinds));
  if (d.max_events) e.emplace_back("max_events", absl::StrCat(*d.max_events));
  if (d.around_violation) e.emplace_back("around_violation", "true");
  if (d.around_events) e.emplace_back("around_events", absl::StrCat(*d.around_events));
  if (d.scale != defaults.scale) e.emplace_back("scale", Flow(d.scale));
  return e;
}

// `outputs:` as one flow list of file names, or a block list when a diagram has options.
Lines Outputs(const sim::ScenarioSpec& spec) {
  const sim::ScenarioSpec defaults;
  if (spec.outputs == defaults.outputs && spec.diagrams.empty()) return {};
  std::vector<std::string> names = spec.outputs;
  for (const sim::DiagramOutput& d : spec.diagrams) {
    if (std::find(names.begin(), names.end(), d.file) == names.end()) names.push_back(d.file);
  }
  std::vector<std::string> items;
  bool any_options = false;
  for (const std::string& name : names) {
    Entries options;
    for (const sim::DiagramOutput& d : spec.diagrams) {
      if (d.file == name) options = DiagramOptions(d);
    }
    if (options.empty()) {
      items.push_back(Flow(name));
      continue;
    }
    any_options = true;
    options.insert(options.begin(), {"file", Flow(name)});
    items.push_back(FlowMap(options));
  }
  if (!any_options) return {absl::StrCat("outputs: ", FlowList(items))};
  Lines lines = {"outputs:"};
  for (const std::string& item : items) lines.push_back(absl::StrCat("  - ", item));
  return lines;
}

// The lines of one top-level key (with the key itself), or none when it is left out.
Lines Section(const sim::ScenarioSpec& spec, const std::string& key) {
  const sim::ScenarioSpec defaults;
  Lines lines;
  if (key == "version") return {"version: 1"};
  if (key == "name") return {absl::StrCat("name: ", Block(spec.name))};
  if (key == "description") {
    if (spec.description.empty()) return {};
    return {absl::StrCat("description: ", Block(spec.description))};
  }
  if (key == "seed") return {absl::StrCat("seed: ", spec.seed)};
  if (key == "duration") return {absl::StrCat("duration: ", Duration(spec.duration_ns))};
  if (key == "recovery") {
    if (spec.recovery_ns == defaults.recovery_ns) return {};
    return {absl::StrCat("recovery: ", Duration(spec.recovery_ns))};
  }
  if (key == "cluster") AddNested(lines, key, Cluster(spec.cluster));
  if (key == "network") AddNested(lines, key, Network(spec.network));
  if (key == "clocks") AddNested(lines, key, Clocks(spec.clocks));
  if (key == "faults") AddNested(lines, key, Faults(spec.faults));
  if (key == "workload") AddNested(lines, key, Workload(spec.workload));
  if (key == "checkers" && !spec.checkers.empty()) {
    return {absl::StrCat("checkers: ", FlowNames(spec.checkers))};
  }
  if (key == "outputs") return Outputs(spec);
  return lines;
}

void AddComments(std::string& out, const std::vector<std::string>& comments) {
  for (const std::string& comment : comments) {
    for (absl::string_view line : absl::StrSplit(comment, '\n')) {
      absl::StrAppend(&out, line.empty() ? "#" : absl::StrCat("# ", line), "\n");
    }
  }
}

}  // namespace

std::string WriteScenarioYaml(const sim::ScenarioSpec& spec, const ScenarioComments& comments) {
  std::string out;
  AddComments(out, comments.header);
  for (const std::string& key : kTopLevelKeys) {
    if (auto it = comments.sections.find(key); it != comments.sections.end()) {
      AddComments(out, it->second);
    }
    for (const std::string& line : Section(spec, key)) absl::StrAppend(&out, line, "\n");
  }
  for (const auto& [key, lines] : comments.sections) {
    if (std::find(kTopLevelKeys.begin(), kTopLevelKeys.end(), key) == kTopLevelKeys.end()) {
      AddComments(out, lines);
    }
  }
  return out;
}

}  // namespace faultline::scenario
