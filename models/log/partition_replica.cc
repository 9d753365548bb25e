// LogBrokerNode as a partition's leader and follower: appending produced records, pushing
// them to the followers, the high watermark, ISR proposals, truncation, and serving
// fetches, polls and the drain's queries.
#include <algorithm>
#include <string>

#include "absl/strings/str_cat.h"
#include "models/log/broker_node.h"

namespace faultline::models {
namespace {

using sim::Value;

// Records per replicate message, poll and pending answer at most.
constexpr int64_t kReplicateBatchMax = 50;
constexpr int64_t kPollMax = 50;

std::string LogName(int64_t partition) { return absl::StrCat("log.p", partition); }

sim::DurableLog<Record>& LogOf(int64_t partition, sim::Context& ctx) {
  return ctx.disk().Log<Record>(LogName(partition));
}

std::vector<Record> Slice(const sim::DurableLog<Record>& log, int64_t from, int64_t to) {
  std::vector<Record> out;
  for (int64_t i = std::max<int64_t>(from, 0); i < to && i < static_cast<int64_t>(log.size());
       ++i) {
    out.push_back(log.at(static_cast<size_t>(i)));
  }
  return out;
}

}  // namespace

int64_t LogBrokerNode::LogSize(int partition, sim::Context& ctx) const {
  return static_cast<int64_t>(LogOf(partition, ctx).size());
}

void LogBrokerNode::ApplyMetadata(const LeaderAndIsr& m, sim::Context& ctx) {
  if (m.partition < 0 || m.partition >= options_.partitions) return;
  Part& p = part(m.partition);
  if (m.epoch < p.epoch) return;  // a stale broadcast
  const bool was_leader = IsLeader(p);
  const bool new_epoch = m.epoch != p.epoch;
  p.leader = m.leader;
  p.epoch = m.epoch;
  p.isr = m.isr;
  if (!p.replica) return;
  if (IsLeader(p) && (new_epoch || !was_leader)) {
    // Taking over: followers are assumed to have what we know is committed; each
    // follower's first answer corrects it.
    const auto size = static_cast<int64_t>(LogOf(m.partition, ctx).size());
    p.hw = std::min(p.hw, size);
    p.match.clear();
    p.caught_up_ns.clear();
    p.heard.clear();
    p.waiting.clear();
    for (sim::EndpointId r : options_.ReplicasOf(static_cast<int>(m.partition))) {
      if (r == self_) continue;
      p.match[r] = p.hw;
      p.caught_up_ns[r] = ctx.LocalNow();
    }
    RebuildOpIndex(m.partition, ctx);
    ctx.Note(absl::StrCat("became leader of partition ", m.partition, " (epoch ", m.epoch,
                          ", log end ", size, ", high watermark ", p.hw, ")"));
  } else if (was_leader && !IsLeader(p)) {
    p.waiting.clear();  // their forwarders retry with the new leader
    const std::string next =
        m.leader < 0 ? "nobody" : LogNodeName(static_cast<sim::EndpointId>(m.leader));
    ctx.Note(absl::StrCat("stepped down: partition ", m.partition, " now led by ", next,
                          " (epoch ", m.epoch, ")"));
  }
  if (IsLeader(p)) AdvanceHighWatermark(m.partition, ctx);
}

void LogBrokerNode::RebuildOpIndex(int64_t partition, sim::Context& ctx) {
  Part& p = part(partition);
  p.op_offset.clear();
  const sim::DurableLog<Record>& log = LogOf(partition, ctx);
  for (size_t i = 0; i < log.size(); ++i) p.op_offset[log.at(i).op] = static_cast<int64_t>(i);
}

void LogBrokerNode::Handle(sim::EndpointId from, const Produce& m, sim::Context& ctx) {
  if (m.partition < 0 || m.partition >= options_.partitions) return;
  Part& p = part(m.partition);
  if (!IsLeader(p)) {
    const ProduceAck no{.op = m.op, .partition = m.partition, .ok = false, .leader = p.leader};
    if (from == self_) return Handle(self_, no, ctx);
    return ctx.Send(from, no);
  }
  sim::DurableLog<Record>& log = LogOf(m.partition, ctx);
  int64_t offset = static_cast<int64_t>(log.size());
  if (auto dup = p.op_offset.find(m.op); options_.idempotent && dup != p.op_offset.end()) {
    offset = dup->second;  // a retry of a record we have: answer, do not append again
    ctx.Note(absl::StrCat("partition ", m.partition, ": retry of op ", m.op,
                          " already at offset ", offset, " (idempotent)"));
  } else {
    log.Append(Record{.op = m.op, .key = m.key, .value = m.value, .epoch = p.epoch});
    ctx.disk().Sync();
    p.op_offset[m.op] = offset;
    ++appended_;
  }
  switch (options_.acks) {
    case LogOptions::Acks::kNone:
      break;
    case LogOptions::Acks::kLeader:
      AnswerProduce(from, m.op, m.partition, offset, ctx);
      break;
    case LogOptions::Acks::kAll:
      p.waiting.push_back({.offset = offset, .op = m.op, .forwarder = from});
      AdvanceHighWatermark(m.partition, ctx);
      break;
  }
}

void LogBrokerNode::AdvanceHighWatermark(int64_t partition, sim::Context& ctx) {
  Part& p = part(partition);
  int64_t hw = static_cast<int64_t>(LogOf(partition, ctx).size());
  for (int64_t r : p.isr) {
    if (r == self_) continue;
    auto it = p.match.find(static_cast<sim::EndpointId>(r));
    hw = std::min(hw, it == p.match.end() ? 0 : it->second);
  }
  p.hw = std::max(p.hw, hw);
  std::vector<Waiting> still;
  for (const Waiting& w : p.waiting) {
    if (w.offset < p.hw) {
      AnswerProduce(w.forwarder, w.op, partition, w.offset, ctx);
    } else {
      still.push_back(w);
    }
  }
  p.waiting = std::move(still);
}

void LogBrokerNode::ReplicateTo(int64_t partition, sim::EndpointId follower, sim::Context& ctx) {
  Part& p = part(partition);
  const sim::DurableLog<Record>& log = LogOf(partition, ctx);
  const auto end = static_cast<int64_t>(log.size());
  const int64_t start = std::min(p.match[follower], end);
  ctx.Send(follower, LogReplicate{.partition = partition,
                               .epoch = p.epoch,
                               .start = start,
                               .records = Slice(log, start, start + kReplicateBatchMax),
                               .leader_end = end,
                               .high_watermark = p.hw});
}

void LogBrokerNode::ReplicaTick(sim::Context& ctx) {
  for (int64_t partition = 0; partition < options_.partitions; ++partition) {
    Part& p = part(partition);
    if (!IsLeader(p)) continue;
    for (auto& [follower, match] : p.match) ReplicateTo(partition, follower, ctx);
    ProposeIsr(partition, ctx);
  }
}

// The ISR this leader wants: itself, the followers caught up within replica_lag. Sent to
// the controller when it differs from the current one; it counts once the controller
// publishes it.
void LogBrokerNode::ProposeIsr(int64_t partition, sim::Context& ctx) {
  Part& p = part(partition);
  const auto end = static_cast<int64_t>(LogOf(partition, ctx).size());
  std::vector<int64_t> want;
  for (sim::EndpointId r : options_.ReplicasOf(static_cast<int>(partition))) {
    if (r == self_) {
      want.push_back(r);
      continue;
    }
    if (p.match[r] >= end) p.caught_up_ns[r] = ctx.LocalNow();
    const bool in_isr = std::find(p.isr.begin(), p.isr.end(), r) != p.isr.end();
    const bool lagging = ctx.LocalNow() - p.caught_up_ns[r] > options_.replica_lag_ns;
    // In: stays unless lagging. Out: comes back only when it answered us and is fully
    // caught up (our guess of its log end at takeover is no evidence).
    if (in_isr ? !lagging : p.heard.contains(r) && p.match[r] >= end) want.push_back(r);
  }
  std::vector<int64_t> current = p.isr;
  std::sort(current.begin(), current.end());
  std::sort(want.begin(), want.end());
  if (want == current) return;
  const IsrChange change{.partition = partition, .epoch = p.epoch, .isr = want};
  if (controller_ != nullptr) {
    Publish(controller_->OnIsrChange(self_, change, ctx), ctx);
  } else {
    ctx.Send(options_.controller(), change);
  }
}

void LogBrokerNode::Handle(sim::EndpointId from, const LogReplicateAck& m, sim::Context& ctx) {
  if (m.partition < 0 || m.partition >= options_.partitions) return;
  Part& p = part(m.partition);
  if (!IsLeader(p) || m.epoch != p.epoch || !p.match.contains(from)) return;
  const auto end = static_cast<int64_t>(LogOf(m.partition, ctx).size());
  p.match[from] = std::min(m.end, end);
  p.heard.insert(from);
  if (p.match[from] >= end) p.caught_up_ns[from] = ctx.LocalNow();
  AdvanceHighWatermark(m.partition, ctx);
}

void LogBrokerNode::Handle(sim::EndpointId from, const LogReplicate& m, sim::Context& ctx) {
  if (m.partition < 0 || m.partition >= options_.partitions) return;
  Part& p = part(m.partition);
  if (!p.replica || m.epoch < p.epoch) return;  // a deposed leader's
  if (m.epoch > p.epoch || p.leader != from) {
    // A leader of a newer epoch speaks before its metadata arrived.
    if (IsLeader(p)) p.waiting.clear();
    p.epoch = m.epoch;
    p.leader = from;
  }
  sim::DurableLog<Record>& log = LogOf(m.partition, ctx);
  const int64_t before = static_cast<int64_t>(log.size());
  if (m.start <= before) {
    int64_t removed = 0;  // records of ours the leader does not have
    int64_t at = m.start;
    for (const Record& r : m.records) {
      if (at < static_cast<int64_t>(log.size())) {
        if (log.at(static_cast<size_t>(at)) == r) {
          ++at;
          continue;
        }
        removed += static_cast<int64_t>(log.size()) - at;
        log.TruncateFrom(static_cast<size_t>(at));
      }
      log.Append(r);
      ++at;
    }
    if (static_cast<int64_t>(log.size()) > m.leader_end) {
      removed += static_cast<int64_t>(log.size()) - m.leader_end;
      log.TruncateFrom(static_cast<size_t>(m.leader_end));
    }
    ctx.disk().Sync();
    if (removed > 0) {
      truncated_ += removed;
      ctx.Note(absl::StrCat("partition ", m.partition, ": truncated ", removed,
                            " records the leader ", LogNodeName(from), " (epoch ", m.epoch,
                            ") does not have (log had ", before, ")"));
    }
  }
  p.hw = std::min<int64_t>(m.high_watermark, static_cast<int64_t>(log.size()));
  ctx.Send(from, LogReplicateAck{.partition = m.partition,
                              .epoch = m.epoch,
                              .end = static_cast<int64_t>(log.size())});
}

void LogBrokerNode::Handle(sim::EndpointId from, const Fetch& m, sim::Context& ctx) {
  if (m.partition < 0 || m.partition >= options_.partitions) return;
  Part& p = part(m.partition);
  FetchReply reply{.partition = m.partition, .offset = m.offset, .leader = p.leader};
  if (IsLeader(p)) {
    reply.ok = true;
    reply.high_watermark = p.hw;
    reply.records = Slice(LogOf(m.partition, ctx), m.offset,
                          std::min(p.hw, m.offset + std::max<int64_t>(m.max, 1)));
  }
  ctx.Send(from, std::move(reply));
}

void LogBrokerNode::Poll(sim::EndpointId client, const sim::ClientRequest& req, sim::Context& ctx) {
  // value: [[partition, offset]]; the answer: [[key, offset, value, partition], ...].
  if (!req.value.is_list() || req.value.as_list().empty() ||
      !req.value.as_list()[0].is_list() || req.value.as_list()[0].as_list().size() != 2) {
    return ctx.Send(client, sim::ClientReply::Fail(req));
  }
  const std::vector<Value>& at = req.value.as_list()[0].as_list();
  const int64_t partition = at[0].int_or(-1);
  const int64_t offset = at[1].int_or(-1);
  if (partition < 0 || partition >= options_.partitions || offset < 0 ||
      !IsLeader(part(partition))) {
    return ctx.Send(client, sim::ClientReply::Fail(req));
  }
  const Part& p = part(partition);
  std::vector<Value> got;
  int64_t o = offset;
  for (const Record& r : Slice(LogOf(partition, ctx), offset, std::min(p.hw, offset + kPollMax))) {
    got.push_back(Value::List({r.key, Value::Int(o++), r.value, Value::Int(partition)}));
  }
  ctx.Send(client, sim::ClientReply::Ok(req, Value::List(std::move(got))));
}

void LogBrokerNode::Handle(sim::EndpointId from, const PendingQuery& m, sim::Context& ctx) {
  if (m.partition < 0 || m.partition >= options_.partitions || !IsLeader(part(m.partition))) {
    return;
  }
  const sim::DurableLog<Record>& log = LogOf(m.partition, ctx);
  const PendingReply reply{.id = m.id,
                           .partition = m.partition,
                           .records = Slice(log, m.from, static_cast<int64_t>(log.size()))};
  if (from == self_) return Handle(self_, reply, ctx);
  ctx.Send(from, reply);
}

}  // namespace faultline::models
