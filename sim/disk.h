// A node's disk: survives crashes, unlike everything else a node holds.
//
// Two kinds of records, both behind one write-back cache:
//  - key/value records (a term, a vote, an epoch): Put / Get;
//  - named append-only logs of any copyable type (a Raft log): Log<T>("raft"), with
//    Append, TruncateFrom and reads of the newest contents.
// Nothing is durable until Sync(), the explicit barrier (fsync). A crash keeps exactly
// what the last Sync() made durable: later puts, appends and truncations are lost, and a
// truncation of synced entries comes undone. So a model that acknowledges before it syncs
// can lose acknowledged data, as a real one would (Raft's `no-fsync` planted bug).
//
//   DurableLog<Entry>& log = ctx.disk().Log<Entry>("raft");
//   log.Append(entry);
//   ctx.disk().Put("term", Value::Int(term));
//   ctx.disk().Sync();          // now both survive a crash
//
// A sub-model's node gets its own namespaced disk (Sub("shard2")), synced and lost with
// its host's.
#ifndef FAULTLINE_SIM_DISK_H_
#define FAULTLINE_SIM_DISK_H_

#include <cstddef>
#include <cstdint>
#include <deque>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/check.h"
#include "sim/value.h"

namespace faultline::sim {

namespace disk_internal {
// What Disk needs of a log, whatever its entry type.
class LogBase {
 public:
  virtual ~LogBase() = default;
  virtual void Sync() = 0;
  virtual void LoseUnsynced() = 0;
  virtual bool dirty() const = 0;
  virtual const void* type_tag() const = 0;
};
template <class T>
const void* TypeTag() {
  static const char tag = 0;
  return &tag;
}
}  // namespace disk_internal

// An append-only log with truncation, indexed from 0. Reads see the newest contents,
// synced or not (a process reads its own page cache).
//
// Every operation but a crash is O(1) per entry touched, whatever the log's length: the
// newest contents live in one deque (appends never move old entries), `durable_len_`
// marks how long a prefix of it is durable as it stands, and `overwritten_` keeps the
// synced entries that a truncation removed, to put back on a crash. Sync() only moves
// the mark and forgets the backup.
template <class T>
class DurableLog final : public disk_internal::LogBase {
 public:
  size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }
  // REQUIRES: i < size().
  const T& at(size_t i) const {
    FL_CHECK_MSG(i < size(), "DurableLog::at past the end");
    return entries_[i];
  }
  const T& back() const { return at(size() - 1); }
  void Append(T entry) { entries_.push_back(std::move(entry)); }
  // Removes entries [index, size()). REQUIRES: index <= size().
  void TruncateFrom(size_t index) {
    FL_CHECK_MSG(index <= size(), "DurableLog::TruncateFrom past the end");
    if (index < durable_len_) {
      // Synced entries [index, durable_len_) leave the newest contents but stay durable
      // until the next sync: they go in front of the ones an earlier truncation saved.
      overwritten_.insert(overwritten_.begin(),
                          std::make_move_iterator(entries_.begin() + static_cast<ptrdiff_t>(index)),
                          std::make_move_iterator(entries_.begin() +
                                                  static_cast<ptrdiff_t>(durable_len_)));
      durable_len_ = index;
    }
    entries_.erase(entries_.begin() + static_cast<ptrdiff_t>(index), entries_.end());
  }
  // Entries not yet durable (appended since the last sync) plus synced entries a
  // truncation removed since then.
  size_t unsynced_count() const { return entries_.size() - durable_len_ + overwritten_.size(); }

  void Sync() override {
    durable_len_ = entries_.size();
    overwritten_.clear();
  }
  void LoseUnsynced() override {
    entries_.erase(entries_.begin() + static_cast<ptrdiff_t>(durable_len_), entries_.end());
    for (T& e : overwritten_) entries_.push_back(std::move(e));
    overwritten_.clear();
    durable_len_ = entries_.size();
  }
  bool dirty() const override { return unsynced_count() > 0; }
  const void* type_tag() const override { return disk_internal::TypeTag<T>(); }

 private:
  // The durable contents are entries_[0, durable_len_) followed by overwritten_.
  std::deque<T> entries_;
  size_t durable_len_ = 0;
  std::vector<T> overwritten_;
};

class Disk {
 public:
  Disk() = default;
  Disk(Disk&&) = default;
  Disk& operator=(Disk&&) = default;

  void Put(std::string_view key, Value value) { unsynced_[std::string(key)] = std::move(value); }
  // The newest value, synced or not.
  std::optional<Value> Get(std::string_view key) const;
  // The log named `name`, made empty on first use. REQUIRES: every call for one name uses
  // the same T (checked).
  template <class T>
  DurableLog<T>& Log(std::string_view name) {
    auto it = logs_.find(name);
    if (it == logs_.end()) {
      it = logs_.emplace(std::string(name), std::make_unique<DurableLog<T>>()).first;
    }
    FL_CHECK_MSG(it->second->type_tag() == disk_internal::TypeTag<T>(),
                 "a disk log was opened with two entry types");
    return static_cast<DurableLog<T>&>(*it->second);
  }
  // A namespaced disk for a sub-model's node; synced and lost with this one.
  Disk& Sub(std::string_view space);

  // The barrier: every put, append and truncation so far becomes durable (sub-disks too).
  void Sync();
  // Called by the simulator when the node crashes.
  void LoseUnsynced();

  // Ordered, so iteration is deterministic.
  const std::map<std::string, Value, std::less<>>& durable() const { return durable_; }
  // Key/value records and log entries not yet durable (this disk only).
  size_t unsynced_count() const;

 private:
  std::map<std::string, Value, std::less<>> durable_;
  std::map<std::string, Value, std::less<>> unsynced_;
  std::map<std::string, std::unique_ptr<disk_internal::LogBase>, std::less<>> logs_;
  std::map<std::string, std::unique_ptr<Disk>, std::less<>> subs_;
};

}  // namespace faultline::sim

#endif  // FAULTLINE_SIM_DISK_H_
