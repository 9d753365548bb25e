#include "models/primary_backup/versioned_store.h"

#include <string>
#include <string_view>

#include "absl/strings/str_cat.h"

namespace faultline::models {
namespace {

// Disk layout: one record per store key, "k/<key as JSON>" -> [key, value, epoch, seq];
// a nil record is a deleted key.
std::string RecordKey(const sim::Value& key) { return absl::StrCat("k/", key.ToJson()); }
constexpr std::string_view kRecordPrefix = "k/";

}  // namespace

void VersionedStore::Load(const sim::Disk& disk) {
  cells_.clear();
  // Only synced data survives a crash, and Load runs after a (re)start, so durable() is
  // the whole truth.
  for (const auto& [name, record] : disk.durable()) {
    if (!name.starts_with(kRecordPrefix) || !record.is_list()) continue;
    const std::vector<sim::Value>& r = record.as_list();
    if (r.size() != 4) continue;
    cells_[r[0]] = Cell{r[1], EpochSeq{r[2].int_or(0), r[3].int_or(0)}};
  }
}

sim::Value VersionedStore::Get(const sim::Value& key) const {
  auto it = cells_.find(key);
  return it == cells_.end() ? sim::Value() : it->second.value;
}

EpochSeq VersionedStore::VersionOf(const sim::Value& key) const {
  auto it = cells_.find(key);
  return it == cells_.end() ? EpochSeq{} : it->second.version;
}

bool VersionedStore::Apply(const sim::Value& key, const sim::Value& value, EpochSeq version,
                           sim::Disk& disk) {
  auto it = cells_.find(key);
  if (it != cells_.end() && it->second.version >= version) return false;
  cells_[key] = Cell{value, version};
  disk.Put(RecordKey(key), sim::Value::List({key, value, sim::Value::Int(version.epoch),
                                             sim::Value::Int(version.seq)}));
  disk.Sync();
  return true;
}

void VersionedStore::ClearUnsynced(sim::Disk& disk) {
  for (const auto& [key, cell] : cells_) disk.Put(RecordKey(key), sim::Value());
  cells_.clear();
}

}  // namespace faultline::models
