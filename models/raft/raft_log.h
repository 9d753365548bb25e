// The Raft log of one node: 1-based indexes and term lookups over the node's DurableLog,
// so the rest of the node speaks the paper's language (index 0 is the empty prefix).
//
//   RaftLog log(ctx.disk().Log<LogEntry>("raft"));
//   if (log.Matches(prev_index, prev_term)) log.AppendFrom(prev_index + 1, entries, commit);
//
// Writes go to the disk's cache only: the node calls Disk::Sync() before it acknowledges
// (figure 2), so a crash keeps exactly the synced prefix.
#ifndef FAULTLINE_MODELS_RAFT_RAFT_LOG_H_
#define FAULTLINE_MODELS_RAFT_RAFT_LOG_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "models/raft/raft_messages.h"
#include "sim/disk.h"

namespace faultline::models {

class RaftLog {
 public:
  explicit RaftLog(sim::DurableLog<LogEntry>& log) : log_(&log) {}

  int64_t last_index() const { return static_cast<int64_t>(log_->size()); }
  int64_t last_term() const { return TermAt(last_index()); }
  // The term of entry `index`; 0 for index 0. REQUIRES: 0 <= index <= last_index().
  int64_t TermAt(int64_t index) const;
  // REQUIRES: 1 <= index <= last_index().
  const LogEntry& At(int64_t index) const;

  // True when this log holds an entry at `index` of term `term` (index 0 always matches):
  // figure 2's consistency check for AppendEntries.
  bool Matches(int64_t index, int64_t term) const {
    return index <= last_index() && TermAt(index) == term;
  }
  // True when a candidate whose log ends at (index, term) is at least as up to date as
  // this one (§5.4.1): a higher last term wins, an equal term needs a log as long.
  bool CandidateUpToDate(int64_t index, int64_t term) const {
    return term > last_term() || (term == last_term() && index >= last_index());
  }

  // Returns the new entry's index.
  int64_t Append(LogEntry entry);
  // Stores `entries` from index `first` on, as a follower does: an entry that conflicts
  // with an existing one (same index, other term) removes it and all that follow; entries
  // already present are kept (a late, shorter AppendEntries must not truncate). Returns
  // the first index removed, or 0 if none. REQUIRES: first <= last_index() + 1.
  int64_t AppendFrom(int64_t first, const std::vector<LogEntry>& entries);

  // The conflict hint for a failed consistency check at `prev_index` (see
  // AppendEntriesReply): {conflict_term, conflict_index}.
  std::pair<int64_t, int64_t> ConflictHint(int64_t prev_index) const;
  // Where the leader should retry after a conflict hint: just past its own last entry of
  // `conflict_term` if it has one, else the follower's `conflict_index`.
  int64_t NextIndexAfterConflict(int64_t conflict_term, int64_t conflict_index) const;
  // The last index holding `term`, if any.
  std::optional<int64_t> LastIndexOfTerm(int64_t term) const;

  // Entries [from, from + max_count) that exist. REQUIRES: from >= 1.
  std::vector<LogEntry> Slice(int64_t from, int64_t max_count) const;

 private:
  sim::DurableLog<LogEntry>* log_;
};

}  // namespace faultline::models

#endif  // FAULTLINE_MODELS_RAFT_RAFT_LOG_H_
