// The discrete-event queue: events ordered by (time, sequence number).
//
// The sequence number is assigned at scheduling time, so two events at the same instant
// run in the order they were scheduled: ties never depend on heap layout or on memory
// addresses. Events are small plain records (32 bytes) that the simulator dispatches
// with a switch; nothing is allocated per event.
//
//   Scheduler s;
//   s.Schedule(5 * kMillisecond, Event::Kind::kTimer, node, timer_id);
//   while (auto ev = s.PopNext()) Dispatch(*ev);
#ifndef FAULTLINE_SIM_SCHEDULER_H_
#define FAULTLINE_SIM_SCHEDULER_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "base/check.h"
#include "base/time.h"

namespace faultline::sim {

struct Event {
  Nanos time;
  uint64_t seq;
  uint32_t kind;    // what to do; meaning is the dispatcher's (see simulator.cc)
  uint32_t target;  // usually a node or client index
  uint64_t arg;     // kind-specific: a message slot, a timer id, a fault index, ...
};

class Scheduler {
 public:
  Nanos now() const { return now_; }
  uint64_t executed() const { return executed_; }
  size_t pending() const { return heap_.size(); }
  void Reserve(size_t n) { heap_.reserve(n); }

  // Schedules an event at absolute time `at`. REQUIRES: at >= now() (no time travel).
  void Schedule(Nanos at, uint32_t kind, uint32_t target, uint64_t arg) {
    FL_CHECK_MSG(at >= now_, "an event was scheduled in the past");
    heap_.push_back(Event{at, next_seq_++, kind, target, arg});
    SiftUp(heap_.size() - 1);
  }

  // Removes the earliest event and advances now() to its time; nullopt when empty.
  std::optional<Event> PopNext() {
    if (heap_.empty()) return std::nullopt;
    Event top = heap_.front();
    Event last = heap_.back();
    heap_.pop_back();
    if (!heap_.empty()) SiftDown(last);
    now_ = top.time;
    ++executed_;
    return top;
  }

  // The time of the earliest pending event, or kNever.
  Nanos PeekTime() const { return heap_.empty() ? kNever : heap_.front().time; }

 private:
  // A 4-ary heap: shallower than a binary heap, and the four children share a cache line
  // or two, which is most of what separates a fast event loop from a slow one.
  static constexpr size_t kArity = 4;
  static bool Before(const Event& a, const Event& b) {
    return a.time != b.time ? a.time < b.time : a.seq < b.seq;
  }
  void SiftUp(size_t i) {
    Event moving = heap_[i];
    while (i > 0) {
      size_t parent = (i - 1) / kArity;
      if (!Before(moving, heap_[parent])) break;
      heap_[i] = heap_[parent];
      i = parent;
    }
    heap_[i] = moving;
  }
  // Places `moving` starting from the root hole.
  void SiftDown(const Event& moving) {
    const size_t n = heap_.size();
    size_t i = 0;
    for (;;) {
      size_t first = i * kArity + 1;
      if (first >= n) break;
      size_t best = first;
      size_t end = first + kArity < n ? first + kArity : n;
      for (size_t c = first + 1; c < end; ++c) {
        if (Before(heap_[c], heap_[best])) best = c;
      }
      if (!Before(heap_[best], moving)) break;
      heap_[i] = heap_[best];
      i = best;
    }
    heap_[i] = moving;
  }

  std::vector<Event> heap_;
  Nanos now_ = 0;
  uint64_t next_seq_ = 0;
  uint64_t executed_ = 0;
};

}  // namespace faultline::sim

#endif  // FAULTLINE_SIM_SCHEDULER_H_
