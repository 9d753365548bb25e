#include "checkers/multikey/read_atomic_checker.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "checkers/locks/lock_metrics.h"

namespace faultline::checkers::multikey {
namespace {

// p50 and p99 of `latencies` as PREFIXp50_ns / PREFIXp99_ns; nothing when empty.
void AddMultiPercentiles(std::vector<int64_t> latencies, const std::string& prefix,
                         std::map<std::string, double>& m) {
  if (latencies.empty()) return;
  std::sort(latencies.begin(), latencies.end());
  m[absl::StrCat(prefix, "p50_ns")] = static_cast<double>(locks::NearestRank(latencies, 0.50));
  m[absl::StrCat(prefix, "p99_ns")] = static_cast<double>(locks::NearestRank(latencies, 0.99));
}

// The multi-writes by the value each wrote; a value two writes wrote names neither.
struct MultiWriteIndex {
  std::map<int64_t, const MultiKeyOp*> by_value;
  std::map<int64_t, int64_t> ambiguous;  // value -> writes that wrote it

  const MultiKeyOp* Find(int64_t value) const {
    const auto it = by_value.find(value);
    return it == by_value.end() ? nullptr : it->second;
  }
};

MultiWriteIndex IndexMultiWrites(const MultiKeyHistory& h) {
  MultiWriteIndex index;
  for (const MultiKeyOp& op : h.ops) {
    if (op.f != kMultiWriteF) continue;
    if (index.ambiguous.count(op.written) > 0) {
      ++index.ambiguous[op.written];
    } else if (const auto [it, fresh] = index.by_value.emplace(op.written, &op); !fresh) {
      index.by_value.erase(it);
      index.ambiguous[op.written] = 2;
    }
  }
  return index;
}

std::optional<size_t> MultiKeyPosition(const MultiKeyOp& op, const std::string& key) {
  const auto it = std::find(op.keys.begin(), op.keys.end(), key);
  if (it == op.keys.end()) return std::nullopt;
  return static_cast<size_t>(it - op.keys.begin());
}

// Whether `x` (the value read at a key W wrote) is definitely older than W: the initial
// state, or a write that completed ok before W was invoked. Sets *stale_write.
bool DefinitelyOlder(const std::optional<int64_t>& x, const MultiKeyOp& w,
                     const MultiWriteIndex& index, const MultiKeyOp** stale_write) {
  *stale_write = nullptr;
  if (!x) return true;
  const MultiKeyOp* older = index.Find(*x);
  if (older == nullptr || older == &w) return false;
  *stale_write = older;
  return older->outcome == MultiOutcome::kOk && older->complete_ns >= 0 &&
         older->complete_ns < w.invoke_ns;
}

// The fractured reads of one ok multi-read: for each write it saw, the first key that
// write wrote where the read found something definitely older.
void JudgeMultiRead(const MultiKeyOp& r, const MultiWriteIndex& index, ReadAtomicReport& report,
                    int64_t& unknown_values) {
  std::vector<const MultiKeyOp*> judged;  // each write once per read
  bool fractured = false;
  for (size_t i = 0; i < r.keys.size(); ++i) {
    if (!r.read[i]) continue;
    const MultiKeyOp* w = index.Find(*r.read[i]);
    if (w == nullptr) {
      if (index.ambiguous.count(*r.read[i]) == 0) ++unknown_values;
      continue;
    }
    if (std::find(judged.begin(), judged.end(), w) != judged.end()) continue;
    judged.push_back(w);
    for (size_t j = 0; j < r.keys.size(); ++j) {
      if (j == i || !MultiKeyPosition(*w, r.keys[j])) continue;
      const MultiKeyOp* stale_write = nullptr;
      if (!DefinitelyOlder(r.read[j], *w, index, &stale_write)) continue;
      report.fractured.push_back(FracturedRead{.read = &r,
                                               .write = w,
                                               .saw_key = r.keys[i],
                                               .stale_key = r.keys[j],
                                               .stale_value = r.read[j],
                                               .stale_write = stale_write});
      fractured = true;
      break;
    }
  }
  report.fractured_reads += fractured;
}

}  // namespace

ReadAtomicReport CheckReadAtomic(const MultiKeyHistory& history) {
  ReadAtomicReport report;
  const MultiWriteIndex index = IndexMultiWrites(history);
  std::vector<int64_t> read_latency, write_latency;
  int64_t unknown_values = 0;
  for (const MultiKeyOp& op : history.ops) {
    const bool ok = op.outcome == MultiOutcome::kOk && op.complete_ns >= 0;
    if (op.f == kMultiWriteF) {
      ++report.multi_writes;
      if (ok) write_latency.push_back(op.complete_ns - op.invoke_ns);
      continue;
    }
    if (!ok) continue;
    ++report.multi_reads_ok;
    read_latency.push_back(op.complete_ns - op.invoke_ns);
    JudgeMultiRead(op, index, report, unknown_values);
  }
  report.metrics["fractured_reads"] = static_cast<double>(report.fractured_reads);
  AddMultiPercentiles(std::move(read_latency), "multi_read_latency_", report.metrics);
  AddMultiPercentiles(std::move(write_latency), "multi_write_latency_", report.metrics);
  if (!index.ambiguous.empty()) {
    report.notes.push_back(absl::StrCat(index.ambiguous.size(),
                                        " value(s) written by more than one multi-write: reads "
                                        "of them are no evidence"));
  }
  if (unknown_values > 0) {
    report.notes.push_back(absl::StrCat(unknown_values,
                                        " value(s) read that no multi-write wrote (single-key "
                                        "writes?): no evidence"));
  }
  return report;
}

}  // namespace faultline::checkers::multikey
