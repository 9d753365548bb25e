#include "models/primary_backup/replication_log.h"

#include <algorithm>
#include <utility>

#include "base/check.h"

namespace faultline::models {

ReplicationLog::ReplicationLog(std::vector<sim::EndpointId> backups)
    : backups_(std::move(backups)), unacked_(backups_.size()) {}

int64_t ReplicationLog::Append(sim::Value key, sim::Value value) {
  const int64_t seq = next_seq_++;
  if (backups_.empty()) return seq;  // a single-node cluster commits at once
  entries_[seq] = Pending{std::move(key), std::move(value), static_cast<int>(backups_.size())};
  for (auto& seqs : unacked_) seqs.insert(seq);
  return seq;
}

void ReplicationLog::Ack(sim::EndpointId backup, int64_t seq) {
  auto pos = std::find(backups_.begin(), backups_.end(), backup);
  if (pos == backups_.end()) return;
  if (unacked_[pos - backups_.begin()].erase(seq) == 0) return;
  auto it = entries_.find(seq);
  FL_CHECK(it != entries_.end() && it->second.unacked_backups > 0);
  if (--it->second.unacked_backups == 0) entries_.erase(it);
}

int64_t ReplicationLog::committed_seq() const {
  return entries_.empty() ? last_seq() : entries_.begin()->first - 1;
}

int64_t ReplicationLog::acked_by_any_seq() const {
  if (backups_.empty()) return last_seq();
  int64_t best = 0;
  for (const auto& seqs : unacked_) {
    best = std::max(best, seqs.empty() ? last_seq() : *seqs.begin() - 1);
  }
  return best;
}

std::vector<ReplicationLog::Entry> ReplicationLog::EntriesAfter(int64_t seq_min) const {
  std::vector<Entry> out;
  for (auto it = entries_.upper_bound(seq_min); it != entries_.end(); ++it) {
    out.push_back(Entry{it->first, it->second.key, it->second.value});
  }
  return out;
}

std::vector<ReplicationLog::Entry> ReplicationLog::ToResend(sim::EndpointId backup, int limit,
                                                            int64_t seq_max) const {
  std::vector<Entry> out;
  auto pos = std::find(backups_.begin(), backups_.end(), backup);
  if (pos == backups_.end()) return out;
  for (int64_t seq : unacked_[pos - backups_.begin()]) {
    if (static_cast<int>(out.size()) >= limit || seq > seq_max) break;
    const Pending& p = entries_.at(seq);
    out.push_back(Entry{seq, p.key, p.value});
  }
  return out;
}

}  // namespace faultline::models
