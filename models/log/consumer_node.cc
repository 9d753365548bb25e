#include "models/log/consumer_node.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace faultline::models {
namespace {

enum TimerTag : uint64_t {
  kHeartbeat = 1,
  kStep = 2,
  kFetchTimeout = 3,
  kProcess = 4,
  kApplyTimeout = 5,
};

// An idle consumer (nothing assigned, or caught up) fetches again after this long; a
// fetch with no answer in kFetchTimeoutNs is given up.
constexpr sim::Nanos kIdleNs = 10 * sim::kMillisecond;
constexpr sim::Nanos kFetchTimeoutNs = 200 * sim::kMillisecond;
// An apply the store has not answered in this long is sent again (the store may then
// apply it twice: at-least-once, as a real consumer's retry is).
constexpr sim::Nanos kApplyTimeoutNs = 500 * sim::kMillisecond;

}  // namespace

void LogConsumerNode::OnStart(sim::Context& ctx) {
  ctx.Send(options_.controller(), GroupHeartbeat{.generation = 0});
  ctx.SetTimer(kHeartbeatIntervalNs, kHeartbeat);
}

void LogConsumerNode::AppendRoles(std::vector<std::string>& roles) const {
  roles.push_back("consumer");
}

std::string LogConsumerNode::Describe() const {
  return absl::StrCat("consumer generation=", generation_, " partitions=[",
                      absl::StrJoin(assigned_, ","), "] applied=", applied_);
}

bool LogConsumerNode::Assigned(int64_t partition) const {
  return std::find(assigned_.begin(), assigned_.end(), partition) != assigned_.end();
}

void LogConsumerNode::OnTimer(sim::TimerId id, uint64_t tag, sim::Context& ctx) {
  switch (tag) {
    case kHeartbeat:
      ctx.Send(options_.controller(), GroupHeartbeat{.generation = generation_});
      ctx.SetTimer(kHeartbeatIntervalNs, kHeartbeat);
      return;
    case kStep:
      step_scheduled_ = false;
      Step(ctx);
      return;
    case kFetchTimeout:
      if (fetching_ && id == fetch_timeout_) {
        fetching_ = false;
        Step(ctx);
      }
      return;
    case kProcess:
      if (!batch_.records.empty() && !batch_.applying) {
        batch_.applying = true;
        SendApply(ctx);
      }
      return;
    case kApplyTimeout:
      if (batch_.applying && id == apply_timeout_) SendApply(ctx);
      return;
    default:
      return;
  }
}

void LogConsumerNode::Handle(sim::EndpointId /*from*/, const Assignment& a, sim::Context& ctx) {
  if (a.generation <= generation_) return;
  generation_ = a.generation;
  assigned_ = a.partitions;
  std::map<int64_t, int64_t> position;
  for (size_t i = 0; i < a.partitions.size(); ++i) {
    const int64_t p = a.partitions[i];
    // A partition kept across the rebalance goes on from where we are (ahead of the
    // commit by at most the batch in hand); a new one starts at the committed offset.
    auto mine = position_.find(p);
    position[p] = mine == position_.end() ? a.offsets[i] : std::max(mine->second, a.offsets[i]);
    if (i < a.leaders.size() && a.leaders[i] >= 0) leader_[p] = a.leaders[i];
  }
  position_ = std::move(position);
  ctx.Note(absl::StrCat("consumer: generation ", generation_, ", partitions [",
                        absl::StrJoin(assigned_, ","), "]"));
  if (batch_.partition >= 0 && !Assigned(batch_.partition) && !batch_.applying) {
    batch_ = Batch{};  // revoked: the next owner starts from the committed offset
  }
  cursor_ = 0;
  Step(ctx);
}

void LogConsumerNode::Step(sim::Context& ctx) {
  if (fetching_ || batch_.partition >= 0) return;
  if (assigned_.empty()) return;
  cursor_ = (cursor_ + 1) % assigned_.size();
  const int64_t p = assigned_[cursor_];
  auto leader = leader_.find(p);
  const sim::EndpointId to = leader != leader_.end()
                                 ? static_cast<sim::EndpointId>(leader->second)
                                 : options_.ReplicasOf(static_cast<int>(p)).front();
  fetching_ = true;
  fetch_partition_ = p;
  ctx.Send(to, Fetch{.partition = p, .offset = position_[p], .max = options_.max_poll_records});
  fetch_timeout_ = ctx.SetTimer(kFetchTimeoutNs, kFetchTimeout);
}

void LogConsumerNode::Handle(sim::EndpointId /*from*/, const FetchReply& r, sim::Context& ctx) {
  if (!fetching_ || r.partition != fetch_partition_) return;
  fetching_ = false;
  ctx.CancelTimer(fetch_timeout_);
  const bool wanted = Assigned(r.partition) && r.offset == position_[r.partition];
  if (!r.ok && r.leader >= 0) leader_[r.partition] = r.leader;
  if (!wanted || !r.ok || r.records.empty()) {
    // Past the end of a (shorter, newly elected) leader's log: start again from its high
    // watermark, as a consumer with auto.offset.reset=latest does.
    if (wanted && r.ok && r.offset > r.high_watermark && r.records.empty()) {
      ctx.Note(absl::StrCat("consumer: partition ", r.partition, " offset ", r.offset,
                            " is past the log (high watermark ", r.high_watermark, "): reset"));
      position_[r.partition] = r.high_watermark;
    }
    // Idle for a while unless another partition may have records.
    if (!step_scheduled_) {
      step_scheduled_ = true;
      ctx.SetTimer(assigned_.size() > 1 && cursor_ + 1 < assigned_.size() ? 0 : kIdleNs, kStep);
    }
    return;
  }
  batch_ = Batch{.partition = r.partition, .next_offset = r.offset};
  batch_.records.assign(r.records.begin(), r.records.end());
  const int64_t end = r.offset + static_cast<int64_t>(r.records.size());
  position_[r.partition] = end;
  if (options_.commit == LogOptions::Commit::kBefore) Commit(r.partition, end, ctx);
  ApplyNext(ctx);
}

void LogConsumerNode::ApplyNext(sim::Context& ctx) {
  if (batch_.records.empty()) {
    if (options_.commit == LogOptions::Commit::kAfter && Assigned(batch_.partition)) {
      Commit(batch_.partition, batch_.next_offset, ctx);
    }
    batch_ = Batch{};
    Step(ctx);
    return;
  }
  if (!Assigned(batch_.partition)) {  // revoked while we worked on it
    batch_ = Batch{};
    Step(ctx);
    return;
  }
  ctx.SetTimer(options_.process_time_ns, kProcess);
}

void LogConsumerNode::SendApply(sim::Context& ctx) {
  const Record& r = batch_.records.front();
  ctx.Send(options_.store(), ApplyRecord{.op = r.op,
                                         .key = r.key,
                                         .value = r.value,
                                         .partition = batch_.partition,
                                         .offset = batch_.next_offset});
  apply_timeout_ = ctx.SetTimer(kApplyTimeoutNs, kApplyTimeout);
}

void LogConsumerNode::Handle(sim::EndpointId /*from*/, const RecordApplied& r,
                             sim::Context& ctx) {
  if (!batch_.applying || r.partition != batch_.partition || r.offset != batch_.next_offset) {
    return;  // an answer to an apply this (restarted) node forgot
  }
  batch_.applying = false;
  ctx.CancelTimer(apply_timeout_);
  batch_.records.pop_front();
  ++batch_.next_offset;
  ++applied_;
  ApplyNext(ctx);
}

void LogConsumerNode::Commit(int64_t partition, int64_t offset, sim::Context& ctx) {
  ctx.Send(options_.controller(),
           CommitOffset{.generation = generation_, .partition = partition, .offset = offset});
}

}  // namespace faultline::models
