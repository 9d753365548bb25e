#include "sim/disk.h"

namespace faultline::sim {

void Disk::Sync() {
  for (auto& [key, value] : unsynced_) durable_[key] = value;
  unsynced_.clear();
}

std::optional<int64_t> Disk::Read(const std::string& key) const {
  if (auto it = unsynced_.find(key); it != unsynced_.end()) return it->second;
  if (auto it = durable_.find(key); it != durable_.end()) return it->second;
  return std::nullopt;
}

}  // namespace faultline::sim
