#include "viz/internal/failure_faults.h"

#include <algorithm>
#include <map>

namespace faultline::viz::internal::failure {
namespace {

constexpr size_t kNone = static_cast<size_t>(-1);

class Collector {
 public:
  void Add(const TraceEvent& e) {
    switch (e.type) {
      case EventType::kPartition:
        // One partition at a time: a new one replaces the one before it.
        Close(&open_partition_, e, "replaced by another partition");
        open_partition_ = Open(FaultKind::kPartition, "", e);
        return;
      case EventType::kHeal:
        Close(&open_partition_, e, e.text.empty() ? "healed" : e.text);
        return;
      case EventType::kCrash:
        Close(&Slot(open_pause_, e.node), e, "crash");  // a crash ends a pause too
        if (Slot(open_down_, e.node) == kNone) {
          open_down_[e.node] = Open(FaultKind::kDown, e.node, e);
        }
        return;
      case EventType::kRestart:
        Close(&Slot(open_down_, e.node), e, "restart");
        return;
      case EventType::kPause:
        if (Slot(open_pause_, e.node) == kNone) {
          open_pause_[e.node] = Open(FaultKind::kPaused, e.node, e);
        }
        return;
      case EventType::kResume:
        Close(&Slot(open_pause_, e.node), e, "resume");
        return;
      case EventType::kClock:
        Instant(FaultKind::kClock, e.node, e);
        return;
      case EventType::kLink:
        Instant(FaultKind::kLink, "", e);
        return;
      default:
        return;
    }
  }

  std::vector<Fault> Take() { return std::move(faults_); }

 private:
  static size_t& Slot(std::map<std::string, size_t>& open, const std::string& node) {
    return open.try_emplace(node, kNone).first->second;
  }

  size_t Open(FaultKind kind, const std::string& node, const TraceEvent& e) {
    Fault f;
    f.kind = kind;
    f.node = node;
    f.begin = e.time;
    f.text = e.text;
    f.line = e.line;
    faults_.push_back(std::move(f));
    return faults_.size() - 1;
  }

  void Instant(FaultKind kind, const std::string& node, const TraceEvent& e) {
    const size_t i = Open(kind, node, e);
    faults_[i].instant = true;
    faults_[i].end = e.time;
  }

  void Close(size_t* open, const TraceEvent& e, const std::string& why) {
    if (*open == kNone) return;
    faults_[*open].end = e.time;
    faults_[*open].end_text = why;
    *open = kNone;
  }

  std::vector<Fault> faults_;
  size_t open_partition_ = kNone;
  std::map<std::string, size_t> open_down_;
  std::map<std::string, size_t> open_pause_;
};

}  // namespace

const char* FaultKindName(FaultKind kind) {
  switch (kind) {
    case FaultKind::kPartition:
      return "partition";
    case FaultKind::kDown:
      return "crash";
    case FaultKind::kPaused:
      return "pause";
    case FaultKind::kClock:
      return "clock";
    case FaultKind::kLink:
      return "link";
  }
  return "fault";
}

std::vector<Fault> FaultsFromTrace(const TraceEvents& trace) {
  Collector c;
  for (const TraceEvent& e : trace.events) c.Add(e);
  return c.Take();
}

bool Touches(const Fault& f, int64_t from, int64_t to) {
  if (f.begin > to) return false;
  return !f.end || *f.end >= from;
}

std::vector<std::string> FaultNodes(const std::vector<Fault>& faults) {
  std::vector<std::string> nodes;
  for (const Fault& f : faults) {
    if (!f.node.empty()) nodes.push_back(f.node);
  }
  std::sort(nodes.begin(), nodes.end(), [](const std::string& a, const std::string& b) {
    return a.size() != b.size() ? a.size() < b.size() : a < b;
  });
  nodes.erase(std::unique(nodes.begin(), nodes.end()), nodes.end());
  return nodes;
}

}  // namespace faultline::viz::internal::failure
