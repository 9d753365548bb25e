#include "sim/disk.h"

namespace faultline::sim {

std::optional<Value> Disk::Get(std::string_view key) const {
  if (auto it = unsynced_.find(key); it != unsynced_.end()) return it->second;
  if (auto it = durable_.find(key); it != durable_.end()) return it->second;
  return std::nullopt;
}

Disk& Disk::Sub(std::string_view space) {
  auto it = subs_.find(space);
  if (it == subs_.end()) it = subs_.emplace(std::string(space), std::make_unique<Disk>()).first;
  return *it->second;
}

void Disk::Sync() {
  for (auto& [key, value] : unsynced_) durable_[key] = std::move(value);
  unsynced_.clear();
  for (auto& [name, log] : logs_) log->Sync();
  for (auto& [name, sub] : subs_) sub->Sync();
}

void Disk::LoseUnsynced() {
  unsynced_.clear();
  for (auto& [name, log] : logs_) log->LoseUnsynced();
  for (auto& [name, sub] : subs_) sub->LoseUnsynced();
}

size_t Disk::unsynced_count() const {
  size_t n = unsynced_.size();
  for (const auto& [name, log] : logs_) n += log->dirty() ? 1 : 0;
  return n;
}

}  // namespace faultline::sim
