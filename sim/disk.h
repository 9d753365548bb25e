// A node's disk: survives crashes, unlike everything else a node holds.
//
// Writes go to a write-back buffer and become durable on Sync(); a crash discards what
// was not synced, as a real page cache would. Keys are strings, values integers, which is
// what the models here persist (epochs, applied entries).
#ifndef FAULTLINE_SIM_DISK_H_
#define FAULTLINE_SIM_DISK_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace faultline::sim {

class Disk {
 public:
  void Write(const std::string& key, int64_t value) { unsynced_[key] = value; }
  // Makes every buffered write durable.
  void Sync();
  void WriteSynced(const std::string& key, int64_t value) {
    Write(key, value);
    Sync();
  }
  // Reads the newest value, synced or not (a node reads its own page cache).
  std::optional<int64_t> Read(const std::string& key) const;
  // Called by the simulator when the node crashes.
  void LoseUnsynced() { unsynced_.clear(); }
  // Ordered, so iteration is deterministic.
  const std::map<std::string, int64_t>& durable() const { return durable_; }
  size_t unsynced_count() const { return unsynced_.size(); }

 private:
  std::map<std::string, int64_t> durable_;
  std::map<std::string, int64_t> unsynced_;
};

}  // namespace faultline::sim

#endif  // FAULTLINE_SIM_DISK_H_
