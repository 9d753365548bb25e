// RenderShiViz: a Diagram as a ShiViz log with vector clocks (see shiviz.h).
#include "viz/shiviz.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/json_string.h"
#include "base/strings.h"
#include "base/time.h"

namespace faultline::viz {
namespace {



// One line of event text: ShiViz's event group is `.*`, which stops at a line break.
std::string OneLine(std::string s) {
  for (char& c : s) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return s;
}

// Host names as the regex's \S* reads them, unique, in lane order.
std::vector<std::string> HostNames(const std::vector<Lane>& lanes) {
  std::vector<std::string> names;
  std::set<std::string> taken;
  for (size_t i = 0; i < lanes.size(); ++i) {
    std::string name = lanes[i].name;
    for (char& c : name) {
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') c = '_';
    }
    if (name.empty()) name = absl::StrCat("lane", i);
    std::string unique = name;
    for (int k = 2; taken.count(unique) > 0; ++k) unique = absl::StrCat(name, "#", k);
    taken.insert(unique);
    names.push_back(std::move(unique));
  }
  return names;
}

// An event to write. Sorted by (event, phase, seq): a delivery's `event` is never before
// its send's, and at a tie the send (phase 0) goes first.
struct LogEvent {
  int64_t event = 0;
  int phase = 0;
  size_t seq = 0;
  int lane = 0;
  enum class Role : uint8_t { kLocal, kSend, kReceive } role = Role::kLocal;
  size_t arrow = 0;  // for kSend / kReceive
  std::string text;
};

class ShiVizWriter {
 public:
  ShiVizWriter(const Diagram& d, const RenderOptions& o)
      : d_(d), options_(o), hosts_(HostNames(d.lanes)) {}

  std::string Render() {
    Collect();
    std::sort(events_.begin(), events_.end(), [](const LogEvent& a, const LogEvent& b) {
      if (a.event != b.event) return a.event < b.event;
      if (a.phase != b.phase) return a.phase < b.phase;
      return a.seq < b.seq;
    });
    std::string out = absl::StrCat(kShiVizRegex, "\n\n");
    std::vector<std::vector<int64_t>> clocks(d_.lanes.size(),
                                             std::vector<int64_t>(d_.lanes.size(), 0));
    std::vector<std::vector<int64_t>> sent(d_.arrows.size());
    for (const LogEvent& e : events_) {
      std::vector<int64_t>& clock = clocks[e.lane];
      if (e.role == LogEvent::Role::kReceive) {
        const std::vector<int64_t>& at_send = sent[e.arrow];
        for (size_t k = 0; k < clock.size() && k < at_send.size(); ++k) {
          clock[k] = std::max(clock[k], at_send[k]);
        }
        sent[e.arrow] = {};  // each arrow is received at most once
      }
      ++clock[e.lane];
      if (e.role == LogEvent::Role::kSend) sent[e.arrow] = clock;
      AppendClockLine(out, e.lane, clock);
      absl::StrAppend(&out, OneLine(e.text), "\n");
    }
    return out;
  }

 private:
  bool ValidLane(int lane) const {
    return lane >= 0 && static_cast<size_t>(lane) < d_.lanes.size();
  }

  // `detail` goes into the bracket after the text, before the time and trace index.
  void Add(const At& at, int lane, std::string_view text, std::string_view detail = "",
           LogEvent::Role role = LogEvent::Role::kLocal, size_t arrow = 0) {
    LogEvent e;
    e.event = at.event;
    e.seq = events_.size();
    e.lane = lane;
    e.role = role;
    e.arrow = arrow;
    e.text = absl::StrCat(Sv(text), " [", Sv(detail), detail.empty() ? "" : ", ",
                          "t=", FormatDuration(at.time), ", i=", at.event, "]");
    events_.push_back(std::move(e));
  }

  void Collect() {
    for (size_t i = 0; i < d_.arrows.size(); ++i) AddArrow(d_.arrows[i], i);
    for (const OpBar& op : d_.ops) AddOp(op);
    for (const Mark& m : d_.marks) {
      if (!ValidLane(m.lane)) continue;
      std::string text(MarkTypeName(m.type));
      if (!m.text.empty()) absl::StrAppend(&text, " ", m.text);
      Add(m.at, m.lane, text);
    }
  }

  void AddArrow(const Arrow& a, size_t index) {
    if (!ValidLane(a.from) || !ValidLane(a.to)) return;
    const std::string& what = options_.message_labels && !a.label.empty() ? a.label : a.kind;
    const std::string_view dup = a.duplicate ? " (duplicate)" : "";
    const std::string msg = absl::StrCat("msg ", a.msg);
    const bool delivered = a.fate == Fate::kDelivered;
    std::string send = absl::StrCat("send ", what, Sv(dup), " to ", hosts_[a.to]);
    if (a.fate == Fate::kDropped) absl::StrAppend(&send, " -> dropped (", a.drop_reason, ")");
    if (a.fate == Fate::kInFlight) absl::StrAppend(&send, " -> in flight at the end");
    Add(a.send, a.from, send, msg, delivered ? LogEvent::Role::kSend : LogEvent::Role::kLocal,
        index);
    if (!delivered) return;
    Add(a.end, a.to, absl::StrCat("recv ", what, Sv(dup), " from ", hosts_[a.from]), msg,
        LogEvent::Role::kReceive, index);
    // Written after its send even if the diagram says otherwise.
    events_.back().event = std::max(a.end.event, a.send.event);
    events_.back().phase = 1;
  }

  void AddOp(const OpBar& op) {
    if (!ValidLane(op.lane)) return;
    const std::string detail = absl::StrCat("process ", op.process, ", op ", op.op);
    std::string invoke = absl::StrCat("invoke ", op.f, " ", op.key);
    if (!op.value.empty() && op.value != "null") absl::StrAppend(&invoke, " ", op.value);
    Add(op.invoke, op.lane, invoke, detail);
    if (op.outcome == OpOutcome::kPending) return;
    std::string complete = absl::StrCat(Sv(OpOutcomeName(op.outcome)), " ", op.f, " ", op.key);
    if (!op.result.empty() && op.result != "null") absl::StrAppend(&complete, " -> ", op.result);
    Add(op.complete, op.lane, complete, detail);
  }

  void AppendClockLine(std::string& out, int lane, const std::vector<int64_t>& clock) const {
    absl::StrAppend(&out, hosts_[lane], " {");
    bool first = true;
    for (size_t k = 0; k < clock.size(); ++k) {
      if (clock[k] == 0) continue;
      if (!first) out += ',';
      first = false;
      AppendJsonString(out, hosts_[k]);
      absl::StrAppend(&out, ":", clock[k]);
    }
    out += "}\n";
  }

  const Diagram& d_;
  const RenderOptions& options_;
  const std::vector<std::string> hosts_;
  std::vector<LogEvent> events_;
};

}  // namespace

std::string RenderShiViz(const Diagram& diagram, const RenderOptions& options) {
  return ShiVizWriter(diagram, options).Render();
}

}  // namespace faultline::viz
