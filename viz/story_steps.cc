#include "viz/story_steps.h"

#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "base/strings.h"
#include "nlohmann/json.hpp"
#include "viz/label_text.h"

namespace faultline::viz {
namespace {

constexpr size_t kBodyChars = 90;  // message bodies in a step's text

// How notes that name a role begin, in the words the shipped models use.
constexpr std::array<std::string_view, 11> kRolePrefixes = {
    "primary",  "promoted to", "following", "stepped down", "became leader", "candidate",
    "leader",   "follower",    "backup",    "restarted as", "recovered"};

bool IsClientKind(std::string_view kind) { return kind.substr(0, 7) == "client."; }

// The role a note names, without its parenthesised details: "promoted to primary in
// epoch 2 (no heartbeat for 450ms ...)" -> "promoted to primary in epoch 2".
std::string RoleOf(std::string_view note) {
  const size_t paren = note.find(" (");
  return CleanText(note.substr(0, paren));
}

// Whether the JSON value `k` is the key `key` (a string key, or a number written as text).
bool IsKey(const nlohmann::json& k, std::string_view key) {
  if (k.is_string()) return k.get_ref<const std::string&>() == key;
  return k.is_number() && k.dump() == key;
}

// The last value of `key` that `body` carries: an object with "key": key and a "value",
// at any depth (log entries in a list count in order, so the latest entry wins).
void FindValue(const nlohmann::json& j, std::string_view key, std::optional<std::string>* out) {
  if (j.is_object()) {
    const auto k = j.find("key");
    const auto v = j.find("value");
    if (k != j.end() && v != j.end() && IsKey(*k, key)) *out = v->dump();
    for (const auto& [name, child] : j.items()) {
      if (child.is_structured()) FindValue(child, key, out);
    }
  } else if (j.is_array()) {
    for (const nlohmann::json& child : j) FindValue(child, key, out);
  }
}

// The value of `key` a message body carries, and the epoch or term it was sent in (" in
// epoch 1"), which tells a stale message from a current one.
std::optional<std::pair<std::string, std::string>> ValueInBody(std::string_view body,
                                                               std::string_view key) {
  if (body.find(key) == std::string_view::npos) return std::nullopt;  // most bodies
  const nlohmann::json j = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return std::nullopt;
  std::optional<std::string> value;
  FindValue(j, key, &value);
  if (!value) return std::nullopt;
  std::string era;
  for (const char* name : {"epoch", "term"}) {
    if (j.is_object() && j.contains(name) && j[name].is_number_integer()) {
      era = absl::StrCat(" in ", name, " ", j[name].get<int64_t>());
      break;
    }
  }
  return std::pair{*std::move(value), std::move(era)};
}

std::string OpText(const TraceEvent& e) {
  std::string s = absl::StrCat("op ", e.op, " ", e.f);
  if (!e.key.empty()) absl::StrAppend(&s, " ", e.key);
  return s;
}

// What one trace event is, in a line: "3.441s n1 -> n2 replicate {...} delivered".
std::string EventText(const TraceEvent& e) {
  const std::string at = ShortTime(e.time);
  const auto message = [&](std::string_view what) {
    return absl::StrCat(at, " ", e.node, " \xE2\x86\x92 ", e.peer, " ", e.kind, " ",
                        ShortenText(e.body, kBodyChars), " ", Sv(what));
  };
  const std::string who = e.node.empty() ? std::string() : absl::StrCat(" ", e.node);
  switch (e.type) {
    case EventType::kSend:
      return message("sent");
    case EventType::kDeliver:
      return message("delivered");
    case EventType::kDrop:
      return message(absl::StrCat("dropped (", e.text, ")"));
    case EventType::kDuplicate:
      return message("duplicated by the network");
    case EventType::kInvoke:
      return absl::StrCat(at, who, " invokes ", OpText(e),
                          e.value == "null" ? std::string() : absl::StrCat(" ", e.value));
    case EventType::kComplete:
      return absl::StrCat(at, who, " ", OpText(e), " -> ", e.text,
                          e.value == "null" ? std::string() : absl::StrCat(" ", e.value));
    case EventType::kNote:
      return absl::StrCat(at, who, e.node.empty() ? " " : ": ", CleanText(e.text));
    case EventType::kPartition:
      return absl::StrCat(at, " partition ", e.text);
    case EventType::kHeal:
      return absl::StrCat(at, " partition healed", e.text.empty() ? "" : ": ", e.text);
    case EventType::kCrash:
      return absl::StrCat(at, who, " crashes");
    case EventType::kRestart:
      return absl::StrCat(at, who, " restarts");
    case EventType::kPause:
      return absl::StrCat(at, who, " pauses");
    case EventType::kResume:
      return absl::StrCat(at, who, " resumes");
    case EventType::kClock:
      return absl::StrCat(at, who, " clock ", e.text);
    case EventType::kLink:
      return absl::StrCat(at, " link ", e.text);
    case EventType::kTimer:
      return absl::StrCat(at, who, " timer ", e.tag);
    case EventType::kStart:
      return absl::StrCat(at, who, " starts");
  }
  return at;
}

// Every row's trace event ("i"), from the diagram's items; -1 for a row no item names.
std::vector<int64_t> RowEvents(const Diagram& d) {
  std::vector<int64_t> rows(static_cast<size_t>(std::max<int64_t>(d.rows, 0)), -1);
  const auto note = [&](const At& at) {
    if (at.row >= 0 && at.row < static_cast<int64_t>(rows.size())) {
      rows[static_cast<size_t>(at.row)] = at.event;
    }
  };
  if (d.rows > 0) {
    note(d.begin);
    note(d.end);
  }
  for (const Arrow& a : d.arrows) {
    note(a.send);
    if (a.fate != Fate::kInFlight) note(a.end);
  }
  for (const OpBar& o : d.ops) {
    note(o.invoke);
    if (o.outcome != OpOutcome::kPending) note(o.complete);
  }
  for (const Mark& m : d.marks) note(m.at);
  for (const Span& s : d.spans) {
    note(s.begin);
    note(s.end);
  }
  for (const Band& b : d.bands) {
    note(b.begin);
    note(b.end);
  }
  for (const ClusterNote& n : d.cluster_notes) note(n.at);
  // A row no item names (a duplicate's own row, say) shares its predecessor's state.
  for (size_t r = 1; r < rows.size(); ++r) {
    if (rows[r] < 0) rows[r] = rows[r - 1];
  }
  return rows;
}

class Replay {
 public:
  Replay(const TraceEvents& trace, std::string_view key, const std::vector<std::string>& nodes)
      : trace_(trace), key_(key) {
    for (size_t i = 0; i < nodes.size(); ++i) node_[nodes[i]] = i;
    state_.resize(nodes.size());
  }

  // Applies every event with "i" <= `index` not applied yet.
  void Through(int64_t index) {
    while (next_ < trace_.events.size() && trace_.events[next_].index <= index) {
      Apply(trace_.events[next_++]);
    }
  }

  const std::vector<StoryNodeState>& state() const { return state_; }

 private:
  StoryNodeState* Node(const std::string& name) {
    const auto it = node_.find(name);
    return it == node_.end() ? nullptr : &state_[it->second];
  }

  void Apply(const TraceEvent& e) {
    switch (e.type) {
      case EventType::kNote:
        if (StoryNodeState* n = Node(e.node); n != nullptr && IsRoleNote(e.text)) {
          n->role = RoleOf(e.text);
          n->note = CleanText(e.text);
        }
        break;
      case EventType::kCrash:
      case EventType::kRestart:
        if (StoryNodeState* n = Node(e.node)) n->down = e.type == EventType::kCrash;
        break;
      case EventType::kPause:
      case EventType::kResume:
        if (StoryNodeState* n = Node(e.node)) n->paused = e.type == EventType::kPause;
        break;
      case EventType::kInvoke:
        if (e.key == key_ && (e.f == "write" || e.f == "put")) writes_[e.op] = e.value;
        break;
      case EventType::kDeliver:
        OnDeliver(e);
        break;
      case EventType::kComplete:
        OnComplete(e);
        break;
      default:
        break;
    }
  }

  void OnDeliver(const TraceEvent& e) {
    if (IsClientKind(e.kind)) {
      // A reply to a client: remember who answered which op, for OnComplete.
      if (Node(e.node) == nullptr) return;
      const nlohmann::json j = nlohmann::json::parse(e.body, nullptr, false);
      if (j.is_object() && j.contains("op") && j["op"].is_number_unsigned()) {
        answered_by_[j["op"].get<uint64_t>()] = e.node;
      }
      return;
    }
    StoryNodeState* n = Node(e.peer);
    if (n == nullptr) return;
    if (auto v = ValueInBody(e.body, key_)) {
      n->value = std::move(v->first);
      n->value_from =
          absl::StrCat(e.kind, " from ", e.node, v->second, ", delivered at ", ShortTime(e.time));
    }
  }

  void OnComplete(const TraceEvent& e) {
    const auto write = writes_.find(e.op);
    if (e.text != "ok" || write == writes_.end()) return;
    const auto by = answered_by_.find(e.op);
    if (by == answered_by_.end()) return;
    if (StoryNodeState* n = Node(by->second)) {
      n->value = write->second;
      n->value_from = absl::StrCat("acknowledged op ", e.op, " at ", ShortTime(e.time));
    }
  }

  const TraceEvents& trace_;
  const std::string key_;
  size_t next_ = 0;
  std::map<std::string, size_t> node_;
  std::vector<StoryNodeState> state_;
  std::map<uint64_t, std::string> writes_;       // op -> value written to the key
  std::map<uint64_t, std::string> answered_by_;  // op -> the node whose reply reached it
};

const TraceEvent* FindEvent(const TraceEvents& trace, int64_t index) {
  const auto it = std::lower_bound(
      trace.events.begin(), trace.events.end(), index,
      [](const TraceEvent& e, int64_t i) { return e.index < i; });
  return it != trace.events.end() && it->index == index ? &*it : nullptr;
}

}  // namespace

bool IsRoleNote(std::string_view note) {
  for (std::string_view prefix : kRolePrefixes) {
    if (note.substr(0, prefix.size()) == prefix) return true;
  }
  return false;
}

StorySteps BuildStorySteps(const Diagram& story, const TraceEvents& trace, std::string_view key) {
  StorySteps out;
  out.key = std::string(key);
  for (const Lane& lane : story.lanes) {
    if (lane.kind == LaneKind::kNode) out.nodes.push_back(lane.name);
  }
  const std::vector<int64_t> row_event = RowEvents(story);
  // Gap marks are notes the story made up: no trace event has their text.
  std::map<int64_t, const ClusterNote*> gaps;  // row -> gap mark
  for (const ClusterNote& n : story.cluster_notes) {
    const TraceEvent* e = FindEvent(trace, n.at.event);
    if (e == nullptr || e->type != EventType::kNote || e->text != n.text) gaps[n.at.row] = &n;
  }
  Replay replay(trace, key, out.nodes);
  for (size_t r = 0; r < row_event.size(); ++r) {
    const int64_t row = static_cast<int64_t>(r);
    StoryStep step;
    const auto gap = gaps.find(row);
    const TraceEvent* e = FindEvent(trace, row_event[r]);
    if (gap != gaps.end()) {
      // Everything the gap leaves out: up to the next row's event.
      const int64_t next = r + 1 < row_event.size() ? row_event[r + 1] - 1 : row_event[r];
      replay.Through(next);
      step.at = gap->second->at;
      step.text = absl::StrCat(ShortTime(step.at.time), " ", CleanText(gap->second->text));
    } else {
      replay.Through(row_event[r]);
      step.at = e != nullptr ? At{e->time, row, e->index} : At{0, row, row_event[r]};
      step.text = e != nullptr ? EventText(*e) : std::string("(an event not in the trace)");
    }
    step.nodes = replay.state();
    out.steps.push_back(std::move(step));
  }
  return out;
}

}  // namespace faultline::viz
