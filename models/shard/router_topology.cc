// RouterNode's topology changes, planned by the coordinator (n1): adding a shard,
// splitting the hottest range, removing a shard. Each makes a new placement, pins the moved
// keys to their sources, queues their migrations (router_migrations.cc) and syncs the step,
// which RestoreTopology replays on the start placement after a restart.
#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "models/shard/router_node.h"

namespace faultline::models::shard {

using sim::Context;
using sim::Value;
namespace {

// The number of shards that own keys, for a `topology` line's from_shards / to_shards.
Value RouterLiveShardCount(const Placement& p) {
  return Value::Int(static_cast<int64_t>(p.LiveShards().size()));
}

}  // namespace

void RouterNode::PlanTopologyChange(Context& ctx) {
  std::unique_ptr<Placement> next = placement_->WithShardAdded();
  const int added = placement_->shard_count();
  const int64_t moved = MovedKeys(*placement_, *next, options_.keys);
  ctx.Observe({.f = "topology",
               .key = Value::Str(absl::StrCat("add shard", added)),
               .value = Value::Int(moved),
               .detail = {{"keys", Value::Int(options_.keys)},
                          {"strategy", Value::Str(std::string(StrategyName(options_.strategy)))},
                          // Live shards: a removed id still counts in shard_count().
                          {"from_shards", RouterLiveShardCount(*placement_)},
                          {"to_shards", RouterLiveShardCount(*next)}}});
  ctx.Note(absl::StrCat("adding shard", added, ": ", moved, " of ", options_.keys, " keys move; ",
                        next->Describe()));
  MoveTo(std::move(next), kTopologyAdd, ctx);
}

void RouterNode::PlanSplit(Context& ctx) {
  const auto* range = dynamic_cast<const RangePlacement*>(placement_.get());
  if (range == nullptr) return;  // check_config refuses split_at without strategy range
  // The hottest range by requests so far, and its keys' counts.
  int64_t best_load = -1;
  RangePlacement::Range best;
  for (const RangePlacement::Range& r : range->ranges()) {
    int64_t load = 0;
    const int64_t end = std::min(r.end, options_.keys);  // keys beyond never move
    for (auto it = key_total_.lower_bound(r.begin); it != key_total_.end() && it->first < end;
         ++it) {
      load += it->second;
    }
    if (load > best_load) {
      best_load = load;
      best = r;
    }
  }
  const int64_t end = std::min(best.end, options_.keys);
  if (end - best.begin < 2) {
    ctx.Note(absl::StrCat("split_at: the hottest range [", best.begin, ",", end,
                          ") holds one key; nothing to split"));
    return;
  }
  // The load median: the first key at which half the range's requests are below it.
  int64_t at = -1;
  int64_t below = 0;  // requests to the range's keys before k
  int64_t hottest = 0;
  for (int64_t k = best.begin; k < end; ++k) {
    auto it = key_total_.find(k);
    const int64_t n = it == key_total_.end() ? 0 : it->second;
    hottest = std::max(hottest, n);
    if (at < 0 && k > best.begin && 2 * below >= best_load) at = k;
    below += n;
  }
  if (at < 0) at = end - 1;  // the last key carries half the load: cut just before it
  std::unique_ptr<Placement> next = range->Split(at, range->shard_count());
  const int64_t moved = MovedKeys(*placement_, *next, options_.keys);
  ctx.Observe({.f = "topology",
               .key = Value::Str(absl::StrCat("split shard", best.shard, " at k", at)),
               .value = Value::Int(moved),
               .detail = {{"keys", Value::Int(options_.keys)},
                          {"strategy", Value::Str("range")},
                          {"from_shards", RouterLiveShardCount(*placement_)},
                          {"to_shards", RouterLiveShardCount(*next)},
                          {"range_requests", Value::Int(best_load)},
                          {"hottest_key_requests", Value::Int(hottest)}}});
  ctx.Note(absl::StrCat("splitting shard", best.shard, " at k", at, ": ", moved, " keys move; ",
                        next->Describe(),
                        2 * hottest > best_load ? "; one key carries over half its load, "
                                                  "so the split cannot even it out"
                                                : ""));
  MoveTo(std::move(next), at, ctx);
}

void RouterNode::PlanRemoval(Context& ctx) {
  const std::vector<int> live = placement_->LiveShards();
  const int removed = options_.remove_shard >= 0 ? options_.remove_shard : live.back();
  if (std::find(live.begin(), live.end(), removed) == live.end() || live.size() < 2) {
    // check_config refuses what it can foresee; a change that did not happen (a restarted
    // coordinator abandoned an add) can still leave the shard missing.
    ctx.Note(absl::StrCat("remove_shard_at: shard", removed, " is not one of the ", live.size(),
                          " live shards (", placement_->Describe(), "); nothing removed"));
    return;
  }
  std::unique_ptr<Placement> next = placement_->WithShardRemoved(removed);
  const int64_t moved = MovedKeys(*placement_, *next, options_.keys);
  ctx.Observe({.f = "topology",
               .key = Value::Str(absl::StrCat("remove shard", removed)),
               .value = Value::Int(moved),
               .detail = {{"keys", Value::Int(options_.keys)},
                          {"strategy", Value::Str(std::string(StrategyName(options_.strategy)))},
                          {"from_shards", RouterLiveShardCount(*placement_)},
                          {"to_shards", RouterLiveShardCount(*next)}}});
  ctx.Note(absl::StrCat("removing shard", removed, ": ", moved, " of ", options_.keys,
                        " keys move; ", next->Describe()));
  MoveTo(std::move(next), kTopologyRemoved - removed, ctx);
}

void RouterNode::MoveTo(std::unique_ptr<Placement> next, int64_t step, Context& ctx) {
  // One migration per (source, target) pair, in source order, run one after another.
  std::map<std::pair<int, int>, std::vector<int64_t>> moves;
  for (int64_t k = 0; k < options_.keys; ++k) {
    const int from = ShardFor(k);
    const int to = next->ShardOf(k);
    if (from != to) moves[{from, to}].push_back(k);
  }
  for (auto& [pair, keys] : moves) {
    queued_.push_back(
        MigrationPlan{.id = "", .from = pair.first, .to = pair.second, .keys = std::move(keys)});
  }
  placement_ = std::move(next);
  // Until each migration switches, its keys keep their old shard: pin them.
  for (const MigrationPlan& plan : queued_) {
    for (int64_t k : plan.keys) overrides_[k] = plan.from;
  }
  // The new placement and the pins survive a crash together: a restarted coordinator
  // abandons the queued moves, and the pins keep those keys at their sources.
  std::vector<Value> steps = ctx.disk().Get("topology").value_or(Value::List({})).as_list();
  steps.push_back(Value::Int(step));
  ctx.disk().Put("topology", Value::List(std::move(steps)));
  SaveRoutes(ctx);
  RunNextMigration(ctx);
}

void RouterNode::RestoreTopology(Context& ctx) {
  const std::optional<Value> steps = ctx.disk().Get("topology");
  if (!steps || !steps->is_list()) return;
  for (const Value& step : steps->as_list()) {
    const int64_t at = step.int_or(kTopologyAdd);
    const auto* range = dynamic_cast<const RangePlacement*>(placement_.get());
    if (at <= kTopologyRemoved) {
      placement_ = placement_->WithShardRemoved(static_cast<int>(kTopologyRemoved - at));
    } else if (at == kTopologyAdd || range == nullptr) {
      placement_ = placement_->WithShardAdded();
    } else {
      placement_ = range->Split(at, range->shard_count());
    }
  }
  ctx.Note(absl::StrCat("restored ", steps->as_list().size(),
                        " topology changes: ", placement_->Describe()));
}

}  // namespace faultline::models::shard
