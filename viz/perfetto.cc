// RenderPerfetto: a Diagram as Chrome trace-event JSON (see perfetto.h for what is drawn).
#include "viz/perfetto.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/strings.h"
#include "viz/internal/trace_event_json.h"

namespace faultline::viz {
namespace {

using internal::Interval;
using internal::PackLevels;
using internal::TraceEventJson;

// One finished trace event and where it sorts: by time, then trace order.
struct Item {
  int64_t time = 0;
  int64_t event = 0;
  std::string json;
};


// chrome://tracing's reserved colour names (Perfetto colours by name instead).
std::string_view OutcomeColour(OpOutcome o) {
  switch (o) {
    case OpOutcome::kOk:
      return "good";
    case OpOutcome::kFail:
      return "bad";
    case OpOutcome::kInfo:
      return "yellow";
    case OpOutcome::kPending:
      return "grey";
  }
  return "grey";
}


struct Thread {
  std::string name;
  int64_t tid = 0;
};

class PerfettoWriter {
 public:
  PerfettoWriter(const Diagram& d, const RenderOptions& o) : d_(d), options_(o) {}

  std::string Render() {
    LayOutThreads();
    for (size_t i = 0; i < d_.arrows.size(); ++i) AddArrow(d_.arrows[i], i + 1);
    for (size_t i = 0; i < d_.ops.size(); ++i) AddOp(d_.ops[i], op_level_[i]);
    for (size_t i = 0; i < d_.spans.size(); ++i) AddSpan(d_.spans[i], span_level_[i]);
    for (const Mark& m : d_.marks) AddMark(m);
    for (size_t i = 0; i < d_.bands.size(); ++i) AddBand(d_.bands[i], band_level_[i]);
    for (const ClusterNote& n : d_.cluster_notes) {
      Add(n.at, TraceEventJson("i", absl::StrCat("note ", n.text), "note")
                    .Where(GlobalTid())
                    .Ts(n.at.time)
                    .Str("s", "g")
                    .ArgStr("text", n.text)
                    .ArgAt(n.at)
                    .Done());
    }
    if (!d_.note.empty()) {
      Add(d_.begin, TraceEventJson("i", absl::StrCat("note: ", d_.note), "note")
                        .Where(GlobalTid())
                        .Ts(d_.begin.time)
                        .Str("s", "g")
                        .Done());
    }
    // Viewers sort by time themselves; sorting here keeps the file readable, and puts a
    // message's send before its end when both happen at the same instant (Perfetto binds a
    // flow's end only to a flow it has already seen start).
    std::stable_sort(items_.begin(), items_.end(), [](const Item& a, const Item& b) {
      return a.time != b.time ? a.time < b.time : a.event < b.event;
    });
    return Assemble();
  }

 private:
  bool ValidLane(int lane) const {
    return lane >= 0 && static_cast<size_t>(lane) < d_.lanes.size();
  }

  // Thread ids follow display order: lane i's own track, then its overflow levels, and
  // the network track last.
  void LayOutThreads() {
    const size_t lanes = d_.lanes.size();
    std::vector<std::vector<Interval>> per_lane(lanes);
    for (size_t i = 0; i < d_.ops.size(); ++i) {
      const OpBar& op = d_.ops[i];
      if (ValidLane(op.lane)) {
        per_lane[op.lane].push_back({op.invoke.time, op.complete.time, i});
      }
    }
    const size_t span_base = d_.ops.size();
    for (size_t i = 0; i < d_.spans.size(); ++i) {
      const Span& s = d_.spans[i];
      if (ValidLane(s.lane)) per_lane[s.lane].push_back({s.begin.time, s.end.time, span_base + i});
    }
    op_level_.assign(d_.ops.size(), 0);
    span_level_.assign(d_.spans.size(), 0);
    std::vector<int> levels_used(lanes, 1);
    for (size_t lane = 0; lane < lanes; ++lane) {
      std::vector<Interval> ivs = per_lane[lane];
      std::vector<size_t> ids;
      for (Interval& iv : ivs) {
        ids.push_back(iv.id);
        iv.id = ids.size() - 1;
      }
      const std::vector<int> level = PackLevels(ivs);
      for (size_t k = 0; k < ids.size(); ++k) {
        if (ids[k] < span_base) {
          op_level_[ids[k]] = level[k];
        } else {
          span_level_[ids[k] - span_base] = level[k];
        }
        levels_used[lane] = std::max(levels_used[lane], level[k] + 1);
      }
    }
    int64_t next_tid = 1;
    lane_tid_.resize(lanes);
    for (size_t lane = 0; lane < lanes; ++lane) {
      lane_tid_[lane] = next_tid;
      for (int level = 0; level < levels_used[lane]; ++level) {
        std::string name = d_.lanes[lane].name;
        if (level > 0) absl::StrAppend(&name, " (", level + 1, ")");
        threads_.push_back({std::move(name), next_tid++});
      }
    }
    std::vector<Interval> band_ivs;
    for (size_t i = 0; i < d_.bands.size(); ++i) {
      band_ivs.push_back({d_.bands[i].begin.time, d_.bands[i].end.time, i});
    }
    band_level_ = PackLevels(band_ivs);
    network_tid_ = next_tid;
    int network_levels = 0;
    for (int level : band_level_) network_levels = std::max(network_levels, level + 1);
    for (int level = 0; level < network_levels; ++level) {
      std::string name = "network";
      if (level > 0) absl::StrAppend(&name, " (", level + 1, ")");
      threads_.push_back({std::move(name), next_tid++});
    }
  }

  // The track global instants are filed under (any existing thread of the process).
  int64_t GlobalTid() const { return d_.bands.empty() ? 1 : network_tid_; }

  void Add(const At& at, std::string json) {
    items_.push_back({at.time, at.event, std::move(json)});
  }

  std::string MessageText(const Arrow& a) const {
    const std::string& text = options_.message_labels && !a.label.empty() ? a.label : a.kind;
    return a.duplicate ? absl::StrCat(text, " (duplicate)") : text;
  }

  void AddArrow(const Arrow& a, uint64_t flow_id) {
    if (!ValidLane(a.from) || !ValidLane(a.to)) return;
    // A drop ends where the diagram draws its X: the receiver, or the sender for a loss at
    // send time.
    const int end_lane = a.fate == Fate::kDropped && ValidLane(a.end_lane) ? a.end_lane : a.to;
    const bool has_end = a.fate != Fate::kInFlight;
    TraceEventJson send("X", absl::StrCat("send ", MessageText(a)), "message");
    send.Where(lane_tid_[a.from]).Ts(a.send.time).Dur(0);
    if (has_end) send.Raw("bind_id", absl::StrCat(flow_id)).Raw("flow_out", "true");
    send.ArgStr("to", d_.lanes[a.to].name).ArgInt("msg", static_cast<int64_t>(a.msg));
    send.ArgStr("kind", a.kind).ArgStr("title", a.title);
    switch (a.fate) {
      case Fate::kDelivered:
        send.ArgStr("fate", "delivered");
        break;
      case Fate::kDropped:
        send.ArgStr("fate", absl::StrCat("dropped: ", a.drop_reason));
        break;
      case Fate::kInFlight:
        send.ArgStr("fate", "in flight at the end");
        break;
    }
    if (a.duplicate) send.ArgStr("duplicate", "true");
    send.ArgAt(a.send);
    Add(a.send, send.Done());
    if (!has_end) return;

    const bool delivered = a.fate == Fate::kDelivered;
    const std::string name = delivered
                                 ? absl::StrCat("recv ", MessageText(a))
                                 : absl::StrCat("drop ", MessageText(a), " (", a.drop_reason, ")");
    TraceEventJson end("X", name, delivered ? "message" : "drop");
    end.Where(lane_tid_[end_lane]).Ts(a.end.time).Dur(0);
    end.Raw("bind_id", absl::StrCat(flow_id)).Raw("flow_in", "true");
    if (!delivered) end.Str("cname", "terrible");
    end.ArgStr("from", d_.lanes[a.from].name).ArgInt("msg", static_cast<int64_t>(a.msg));
    end.ArgStr("kind", a.kind).ArgStr("title", a.title);
    if (!delivered) end.ArgStr("reason", a.drop_reason);
    end.ArgInt("latency_ns", a.end.time - a.send.time);
    end.ArgAt(a.end);
    At sorted_end = a.end;
    sorted_end.event = std::max(a.end.event, a.send.event);
    Add(sorted_end, end.Done());
  }

  int64_t LevelTid(int lane, int level) const { return lane_tid_[lane] + level; }

  void AddOp(const OpBar& op, int level) {
    if (!ValidLane(op.lane)) return;
    std::string name = op.label;
    if (name.empty()) {
      name = absl::StrCat(op.f, " ", op.key);
      if (!op.value.empty() && op.value != "null") absl::StrAppend(&name, " ", op.value);
      absl::StrAppend(&name, " -> ", Sv(OpOutcomeName(op.outcome)));
      if (!op.result.empty() && op.result != "null") absl::StrAppend(&name, " ", op.result);
    }
    TraceEventJson e("X", name, "op");
    e.Where(LevelTid(op.lane, level)).Ts(op.invoke.time).Dur(op.complete.time - op.invoke.time);
    e.Str("cname", OutcomeColour(op.outcome));
    e.ArgStr("outcome", OpOutcomeName(op.outcome)).ArgInt("op", static_cast<int64_t>(op.op));
    e.ArgInt("process", op.process).ArgStr("f", op.f).ArgStr("key", op.key);
    e.ArgStr("value", op.value).ArgStr("result", op.result);
    e.ArgAt(op.invoke, "invoke_").ArgAt(op.complete, "complete_");
    Add(op.invoke, e.Done());
  }

  void AddSpan(const Span& s, int level) {
    if (!ValidLane(s.lane)) return;
    const bool down = s.type == SpanType::kDown;
    TraceEventJson e("X", down ? "down" : "paused", "fault");
    e.Where(LevelTid(s.lane, level)).Ts(s.begin.time).Dur(s.end.time - s.begin.time);
    e.Str("cname", down ? "black" : "grey");
    e.ArgAt(s.begin, "begin_").ArgAt(s.end, "end_");
    Add(s.begin, e.Done());
  }

  void AddMark(const Mark& m) {
    std::string name(MarkTypeName(m.type));
    if (!m.text.empty()) absl::StrAppend(&name, " ", m.text);
    const bool on_lane = ValidLane(m.lane);
    TraceEventJson e("i", name, "mark");
    e.Where(on_lane ? lane_tid_[m.lane] : GlobalTid()).Ts(m.at.time).Str("s", on_lane ? "t" : "g");
    if (!m.text.empty()) e.ArgStr("text", m.text);
    e.ArgAt(m.at);
    Add(m.at, e.Done());
  }

  void AddBand(const Band& b, int level) {
    const bool partition = b.type == BandType::kPartition;
    const std::string name = absl::StrCat(partition ? "partition " : "link ", b.text);
    const std::string_view arg = partition ? "cut" : "change";
    TraceEventJson begin("i", name, "fault");
    begin.Where(network_tid_).Ts(b.begin.time).Str("s", "g").ArgStr(arg, b.text).ArgAt(b.begin);
    Add(b.begin, begin.Done());
    // A link fault is one instant (the builder cannot pair a fault with its undoing).
    if (!partition && b.end.time == b.begin.time) return;

    TraceEventJson span("X", name, "fault");
    span.Where(network_tid_ + level).Ts(b.begin.time).Dur(b.end.time - b.begin.time);
    span.Str("cname", partition ? "terrible" : "yellow");
    span.ArgStr(arg, b.text).ArgAt(b.begin, "begin_").ArgAt(b.end, "end_");
    Add(b.begin, span.Done());
    // A band that lasts to the selection's end has not been seen to end.
    if (b.end.time == d_.end.time && b.end.event == d_.end.event) return;
    TraceEventJson end("i", absl::StrCat(partition ? "heal " : "link fault over ", b.text),
                       "fault");
    end.Where(network_tid_).Ts(b.end.time).Str("s", "g").ArgStr(arg, b.text).ArgAt(b.end);
    Add(b.end, end.Done());
  }

  std::string Assemble() const {
    const std::string title = !options_.title.empty() ? options_.title : d_.source;
    std::string out = "{\"displayTimeUnit\":\"ns\",\"otherData\":{\"generator\":\"faultline viz\"";
    absl::StrAppend(&out, ",\"source\":", Sv(internal::JsonQuote(d_.source)),
                    ",\"title\":", Sv(internal::JsonQuote(title)),
                    ",\"events_total\":", d_.events_total, ",\"events_shown\":", d_.events_shown,
                    ",\"note\":", Sv(internal::JsonQuote(d_.note)), "},\"traceEvents\":[\n");
    std::vector<std::string> lines;
    lines.push_back(
        TraceEventJson("M", "process_name", "")
            .Where(0)
            .ArgStr("name", title.empty() ? "faultline" : absl::StrCat("faultline ", title))
            .Done());
    lines.push_back(
        TraceEventJson("M", "process_sort_index", "").Where(0).ArgInt("sort_index", 0).Done());
    for (size_t i = 0; i < threads_.size(); ++i) {
      const Thread& t = threads_[i];
      lines.push_back(
          TraceEventJson("M", "thread_name", "").Where(t.tid).ArgStr("name", t.name).Done());
      lines.push_back(TraceEventJson("M", "thread_sort_index", "")
                          .Where(t.tid)
                          .ArgInt("sort_index", static_cast<int64_t>(i))
                          .Done());
    }
    for (const Item& item : items_) lines.push_back(item.json);
    for (size_t i = 0; i < lines.size(); ++i) {
      absl::StrAppend(&out, lines[i], i + 1 < lines.size() ? ",\n" : "\n");
    }
    out += "]}\n";
    return out;
  }

  const Diagram& d_;
  const RenderOptions& options_;
  std::vector<Thread> threads_;
  std::vector<int64_t> lane_tid_;
  int64_t network_tid_ = 0;
  std::vector<int> op_level_;
  std::vector<int> span_level_;
  std::vector<int> band_level_;
  std::vector<Item> items_;
};

}  // namespace

std::string RenderPerfetto(const Diagram& diagram, const RenderOptions& options) {
  return PerfettoWriter(diagram, options).Render();
}

}  // namespace faultline::viz
