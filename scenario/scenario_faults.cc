// Reading `faults:`: the scheduled timeline and the random nemesis.
#include <algorithm>
#include <limits>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/check.h"
#include "scenario/scenario_sections.h"

namespace faultline::scenario::internal {
namespace {

const std::vector<std::string> kActions = {"partition", "heal",   "crash", "restart",
                                           "pause",     "resume", "clock", "link"};
const std::vector<std::string> kNemesisKinds = {"partition", "crash", "pause", "clock", "link"};

// Nodes and the roles a fault can aim at.
constexpr unsigned kTargetKinds = kNodes | kRoles;
// Partition groups may hold clients too: a partition can cut a client off.
constexpr unsigned kMemberKinds = kNodes | kClients;

absl::StatusOr<std::vector<std::string>> ReadMembers(const YamlValue& value,
                                                     const Endpoints& endpoints) {
  FL_ASSIGN_OR_RETURN(std::vector<YamlValue> items, value.Items());
  if (items.empty()) return value.Error("expected a non-empty list of names, like [n1, n2]");
  std::vector<std::string> names;
  for (const YamlValue& item : items) {
    FL_ASSIGN_OR_RETURN(std::string name, ReadEndpoint(item, endpoints, kMemberKinds));
    if (std::find(names.begin(), names.end(), name) != names.end()) {
      return item.Error(absl::StrCat("'", name, "' is listed twice"));
    }
    names.push_back(std::move(name));
  }
  return names;
}

absl::Status ReadPartition(const YamlValue& value, const Endpoints& endpoints, PartitionSpec* p) {
  FL_ASSIGN_OR_RETURN(YamlMap m, YamlMap::Read(value, {"shape", "target", "groups", "from", "to"}));
  FL_ASSIGN_OR_RETURN(YamlValue shape_value, m.Require("shape", "shape: halves"));
  using Shape = PartitionSpec::Shape;
  const std::vector<std::string> names = {"halves", "isolate", "majority-ring",
                                          "bridge", "groups",  "one-way"};
  const Shape shapes[] = {Shape::kHalves, Shape::kIsolate, Shape::kMajorityRing,
                          Shape::kBridge, Shape::kGroups,  Shape::kOneWay};
  FL_ASSIGN_OR_RETURN(std::string shape, shape_value.Choice(names));
  p->shape = shapes[std::find(names.begin(), names.end(), shape) - names.begin()];

  // Which of the optional keys each shape uses; the others are mistakes.
  std::vector<std::string> uses;
  if (shape == "isolate" || shape == "bridge") uses = {"target"};
  if (shape == "groups") uses = {"groups"};
  if (shape == "one-way") uses = {"from", "to"};
  for (const YamlMap::Entry& e : m.entries()) {
    if (e.key == "shape" || std::find(uses.begin(), uses.end(), e.key) != uses.end()) continue;
    return e.key_value.Error(
        absl::StrCat("shape ", shape, " does not use '", e.key, "'"),
        uses.empty() ? "remove it" : absl::StrCat("it takes: ", absl::StrJoin(uses, ", ")));
  }
  if (shape == "isolate") {
    FL_ASSIGN_OR_RETURN(YamlValue t, m.Require("target", "target: primary"));
    FL_ASSIGN_OR_RETURN(p->target, ReadEndpoint(t, endpoints, kTargetKinds));
  }
  if (shape == "bridge") {
    p->target = "random";
    if (std::optional<YamlValue> t = m.Get("target")) {
      FL_ASSIGN_OR_RETURN(p->target, ReadEndpoint(*t, endpoints, kTargetKinds));
    }
  }
  if (shape == "groups") {
    FL_ASSIGN_OR_RETURN(YamlValue g, m.Require("groups", "groups: [[n1, n2], [n3]]"));
    FL_ASSIGN_OR_RETURN(std::vector<YamlValue> groups, g.Items());
    if (groups.size() < 2) return g.Error("expected at least two groups, like [[n1], [n2, n3]]");
    std::vector<std::string> seen;
    for (const YamlValue& group : groups) {
      FL_ASSIGN_OR_RETURN(std::vector<std::string> members, ReadMembers(group, endpoints));
      for (const std::string& name : members) {
        if (std::find(seen.begin(), seen.end(), name) != seen.end()) {
          return group.Error(absl::StrCat("'", name, "' is in more than one group"));
        }
        seen.push_back(name);
      }
      p->groups.push_back(std::move(members));
    }
  }
  if (shape == "one-way") {
    FL_ASSIGN_OR_RETURN(YamlValue from, m.Require("from", "from: [n1]"));
    FL_ASSIGN_OR_RETURN(YamlValue to, m.Require("to", "to: [n2, n3]"));
    FL_ASSIGN_OR_RETURN(p->from, ReadMembers(from, endpoints));
    FL_ASSIGN_OR_RETURN(p->to, ReadMembers(to, endpoints));
  }
  return absl::OkStatus();
}

// {target: X} for crash, restart, pause and resume.
absl::StatusOr<std::string> ReadTarget(const YamlValue& value, const Endpoints& endpoints) {
  FL_ASSIGN_OR_RETURN(YamlMap m, YamlMap::Read(value, {"target"}));
  FL_ASSIGN_OR_RETURN(YamlValue t, m.Require("target", "target: n2"));
  return ReadEndpoint(t, endpoints, kTargetKinds);
}

absl::Status ReadClockAction(const YamlValue& value, const Endpoints& endpoints, FaultAction* a) {
  FL_ASSIGN_OR_RETURN(YamlMap m, YamlMap::Read(value, {"target", "jump", "drift_ppm"}));
  FL_ASSIGN_OR_RETURN(YamlValue t, m.Require("target", "target: n2"));
  FL_ASSIGN_OR_RETURN(a->target, ReadEndpoint(t, endpoints, kTargetKinds));
  if (m.Has("jump") == m.Has("drift_ppm")) {
    return value.Error("a clock fault needs exactly one of jump or drift_ppm",
                       "write {target: n1, jump: 500ms} or {target: n1, drift_ppm: 200}");
  }
  if (std::optional<YamlValue> j = m.Get("jump")) {
    a->kind = FaultAction::Kind::kClockJump;
    FL_ASSIGN_OR_RETURN(a->clock_jump_ns, j->Duration(std::numeric_limits<Nanos>::min()));
  } else {
    a->kind = FaultAction::Kind::kClockDrift;
    FL_RETURN_IF_ERROR(m.ReadInteger("drift_ppm", -1'000'000, 1'000'000, &a->drift_ppm));
  }
  return absl::OkStatus();
}

absl::Status ReadLinkAction(const YamlValue& value, const Endpoints& endpoints, FaultAction* a) {
  FL_ASSIGN_OR_RETURN(
      YamlMap m, YamlMap::Read(value, {"from", "to", "latency", "loss", "duplicate", "reorder"}));
  const unsigned kinds = kNodes | kClients | kRoles | kWildcard;
  if (std::optional<YamlValue> v = m.Get("from")) {
    FL_ASSIGN_OR_RETURN(a->link.from, ReadEndpoint(*v, endpoints, kinds));
  }
  if (std::optional<YamlValue> v = m.Get("to")) {
    FL_ASSIGN_OR_RETURN(a->link.to, ReadEndpoint(*v, endpoints, kinds));
  }
  bool any = false;
  FL_RETURN_IF_ERROR(ReadLinkFields(m, &a->link, &any));
  if (!any) {
    return value.Error("this link fault changes nothing",
                       "set at least one of latency, loss, duplicate, reorder");
  }
  a->link.loc = a->loc;
  return absl::OkStatus();
}

// The action's own value, by kind; `at` and the modifiers are read by the caller.
absl::Status ReadAction(const std::string& action, const YamlValue& v, const Endpoints& endpoints,
                        FaultAction* a) {
  using Kind = FaultAction::Kind;
  if (action == "partition") {
    a->kind = Kind::kPartition;
    return ReadPartition(v, endpoints, &a->partition);
  }
  if (action == "heal") {
    a->kind = Kind::kHeal;
    FL_ASSIGN_OR_RETURN(bool heal, v.Bool());
    if (!heal) return v.Error("heal: false does nothing", "write heal: true or remove the entry");
    return absl::OkStatus();
  }
  if (action == "clock") return ReadClockAction(v, endpoints, a);
  if (action == "link") {
    a->kind = Kind::kLinkDegrade;
    return ReadLinkAction(v, endpoints, a);
  }
  a->kind = action == "crash"     ? Kind::kCrash
            : action == "restart" ? Kind::kRestart
            : action == "pause"   ? Kind::kPause
                                  : Kind::kResume;
  FL_ASSIGN_OR_RETURN(a->target, ReadTarget(v, endpoints));
  return absl::OkStatus();
}

absl::StatusOr<FaultAction> ReadScheduleEntry(const YamlValue& value, const Endpoints& endpoints,
                                              Nanos duration_ns) {
  std::vector<std::string> allowed = kActions;
  allowed.insert(allowed.end(), {"at", "for", "restart_after"});
  FL_ASSIGN_OR_RETURN(YamlMap m, YamlMap::Read(value, allowed));
  FaultAction a;
  a.loc = {value.node().Mark().line + 1, value.node().Mark().column + 1};

  const YamlMap::Entry* action = nullptr;
  for (const YamlMap::Entry& e : m.entries()) {
    if (std::find(kActions.begin(), kActions.end(), e.key) == kActions.end()) continue;
    if (action != nullptr) {
      return e.key_value.Error(
          absl::StrCat("this entry has two actions, '", action->key, "' and '", e.key, "'"),
          "give each action its own entry in the schedule");
    }
    action = &e;
  }
  if (action == nullptr) {
    return value.Error("this entry has no action",
                       absl::StrCat("add one of: ", absl::StrJoin(kActions, ", ")));
  }
  FL_ASSIGN_OR_RETURN(YamlValue at, m.Require("at", "at: 5s"));
  FL_ASSIGN_OR_RETURN(a.at_ns, at.Duration(0));
  if (a.at_ns > duration_ns) {
    return at.Error(absl::StrCat("at ", FormatDuration(a.at_ns), " is after the end of the run (",
                                 "duration: ", FormatDuration(duration_ns), ")"),
                    "schedule it earlier or raise duration");
  }
  FL_RETURN_IF_ERROR(ReadAction(action->key, action->value, endpoints, &a));

  // Which modifier each action takes: `for` undoes it, restart_after restarts a crash.
  const std::string& act = action->key;
  const bool takes_for = act == "partition" || act == "pause" || act == "link";
  for (const YamlMap::Entry& e : m.entries()) {
    if (e.key != "for" && e.key != "restart_after") continue;
    const bool fits = e.key == "for" ? takes_for : act == "crash";
    if (!fits) {
      return e.key_value.Error(absl::StrCat("'", e.key, "' does not apply to ", act),
                               act == "crash" ? "use restart_after"
                               : takes_for    ? "use for"
                                              : "remove it");
    }
    FL_ASSIGN_OR_RETURN(a.for_ns, e.value.Duration(1));
  }
  return a;
}

absl::Status ReadNemesis(const YamlValue& value, NemesisSpec* n) {
  FL_ASSIGN_OR_RETURN(YamlMap m, YamlMap::Read(value, {"enabled", "interval", "duration", "kinds",
                                                       "clock_jump_max"}));
  n->enabled = true;
  FL_RETURN_IF_ERROR(m.ReadBool("enabled", &n->enabled));
  if (std::optional<YamlValue> v = m.Get("interval")) {
    FL_ASSIGN_OR_RETURN(n->interval_ns, ReadDistribution(*v, Quantity::kDuration, false));
    if (!(n->interval_ns.Max() > 0)) {
      return v->Error("the interval must be able to exceed 0", "write interval: 5s");
    }
  }
  if (std::optional<YamlValue> v = m.Get("duration")) {
    FL_ASSIGN_OR_RETURN(n->fault_duration_ns, ReadDistribution(*v, Quantity::kDuration, false));
  }
  n->kinds = kNemesisKinds;
  if (std::optional<YamlValue> v = m.Get("kinds")) {
    FL_ASSIGN_OR_RETURN(std::vector<YamlValue> items, v->Items());
    if (items.empty()) return v->Error("expected at least one kind", "or set enabled: false");
    n->kinds.clear();
    for (const YamlValue& item : items) {
      FL_ASSIGN_OR_RETURN(std::string kind, item.Choice(kNemesisKinds));
      if (std::find(n->kinds.begin(), n->kinds.end(), kind) != n->kinds.end()) {
        return item.Error(absl::StrCat("'", kind, "' is listed twice"));
      }
      n->kinds.push_back(std::move(kind));
    }
  }
  FL_RETURN_IF_ERROR(m.ReadDuration("clock_jump_max", 0, &n->clock_jump_max_ns));
  return absl::OkStatus();
}

}  // namespace

// A hand-written or shrunk schedule has tens of entries; a generated one of millions would
// take gigabytes to parse (yaml-cpp keeps a node graph per entry).
constexpr size_t kMaxScheduleEntries = 10'000;

absl::Status ReadFaults(const YamlValue& value, const Endpoints& endpoints, Nanos duration_ns,
                        FaultsSpec* faults) {
  FL_ASSIGN_OR_RETURN(YamlMap m, YamlMap::Read(value, {"schedule", "random"}));
  if (std::optional<YamlValue> s = m.Get("schedule")) {
    FL_ASSIGN_OR_RETURN(std::vector<YamlValue> items, s->Items());
    if (items.size() > kMaxScheduleEntries) {
      return s->Error(absl::StrCat("the schedule has ", items.size(), " entries; the limit is ",
                                   kMaxScheduleEntries),
                      "describe long fault mixes with faults.random instead");
    }
    for (const YamlValue& item : items) {
      FL_ASSIGN_OR_RETURN(FaultAction a, ReadScheduleEntry(item, endpoints, duration_ns));
      faults->schedule.push_back(std::move(a));
    }
    std::stable_sort(faults->schedule.begin(), faults->schedule.end(),
                     [](const FaultAction& x, const FaultAction& y) { return x.at_ns < y.at_ns; });
  }
  if (std::optional<YamlValue> r = m.Get("random")) {
    FL_RETURN_IF_ERROR(ReadNemesis(*r, &faults->random));
  }
  return absl::OkStatus();
}

}  // namespace faultline::scenario::internal
