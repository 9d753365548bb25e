#include "models/versioned_store.h"

#include <charconv>
#include <string>
#include <string_view>

#include "absl/strings/str_cat.h"

namespace faultline::models {
namespace {

// Disk layout, three keys per store key: "k/<key>" value, "ke/<key>" epoch, "ks/<key>" seq.
std::string ValueKey(int64_t key) { return absl::StrCat("k/", key); }
std::string EpochKey(int64_t key) { return absl::StrCat("ke/", key); }
std::string SeqKey(int64_t key) { return absl::StrCat("ks/", key); }

constexpr std::string_view kValuePrefix = "k/";

}  // namespace

void VersionedStore::Load(const sim::Disk& disk) {
  cells_.clear();
  // Only synced data survives a crash, and Load runs after a (re)start, so durable() is
  // the whole truth.
  for (const auto& [name, value] : disk.durable()) {
    if (name.rfind(kValuePrefix, 0) != 0 || value == sim::kNil) continue;
    int64_t key = 0;
    const char* first = name.data() + kValuePrefix.size();
    const char* last = name.data() + name.size();
    const auto [end, error] = std::from_chars(first, last, key);
    if (error != std::errc() || end != last) continue;
    Cell cell{value,
              Version{disk.Read(EpochKey(key)).value_or(0), disk.Read(SeqKey(key)).value_or(0)}};
    cells_[key] = cell;
  }
}

int64_t VersionedStore::Get(int64_t key) const {
  auto it = cells_.find(key);
  return it == cells_.end() ? sim::kNil : it->second.value;
}

Version VersionedStore::VersionOf(int64_t key) const {
  auto it = cells_.find(key);
  return it == cells_.end() ? Version{} : it->second.version;
}

bool VersionedStore::Apply(int64_t key, int64_t value, Version version, sim::Disk& disk) {
  auto it = cells_.find(key);
  if (it != cells_.end() && it->second.version >= version) return false;
  cells_[key] = Cell{value, version};
  disk.Write(ValueKey(key), value);
  disk.Write(EpochKey(key), version.epoch);
  disk.Write(SeqKey(key), version.seq);
  disk.Sync();
  return true;
}

void VersionedStore::ClearUnsynced(sim::Disk& disk) {
  for (const auto& [key, cell] : cells_) disk.Write(ValueKey(key), sim::kNil);
  cells_.clear();
}

}  // namespace faultline::models
