#include "models/quorum/replica_store.h"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"

namespace faultline::models {
namespace {

using sim::Value;

// Disk records: "kv/<key json>" -> [key, siblings]; "hint/<target>/<key json>" ->
// [target, key, seq, siblings], or nil once handed off (the disk has no delete).
constexpr char kKeyPrefix[] = "kv/";
constexpr char kHintPrefix[] = "hint/";

std::string KeyRecord(const Value& key) { return absl::StrCat(kKeyPrefix, key.ToJson()); }
std::string HintRecord(sim::EndpointId target, const Value& key) {
  return absl::StrCat(kHintPrefix, target, "/", key.ToJson());
}

}  // namespace

void ReplicaStore::Load(const sim::Disk& disk) {
  data_.clear();
  hints_.clear();
  next_hint_seq_ = 1;
  for (const auto& [name, record] : disk.durable()) {
    if (!record.is_list()) continue;  // a handed-off hint, or not ours
    const std::vector<Value>& f = record.as_list();
    if (name.starts_with(kKeyPrefix) && f.size() == 2) {
      if (std::optional<Siblings> s = DecodeSiblings(f[1])) data_[f[0]] = std::move(*s);
    } else if (name.starts_with(kHintPrefix) && f.size() == 4 && f[0].is_int() && f[2].is_int()) {
      if (std::optional<Siblings> s = DecodeSiblings(f[3])) {
        const int64_t seq = f[2].as_int();
        hints_[{static_cast<sim::EndpointId>(f[0].as_int()), f[1]}] = Hint{seq, std::move(*s)};
        next_hint_seq_ = std::max(next_hint_seq_, seq + 1);
      }
    }
  }
}

const Siblings* ReplicaStore::Find(const Value& key) const {
  auto it = data_.find(key);
  return it == data_.end() ? nullptr : &it->second;
}

bool ReplicaStore::Apply(const Value& key, const Siblings& incoming, VersionMode mode,
                         bool overwrite, sim::Disk& disk) {
  if (incoming.empty()) return false;
  Siblings& set = data_[key];
  bool changed = false;
  if (overwrite) {
    changed = set != incoming;
    set = incoming;
  } else {
    changed = MergeSiblings(set, incoming, mode);
  }
  if (changed) disk.Put(KeyRecord(key), Value::List({key, EncodeSiblings(set)}));
  return changed;
}

void ReplicaStore::AddHint(sim::EndpointId target, const Value& key, const Siblings& incoming,
                           VersionMode mode, bool overwrite, sim::Disk& disk) {
  Hint& hint = hints_[{target, key}];
  bool changed = false;
  if (overwrite) {
    changed = hint.versions != incoming;
    hint.versions = incoming;
  } else {
    changed = MergeSiblings(hint.versions, incoming, mode);
  }
  if (!changed) return;
  hint.seq = next_hint_seq_++;
  disk.Put(HintRecord(target, key), Value::List({Value::Int(target), key, Value::Int(hint.seq),
                                                 EncodeSiblings(hint.versions)}));
}

bool ReplicaStore::DropHint(sim::EndpointId target, const Value& key, int64_t seq,
                            sim::Disk& disk) {
  auto it = hints_.find({target, key});
  if (it == hints_.end() || it->second.seq != seq) return false;
  hints_.erase(it);
  disk.Put(HintRecord(target, key), Value());
  return true;
}

Siblings ReplicaStore::HintedVersions(const Value& key, VersionMode mode) const {
  Siblings out;
  for (const auto& [hint_key, hint] : hints_) {
    if (hint_key.second == key) MergeSiblings(out, hint.versions, mode);
  }
  return out;
}

}  // namespace faultline::models
