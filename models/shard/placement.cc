#include "models/shard/placement.h"

#include <algorithm>
#include <charconv>
#include <limits>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "base/check.h"
#include "models/quorum/hash_ring.h"

namespace faultline::models::shard {
namespace {

constexpr int64_t kKeyEnd = std::numeric_limits<int64_t>::max();

uint64_t KeyHash(int64_t key) { return StableHash(absl::StrCat("k", key)); }

// 0..n-1: the live ids of a placement that never lost a shard.
std::vector<int> PlacementFirstIds(int shards) {
  std::vector<int> ids;
  for (int s = 0; s < shards; ++s) ids.push_back(s);
  return ids;
}

// `live` without `shard`. REQUIRES: `shard` is in `live` and is not alone.
std::vector<int> PlacementIdsWithout(const std::vector<int>& live, int shard) {
  FL_CHECK_MSG(std::find(live.begin(), live.end(), shard) != live.end(),
               "only a live shard can be removed");
  FL_CHECK_MSG(live.size() > 1, "the only live shard cannot be removed");
  std::vector<int> out;
  for (int s : live) {
    if (s != shard) out.push_back(s);
  }
  return out;
}

// Hash mod the number of live shards, indexing the live ids (ascending): with no shard
// removed, shard = hash mod n.
class HashModPlacement final : public Placement {
 public:
  HashModPlacement(std::vector<int> live, int count) : live_(std::move(live)), count_(count) {
    FL_CHECK(!live_.empty());
  }
  Strategy strategy() const override { return Strategy::kHashMod; }
  int shard_count() const override { return count_; }
  int ShardOf(int64_t key) const override {
    return live_[KeyHash(key) % static_cast<uint64_t>(live_.size())];
  }
  std::unique_ptr<Placement> WithShardAdded() const override {
    std::vector<int> live = live_;
    live.push_back(count_);
    return std::make_unique<HashModPlacement>(std::move(live), count_ + 1);
  }
  std::unique_ptr<Placement> WithShardRemoved(int shard) const override {
    return std::make_unique<HashModPlacement>(PlacementIdsWithout(live_, shard), count_);
  }
  std::vector<int> LiveShards() const override { return live_; }
  std::unique_ptr<Placement> Clone() const override {
    return std::make_unique<HashModPlacement>(live_, count_);
  }
  std::string Describe() const override {
    if (static_cast<int>(live_.size()) == count_) return absl::StrCat("hash-mod ", count_);
    return absl::StrCat("hash-mod ", live_.size(), " of ", count_, " shards live");
  }

 private:
  std::vector<int> live_;  // ascending
  int count_;
};

class ConsistentHashPlacement final : public Placement {
 public:
  ConsistentHashPlacement(std::vector<int> live, int count, int vnodes)
      : live_(std::move(live)), count_(count), vnodes_(vnodes) {
    FL_CHECK(!live_.empty() && vnodes >= 1);
    points_.reserve(live_.size() * static_cast<size_t>(vnodes));
    // A shard's points depend on its id only, so adding or removing one leaves the others'.
    for (int s : live_) {
      for (int v = 0; v < vnodes; ++v) {
        points_.emplace_back(StableHash(absl::StrCat("shard", s, "#", v)), s);
      }
    }
    // Ties (astronomically rare) break by shard, so the order is total and stable.
    std::sort(points_.begin(), points_.end());
  }
  Strategy strategy() const override { return Strategy::kConsistentHash; }
  int shard_count() const override { return count_; }
  int ShardOf(int64_t key) const override {
    const uint64_t h = KeyHash(key);
    auto it = std::lower_bound(points_.begin(), points_.end(), std::make_pair(h, 0));
    return it == points_.end() ? points_.front().second : it->second;
  }
  std::unique_ptr<Placement> WithShardAdded() const override {
    std::vector<int> live = live_;
    live.push_back(count_);
    return std::make_unique<ConsistentHashPlacement>(std::move(live), count_ + 1, vnodes_);
  }
  std::unique_ptr<Placement> WithShardRemoved(int shard) const override {
    return std::make_unique<ConsistentHashPlacement>(PlacementIdsWithout(live_, shard), count_,
                                                     vnodes_);
  }
  std::vector<int> LiveShards() const override { return live_; }
  std::unique_ptr<Placement> Clone() const override {
    return std::make_unique<ConsistentHashPlacement>(live_, count_, vnodes_);
  }
  std::string Describe() const override {
    const std::string live = static_cast<int>(live_.size()) == count_
                                 ? std::string()
                                 : absl::StrCat(" (", live_.size(), " live)");
    return absl::StrCat("consistent-hash ", count_, live, " x ", vnodes_, " vnodes");
  }

 private:
  std::vector<int> live_;  // ascending
  int count_;
  int vnodes_;
  std::vector<std::pair<uint64_t, int>> points_;  // (ring position, shard), ascending
};

}  // namespace

std::string_view StrategyName(Strategy s) {
  switch (s) {
    case Strategy::kHashMod:
      return "hash-mod";
    case Strategy::kConsistentHash:
      return "consistent-hash";
    case Strategy::kRange:
      return "range";
    case Strategy::kDirectory:
      return "directory";
  }
  return "?";
}

std::optional<Strategy> ParseStrategy(std::string_view name) {
  for (Strategy s : {Strategy::kHashMod, Strategy::kConsistentHash, Strategy::kRange,
                     Strategy::kDirectory}) {
    if (StrategyName(s) == name) return s;
  }
  return std::nullopt;
}

std::optional<int64_t> KeyIndex(const sim::Value& key) {
  if (!key.is_string()) return std::nullopt;
  const std::string& s = key.as_string();
  if (s.size() < 2 || s[0] != 'k') return std::nullopt;
  int64_t index = 0;
  auto [end, ec] = std::from_chars(s.data() + 1, s.data() + s.size(), index);
  if (ec != std::errc() || end != s.data() + s.size() || index < 0) return std::nullopt;
  // "k007" is not the workload's "k7": only the canonical spelling is a key index.
  if (s.size() > 2 && s[1] == '0') return std::nullopt;
  return index;
}

std::unique_ptr<Placement> MakePlacement(const PlacementOptions& o) {
  FL_CHECK(o.shards >= 1);
  switch (o.strategy) {
    case Strategy::kHashMod:
      return std::make_unique<HashModPlacement>(PlacementFirstIds(o.shards), o.shards);
    case Strategy::kConsistentHash:
      return std::make_unique<ConsistentHashPlacement>(PlacementFirstIds(o.shards), o.shards,
                                                       o.vnodes);
    case Strategy::kRange: {
      FL_CHECK(o.keys >= o.shards);
      std::vector<RangePlacement::Range> ranges;
      for (int s = 0; s < o.shards; ++s) {
        const int64_t begin = o.keys * s / o.shards;
        const int64_t end = s + 1 == o.shards ? kKeyEnd : o.keys * (s + 1) / o.shards;
        ranges.push_back({begin, end, s});
      }
      return std::make_unique<RangePlacement>(std::move(ranges), o.shards);
    }
    case Strategy::kDirectory:
      return std::make_unique<DirectoryPlacement>(o.shards);
  }
  FL_CHECK_MSG(false, "unknown sharding strategy");
  return nullptr;
}

RangePlacement::RangePlacement(std::vector<Range> ranges, int shard_count)
    : ranges_(std::move(ranges)), shard_count_(shard_count) {
  FL_CHECK_MSG(!ranges_.empty() && ranges_.front().begin == 0 && ranges_.back().end == kKeyEnd,
               "ranges must cover every key index");
  for (size_t i = 0; i < ranges_.size(); ++i) {
    FL_CHECK(ranges_[i].begin < ranges_[i].end);
    FL_CHECK(ranges_[i].shard >= 0 && ranges_[i].shard < shard_count_);
    if (i > 0) FL_CHECK_MSG(ranges_[i - 1].end == ranges_[i].begin, "ranges must not gap");
  }
}

int RangePlacement::ShardOf(int64_t key) const {
  auto it = std::upper_bound(ranges_.begin(), ranges_.end(), key,
                             [](int64_t k, const Range& r) { return k < r.begin; });
  FL_CHECK(it != ranges_.begin());
  return std::prev(it)->shard;
}

std::unique_ptr<RangePlacement> RangePlacement::Split(int64_t at, int to_shard) const {
  FL_CHECK(to_shard >= 0);
  std::vector<Range> out;
  out.reserve(ranges_.size() + 1);
  bool split = false;
  for (const Range& r : ranges_) {
    if (r.begin < at && at < r.end) {
      out.push_back({r.begin, at, r.shard});
      out.push_back({at, r.end, to_shard});
      split = true;
    } else {
      out.push_back(r);
    }
  }
  FL_CHECK_MSG(split, "a split point must fall strictly inside a range");
  return std::make_unique<RangePlacement>(std::move(out), std::max(shard_count_, to_shard + 1));
}

std::unique_ptr<Placement> RangePlacement::WithShardAdded() const {
  // The widest finite range (the last one is open-ended, measured up to its begin + the
  // widest finite width, so a placement of one range still splits).
  int64_t widest = 0;
  for (size_t i = 0; i + 1 < ranges_.size(); ++i) {
    widest = std::max(widest, ranges_[i].end - ranges_[i].begin);
  }
  widest = std::max<int64_t>(widest, 2);
  size_t best = 0;
  int64_t best_width = -1;
  for (size_t i = 0; i < ranges_.size(); ++i) {
    const int64_t width =
        i + 1 < ranges_.size() ? ranges_[i].end - ranges_[i].begin : widest;
    if (width > best_width) {
      best = i;
      best_width = width;
    }
  }
  if (best_width < 2) return Clone();  // nothing left to split: every range is one key
  return Split(ranges_[best].begin + best_width / 2, shard_count_);
}

std::unique_ptr<Placement> RangePlacement::WithShardRemoved(int shard) const {
  std::vector<int> live = LiveShards();
  (void)PlacementIdsWithout(live, shard);  // checks `shard` is live and not alone
  std::vector<Range> out;
  out.reserve(ranges_.size());
  for (size_t i = 0; i < ranges_.size(); ++i) {
    Range r = ranges_[i];
    if (r.shard == shard) {
      if (!out.empty()) {
        r.shard = out.back().shard;  // the lower neighbour takes it
      } else {
        // The first range: the upper neighbour (the next range another shard owns).
        size_t j = i + 1;
        while (ranges_[j].shard == shard) ++j;  // some range is another shard's
        r.shard = ranges_[j].shard;
      }
    }
    // Neighbours of one shard become one range: the merge.
    if (!out.empty() && out.back().shard == r.shard) {
      out.back().end = r.end;
    } else {
      out.push_back(r);
    }
  }
  return std::make_unique<RangePlacement>(std::move(out), shard_count_);
}

std::vector<int> RangePlacement::LiveShards() const {
  std::set<int> live;
  for (const Range& r : ranges_) live.insert(r.shard);
  return {live.begin(), live.end()};
}

std::unique_ptr<Placement> RangePlacement::Clone() const {
  return std::make_unique<RangePlacement>(ranges_, shard_count_);
}

std::string RangePlacement::Describe() const {
  std::string out = "range";
  for (const Range& r : ranges_) {
    if (r.end == kKeyEnd) {
      absl::StrAppend(&out, " [", r.begin, ",..)->", r.shard);
    } else {
      absl::StrAppend(&out, " [", r.begin, ",", r.end, ")->", r.shard);
    }
  }
  return out;
}

void DirectoryPlacement::Assign(int64_t key, int shard) {
  FL_CHECK(shard >= 0 && shard < shard_count_ && removed_.count(shard) == 0);
  assigned_[key] = shard;
}

int DirectoryPlacement::ShardOf(int64_t key) const {
  auto it = assigned_.find(key);
  if (it != assigned_.end()) return it->second;
  const int first = static_cast<int>(KeyHash(key) % static_cast<uint64_t>(default_shards_));
  if (removed_.count(first) == 0) return first;
  // Its default shard was removed: rehash over the live default shards (else every live
  // shard), so only the removed shard's keys move.
  std::vector<int> live;
  for (int s = 0; s < default_shards_; ++s) {
    if (removed_.count(s) == 0) live.push_back(s);
  }
  if (live.empty()) live = LiveShards();
  return live[KeyHash(key) % static_cast<uint64_t>(live.size())];
}

std::unique_ptr<Placement> DirectoryPlacement::WithShardRemoved(int shard) const {
  const std::vector<int> live = PlacementIdsWithout(LiveShards(), shard);
  // The least-assigned live shard (the lowest id on a tie) takes every assigned key.
  std::map<int, int64_t> per_shard;
  for (int s : live) per_shard[s] = 0;
  for (const auto& [key, s] : assigned_) {
    if (s != shard) ++per_shard[s];
  }
  int target = live.front();
  for (const auto& [s, n] : per_shard) {
    if (n < per_shard[target]) target = s;
  }
  auto out = std::make_unique<DirectoryPlacement>(*this);
  out->removed_.insert(shard);
  for (auto& [key, s] : out->assigned_) {
    if (s == shard) s = target;
  }
  return out;
}

std::vector<int> DirectoryPlacement::LiveShards() const {
  std::vector<int> live;
  for (int s = 0; s < shard_count_; ++s) {
    if (removed_.count(s) == 0) live.push_back(s);
  }
  return live;
}

std::unique_ptr<Placement> DirectoryPlacement::WithShardAdded() const {
  // Unassigned keys keep their hash over the first shard count, so adding a shard moves
  // nothing: the new shard takes only what is assigned (or moved) to it later.
  auto out = std::make_unique<DirectoryPlacement>(*this);
  ++out->shard_count_;
  return out;
}

std::unique_ptr<Placement> DirectoryPlacement::Clone() const {
  return std::make_unique<DirectoryPlacement>(*this);
}

std::string DirectoryPlacement::Describe() const {
  return absl::StrCat("directory ", shard_count_, " shards, ", assigned_.size(), " assigned");
}

int64_t MovedKeys(const Placement& before, const Placement& after, int64_t keys) {
  int64_t moved = 0;
  for (int64_t k = 0; k < keys; ++k) moved += before.ShardOf(k) != after.ShardOf(k) ? 1 : 0;
  return moved;
}

double Imbalance(const std::vector<int64_t>& per_shard) {
  if (per_shard.empty()) return 0;
  int64_t sum = 0;
  int64_t max = 0;
  for (int64_t v : per_shard) {
    sum += v;
    max = std::max(max, v);
  }
  if (sum == 0) return 0;
  return static_cast<double>(max) * static_cast<double>(per_shard.size()) /
         static_cast<double>(sum);
}

}  // namespace faultline::models::shard
