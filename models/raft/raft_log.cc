#include "models/raft/raft_log.h"

#include <algorithm>

#include "base/check.h"

namespace faultline::models {

int64_t RaftLog::TermAt(int64_t index) const {
  FL_CHECK_MSG(index >= 0 && index <= last_index(), "RaftLog::TermAt out of range");
  return index == 0 ? 0 : At(index).term;
}

const LogEntry& RaftLog::At(int64_t index) const {
  FL_CHECK_MSG(index >= 1 && index <= last_index(), "RaftLog::At out of range");
  return log_->at(static_cast<size_t>(index - 1));
}

int64_t RaftLog::Append(LogEntry entry) {
  // Terms in a log never decrease: entries arrive in leader order, leaders in term order.
  FL_CHECK_MSG(entry.term >= last_term(), "a log entry older than the log's last");
  log_->Append(std::move(entry));
  return last_index();
}

int64_t RaftLog::AppendFrom(int64_t first, const std::vector<LogEntry>& entries) {
  FL_CHECK_MSG(first >= 1 && first <= last_index() + 1, "AppendFrom leaves a gap");
  int64_t truncated = 0;
  for (size_t k = 0; k < entries.size(); ++k) {
    const int64_t index = first + static_cast<int64_t>(k);
    if (index <= last_index()) {
      if (TermAt(index) == entries[k].term) continue;  // same index and term: same entry
      log_->TruncateFrom(static_cast<size_t>(index - 1));
      if (truncated == 0) truncated = index;
    }
    log_->Append(entries[k]);
  }
  return truncated;
}

std::pair<int64_t, int64_t> RaftLog::ConflictHint(int64_t prev_index) const {
  if (prev_index > last_index()) return {0, last_index() + 1};
  const int64_t term = TermAt(prev_index);
  int64_t first = prev_index;
  while (first > 1 && TermAt(first - 1) == term) --first;
  return {term, first};
}

int64_t RaftLog::NextIndexAfterConflict(int64_t conflict_term, int64_t conflict_index) const {
  if (conflict_term > 0) {
    if (std::optional<int64_t> last = LastIndexOfTerm(conflict_term)) return *last + 1;
  }
  return std::max<int64_t>(conflict_index, 1);
}

std::optional<int64_t> RaftLog::LastIndexOfTerm(int64_t term) const {
  // Terms are sorted, so scan back only while they are >= term.
  for (int64_t i = last_index(); i >= 1; --i) {
    const int64_t t = TermAt(i);
    if (t == term) return i;
    if (t < term) break;
  }
  return std::nullopt;
}

std::vector<LogEntry> RaftLog::Slice(int64_t from, int64_t max_count) const {
  FL_CHECK_MSG(from >= 1, "RaftLog::Slice from index 0");
  std::vector<LogEntry> out;
  const int64_t end = std::min(last_index() + 1, from + std::max<int64_t>(max_count, 0));
  out.reserve(static_cast<size_t>(std::max<int64_t>(end - from, 0)));
  for (int64_t i = from; i < end; ++i) out.push_back(At(i));
  return out;
}

}  // namespace faultline::models
