#include "viz/story.h"

#include <algorithm>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/strings.h"
#include "base/time.h"
#include "nlohmann/json.hpp"
#include "viz/diagram_builder.h"
#include "viz/internal/diagram_text.h"
#include "viz/internal/story_caption.h"
#include "viz/label_text.h"
#include "viz/trace_events.h"

namespace faultline::viz {
namespace {

constexpr size_t kNone = std::numeric_limits<size_t>::max();
constexpr size_t kLostShown = 3;        // contradicted writes drawn (the caption counts all)
constexpr size_t kConcurrentShown = 4;  // ops concurrent with the failing one
constexpr size_t kCarriersPerValue = 4;  // messages carrying one value
constexpr int64_t kGapMarkEvents = 10;  // shorter stretches are left out without a mark

struct OpEvents {
  size_t invoke = kNone;
  size_t complete = kNone;
};

bool IsMessage(EventType t) {
  return t == EventType::kSend || t == EventType::kDeliver || t == EventType::kDrop ||
         t == EventType::kDuplicate;
}

bool WritesValue(std::string_view f) { return f == "write" || f == "put" || f == "cas"; }

// What a read returned, as the values it saw: each element of a list of siblings, else
// the one value.
std::set<std::string> ReturnedValues(std::string_view output) {
  const nlohmann::json v =
      nlohmann::json::parse(output.begin(), output.end(), nullptr, /*allow_exceptions=*/false);
  std::set<std::string> values;
  if (v.is_array()) {
    for (const nlohmann::json& e : v) values.insert(e.dump());
  } else {
    values.insert(std::string(output));
  }
  return values;
}

// Whether the JSON text `body` has `"name":value` with exactly `value` (compact JSON
// text), not a longer value that begins with it ("value":538 is not "value":5380).
bool HasField(std::string_view body, std::string_view name, std::string_view value) {
  const std::string needle = absl::StrCat("\"", Sv(name), "\":", Sv(value));
  for (size_t at = body.find(needle); at != std::string_view::npos;
       at = body.find(needle, at + 1)) {
    const size_t end = at + needle.size();
    if (end == body.size() || body[end] == ',' || body[end] == '}' || body[end] == ']') {
      return true;
    }
  }
  return false;
}

std::string JsonString(std::string_view s) { return nlohmann::json(std::string(s)).dump(); }

class StoryPlanner {
 public:
  // `violation`: whether `v` is the checker's (else a valid run's last read, told alike).
  StoryPlanner(const TraceEvents& trace, const ReportViolation& v, bool violation)
      : trace_(trace), v_(v) {
    marks_.violation = violation;
    const auto& ev = trace_.events;
    for (size_t p = 0; p < ev.size(); ++p) {
      const TraceEvent& e = ev[p];
      if (e.type == EventType::kInvoke) ops_[e.op].invoke = p;
      if (e.type == EventType::kComplete) ops_[e.op].complete = p;
      if (IsMessage(e.type)) messages_[e.msg].push_back(p);
    }
  }

  absl::Status Plan() {
    const ReportOp& s = v_.stuck;
    const auto stuck = ops_.find(static_cast<uint64_t>(s.id));
    if (stuck == ops_.end() || stuck->second.invoke == kNone) {
      return absl::InvalidArgumentError(absl::StrCat(
          trace_.source, ": has no op ", s.id,
          " (the op the checker could not place); are the trace and the report from the same "
          "run?"));
    }
    // The same number for another op means the report is of another run.
    const TraceEvent& invoke = trace_.events[stuck->second.invoke];
    if (invoke.f != s.f || invoke.key != s.key || invoke.time != s.call) {
      return absl::InvalidArgumentError(absl::StrCat(
          trace_.source, ": op ", s.id, " is ", invoke.f, " ", invoke.key, " invoked at ",
          invoke.time, ", but the report's op ", s.id, " is ", s.f, " ", s.key, " invoked at ",
          s.call, ": the trace and the report are from different runs"));
    }
    marks_.failing_op = static_cast<uint64_t>(s.id);
    Choose(marks_.failing_op);
    FindSourceAndLost();
    for (size_t i = 0; i < v_.concurrent.size() && i < kConcurrentShown; ++i) {
      Choose(static_cast<uint64_t>(v_.concurrent[i].id));
    }
    Window();
    for (size_t p = 0; p < trace_.events.size(); ++p) {
      if (trace_.events[p].type == EventType::kStart) keep_.insert(p);
    }
    KeepOps();
    KeepCarriers();
    KeepFaultsAndNotes();
    marks_.caption = internal::StoryCaption({
        .v = v_,
        .violation = marks_.violation,
        .returned = returned_,
        .source_op = marks_.source_op,
        .source_call = marks_.source_op != 0 ? CallOf(marks_.source_op) : 0,
        .source_last_acknowledged = LastAcknowledged(),
        .lost = lost_,
        .lost_total = lost_total_,
    });
    return absl::OkStatus();
  }

  // The kept events, with a gap mark (a cluster note) over each long stretch left out.
  TraceEvents Events() const {
    TraceEvents out;
    out.source = trace_.source;
    out.label_fields = trace_.label_fields;  // the models' label fields, as the full picture uses
    size_t previous = kNone;
    for (size_t p : keep_) {
      const size_t from = previous == kNone ? 0 : previous + 1;
      if (p > from && static_cast<int64_t>(p - from) >= kGapMarkEvents && previous != kNone) {
        out.events.push_back(internal::StoryGapMark(trace_, from, p));
      }
      out.events.push_back(trace_.events[p]);
      previous = p;
    }
    return out;
  }

  const StoryMarks& marks() const { return marks_; }
  size_t gaps() const {
    size_t n = 0;
    size_t previous = kNone;
    for (size_t p : keep_) {
      if (previous != kNone && static_cast<int64_t>(p - previous - 1) >= kGapMarkEvents) ++n;
      previous = p;
    }
    return n;
  }

 private:
  void Choose(uint64_t op) {
    if (op != 0 && ops_.count(op) != 0) chosen_.insert(op);
  }

  int64_t CallOf(uint64_t op) const { return trace_.events[ops_.at(op).invoke].time; }
  // The completion time; the end of the trace when it never completed.
  int64_t RetOf(uint64_t op) const {
    const size_t c = ops_.at(op).complete;
    return c != kNone ? trace_.events[c].time : trace_.events.back().time;
  }

  // For a read: the write whose value it returned, and the acknowledged writes after it.
  void FindSourceAndLost() {
    const ReportOp& s = v_.stuck;
    if (!s.output || (s.f != "read" && s.f != "get")) return;
    returned_ = *s.output;
    returned_values_ = ReturnedValues(returned_);
    const int64_t stuck_ret = s.ret.value_or(std::numeric_limits<int64_t>::max());
    for (const auto& [id, at] : ops_) {
      if (at.invoke == kNone) continue;
      const TraceEvent& e = trace_.events[at.invoke];
      if (e.key != s.key) continue;
      const std::optional<std::string> written = internal::Written(e.f, e.value);
      if (!written || returned_values_.count(*written) == 0) continue;
      if (e.time > stuck_ret) continue;
      if (at.complete != kNone && trace_.events[at.complete].text == "fail") continue;
      if (marks_.source_op == 0 || e.time > CallOf(marks_.source_op)) marks_.source_op = id;
    }
    Choose(marks_.source_op);
    const int64_t after = marks_.source_op != 0 ? RetOf(marks_.source_op) : -1;
    std::vector<const ReportOp*> lost;
    for (const ReportOp& op : v_.prefix) {
      if (op.key != s.key || op.status != "ok" || !op.ret) continue;
      const std::optional<std::string> written = internal::Written(op.f, op.input, op.input2);
      if (!written || returned_values_.count(*written) != 0) continue;
      if (*op.ret >= s.call || op.call <= after) continue;
      lost.push_back(&op);
    }
    std::sort(lost.begin(), lost.end(),
              [](const ReportOp* a, const ReportOp* b) { return *a->ret > *b->ret; });
    lost_total_ = lost.size();
    for (size_t i = 0; i < lost.size() && i < kLostShown; ++i) {
      lost_.push_back(lost[i]);
      marks_.lost_ops.push_back(static_cast<uint64_t>(lost[i]->id));
      Choose(marks_.lost_ops.back());
    }
  }

  // From the first chosen op's call to the failing op's end.
  void Window() {
    from_ = std::numeric_limits<int64_t>::max();
    for (uint64_t op : chosen_) from_ = std::min(from_, CallOf(op));
    to_ = RetOf(marks_.failing_op);
  }

  void KeepMessage(uint64_t msg) {
    const auto it = messages_.find(msg);
    if (it == messages_.end()) return;
    keep_.insert(it->second.begin(), it->second.end());
  }

  // Each chosen op's invoke and completion, and its requests and replies: client messages
  // whose body names the op and that its client sent or received.
  void KeepOps() {
    for (uint64_t op : chosen_) {
      const OpEvents& at = ops_.at(op);
      keep_.insert(at.invoke);
      if (at.complete != kNone) keep_.insert(at.complete);
    }
    for (size_t p = 0; p < trace_.events.size(); ++p) {
      const TraceEvent& e = trace_.events[p];
      if (e.type != EventType::kSend || e.kind.rfind("client.", 0) != 0) continue;
      for (uint64_t op : chosen_) {
        const std::string& client = trace_.events[ops_.at(op).invoke].node;
        if ((e.node == client || e.peer == client) && HasField(e.body, "op", absl::StrCat(op))) {
          KeepMessage(e.msg);
        }
      }
    }
  }

  // Messages in the window that carried a chosen value of the key: replication of the
  // returned write and of the lost ones.
  void KeepCarriers() {
    std::vector<std::string> values(returned_values_.begin(), returned_values_.end());
    for (const ReportOp* op : lost_) {
      if (std::optional<std::string> w = internal::Written(op->f, op->input, op->input2)) {
        values.push_back(*w);
      }
    }
    const std::string key = JsonString(v_.stuck.key);
    for (const std::string& value : values) {
      size_t kept = 0;
      for (size_t p = 0; p < trace_.events.size() && kept < kCarriersPerValue; ++p) {
        const TraceEvent& e = trace_.events[p];
        if (e.type != EventType::kSend || e.kind.rfind("client.", 0) == 0) continue;
        if (e.time < from_ || e.time > to_) continue;
        if (HasField(e.body, "key", key) && HasField(e.body, "value", value)) {
          KeepMessage(e.msg);
          ++kept;
        }
      }
    }
  }

  // Faults in the window and those still on when it opens; notes in the window.
  void KeepFaultsAndNotes() {
    size_t partition = kNone;
    std::map<std::string, size_t> down, paused;  // node -> crash / pause position
    for (size_t p = 0; p < trace_.events.size(); ++p) {
      const TraceEvent& e = trace_.events[p];
      if (e.time > to_) break;
      if (e.time >= from_) {
        if (IsFault(e.type) || e.type == EventType::kNote) keep_.insert(p);
        continue;
      }
      switch (e.type) {
        case EventType::kPartition:
          partition = p;
          break;
        case EventType::kHeal:
          partition = kNone;
          break;
        case EventType::kCrash:
          down[e.node] = p;
          break;
        case EventType::kRestart:
          down.erase(e.node);
          break;
        case EventType::kPause:
          paused[e.node] = p;
          break;
        case EventType::kResume:
          paused.erase(e.node);
          break;
        default:
          break;
      }
    }
    if (partition != kNone) keep_.insert(partition);
    for (const auto& [node, p] : down) keep_.insert(p);
    for (const auto& [node, p] : paused) keep_.insert(p);
  }

  // Whether no ok write of the key was acknowledged after the source write and before the
  // failing op began (v_.prefix holds every ok write of the key in a valid run's story).
  bool LastAcknowledged() const {
    if (marks_.source_op == 0) return false;
    const int64_t source_ret = RetOf(marks_.source_op);
    for (const ReportOp& op : v_.prefix) {
      if (static_cast<uint64_t>(op.id) == marks_.source_op || !op.ret) continue;
      if (*op.ret > source_ret && *op.ret < v_.stuck.call) return false;
    }
    return true;
  }

  const TraceEvents& trace_;
  const ReportViolation& v_;
  std::map<uint64_t, OpEvents> ops_;                   // op number -> its events
  std::map<uint64_t, std::vector<size_t>> messages_;  // msg id -> its events
  std::set<uint64_t> chosen_;
  std::set<size_t> keep_;  // positions, ascending
  std::string returned_;   // the failing read's value (JSON text); "" when not a read
  std::set<std::string> returned_values_;  // its values: siblings apart
  std::vector<const ReportOp*> lost_;
  size_t lost_total_ = 0;
  int64_t from_ = 0;
  int64_t to_ = 0;
  StoryMarks marks_;
};

// The planned events as a diagram with its marks.
absl::StatusOr<Diagram> Draw(const TraceEvents& trace, StoryPlanner& planner, std::string_view what) {
  if (absl::Status st = planner.Plan(); !st.ok()) return st;
  const TraceEvents story = planner.Events();
  Selection all;
  all.max_events = 0;
  all.max_rows = 0;  // the story is already the summary
  absl::StatusOr<Diagram> d = BuildDiagram(story, all);
  if (!d.ok()) return d.status();
  const size_t gaps = planner.gaps();
  d->events_total = static_cast<int64_t>(trace.events.size());
  d->events_shown = d->events_shown - static_cast<int64_t>(gaps);
  d->note = absl::StrCat(Sv(what), ": ", internal::WithThousands(d->events_shown), " of ",
                         internal::WithThousands(d->events_total),
                         " events (the ops, messages, faults and notes that explain it); ", gaps,
                         " gap", gaps == 1 ? "" : "s", " marked \xE2\x80\xA6");
  d->story = planner.marks();
  return d;
}

// A trace's op as a report would give it: its number, client, times and values.
ReportOp OpFromTrace(const TraceEvent& invoke, const TraceEvent* complete) {
  ReportOp op;
  op.id = static_cast<int64_t>(invoke.op);
  op.client = invoke.node;
  op.process = invoke.process;
  op.f = invoke.f;
  op.key = invoke.key;
  op.call = invoke.time;
  op.input = invoke.f == "read" || invoke.f == "get" ? "null" : invoke.value;
  op.status = complete != nullptr ? complete->text : "info";
  if (complete != nullptr && op.status != "info") op.ret = complete->time;
  if (complete != nullptr && op.status == "ok") op.output = complete->value;
  op.line = invoke.line;
  return op;
}

}  // namespace

absl::StatusOr<Diagram> BuildStoryDiagram(const TraceEvents& trace, const CheckReport& report) {
  if (!report.violation) {
    return absl::InvalidArgumentError(absl::StrCat(
        report.source, ": the verdict is ", report.verdict, ", so there is no violation to tell"));
  }
  StoryPlanner planner(trace, *report.violation, /*violation=*/true);
  return Draw(trace, planner, "the story of the violation");
}

absl::StatusOr<Diagram> BuildKeyStory(const TraceEvents& trace, std::string key) {
  for (auto it = trace.events.rbegin(); key.empty() && it != trace.events.rend(); ++it) {
    if (it->type == EventType::kComplete && it->text == "ok" && (it->f == "read" || it->f == "get")) {
      key = it->key;
    }
  }
  if (key.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(trace.source, ": no read returned ok, so there is no story to tell"));
  }
  // The key's ok writes (as a report's prefix would list them) and its last ok read.
  std::map<uint64_t, const TraceEvent*> invokes;
  ReportViolation v;
  v.key = key;
  bool read = false;
  std::vector<ReportOp> unsure;  // writes that failed or timed out: what faults did instead
  for (const TraceEvent& e : trace.events) {
    if (e.key != key) continue;
    if (e.type == EventType::kInvoke) invokes[e.op] = &e;
    if (e.type != EventType::kComplete) continue;
    const auto it = invokes.find(e.op);
    if (it == invokes.end()) continue;
    if (e.text != "ok") {
      if (WritesValue(e.f)) unsure.push_back(OpFromTrace(*it->second, &e));
      continue;
    }
    const ReportOp op = OpFromTrace(*it->second, &e);
    if (WritesValue(op.f)) v.prefix.push_back(op);
    if (op.f == "read" || op.f == "get") {
      v.stuck = op;
      read = true;
    }
  }
  if (!read) {
    return absl::InvalidArgumentError(absl::StrCat(
        trace.source, ": no read of key '", key, "' returned ok, so there is no story to tell"));
  }
  // The last few of those before the read, drawn like a violation's concurrent ops.
  for (auto it = unsure.rbegin(); it != unsure.rend() && v.concurrent.size() < kConcurrentShown;
       ++it) {
    if (it->call < v.stuck.call) v.concurrent.insert(v.concurrent.begin(), *it);
  }
  StoryPlanner planner(trace, v, /*violation=*/false);
  return Draw(trace, planner, absl::StrCat("the story of key ", key));
}

}  // namespace faultline::viz
