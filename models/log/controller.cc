#include "models/log/controller.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "sim/value.h"

namespace faultline::models {
namespace {

using sim::Value;

std::string MetaKey(size_t p) { return absl::StrCat("controller.meta.p", p); }
std::string CommittedKey(size_t p) { return absl::StrCat("controller.committed.p", p); }

bool Contains(const std::vector<int64_t>& v, int64_t x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

std::string Names(const std::vector<int64_t>& nodes) {
  std::vector<std::string> names;
  for (int64_t n : nodes) names.push_back(LogNodeName(static_cast<sim::EndpointId>(n)));
  return absl::StrCat("[", absl::StrJoin(names, ","), "]");
}

std::string Ms(sim::Nanos ns) { return absl::StrCat(ns / sim::kMillisecond, "ms"); }

}  // namespace

std::vector<LeaderAndIsr> LogController::Start(sim::Context& ctx) {
  const auto partitions = static_cast<size_t>(options_.partitions);
  meta_.assign(partitions, {});
  committed_.assign(partitions, 0);
  owner_.assign(partitions, -1);
  for (size_t p = 0; p < partitions; ++p) {
    LeaderAndIsr& m = meta_[p];
    m.partition = static_cast<int64_t>(p);
    if (std::optional<Value> saved = ctx.disk().Get(MetaKey(p)); saved && saved->is_list()) {
      const std::vector<Value>& v = saved->as_list();
      m.leader = v.at(0).as_int();
      m.epoch = v.at(1).as_int();
      for (size_t i = 2; i < v.size(); ++i) m.isr.push_back(v[i].as_int());
    } else {
      const std::vector<sim::EndpointId> replicas = options_.ReplicasOf(static_cast<int>(p));
      m.leader = replicas.front();
      m.isr.assign(replicas.begin(), replicas.end());
    }
    if (std::optional<Value> c = ctx.disk().Get(CommittedKey(p)); c && c->is_int()) {
      committed_[p] = c->as_int();
    }
  }
  for (sim::EndpointId b = 0; b < options_.brokers; ++b) {
    broker_last_ns_[b] = ctx.LocalNow();
    broker_alive_[b] = true;
  }
  Save(ctx);
  return meta_;
}

void LogController::Save(sim::Context& ctx) {
  for (size_t p = 0; p < meta_.size(); ++p) {
    std::vector<Value> v = {Value::Int(meta_[p].leader), Value::Int(meta_[p].epoch)};
    for (int64_t r : meta_[p].isr) v.push_back(Value::Int(r));
    ctx.disk().Put(MetaKey(p), Value::List(std::move(v)));
    ctx.disk().Put(CommittedKey(p), Value::Int(committed_[p]));
  }
  ctx.disk().Sync();
}

bool LogController::Alive(sim::EndpointId broker) const {
  return broker == options_.controller() || broker_alive_.at(broker);
}

std::vector<LeaderAndIsr> LogController::Tick(sim::Context& ctx) {
  std::vector<LeaderAndIsr> out;
  const sim::Nanos now = ctx.LocalNow();
  for (auto& [broker, last_ns] : broker_last_ns_) {
    if (broker == options_.controller() || !broker_alive_[broker]) continue;
    if (now - last_ns <= options_.session_timeout_ns) continue;
    broker_alive_[broker] = false;
    ctx.Note(absl::StrCat("controller: broker ", LogNodeName(broker), " dead (no heartbeat for ",
                          Ms(now - last_ns), ")"));
    BrokerDied(broker, ctx, out);
  }
  for (auto it = members_.begin(); it != members_.end();) {
    const sim::Nanos silent_ns = now - it->second.last_ns;
    if (silent_ns <= options_.session_timeout_ns) {
      ++it;
      continue;
    }
    const sim::EndpointId gone = it->first;
    it = members_.erase(it);
    Rebalance(absl::StrCat(LogNodeName(gone), " left (no heartbeat for ", Ms(silent_ns), ")"),
              silent_ns, ctx);
  }
  if (!out.empty()) Save(ctx);
  if (++ticks_ % kRepublishTicks == 0) return meta_;
  return out;
}

void LogController::BrokerDied(sim::EndpointId broker, sim::Context& ctx,
                            std::vector<LeaderAndIsr>& out) {
  for (LeaderAndIsr& m : meta_) {
    if (!Contains(m.isr, broker)) continue;
    if (m.leader != broker) {  // a follower: out of the ISR
      m.isr.erase(std::find(m.isr.begin(), m.isr.end(), broker));
      out.push_back(m);
      continue;
    }
    std::vector<int64_t> live_isr;
    for (int64_t r : m.isr) {
      if (r != broker && Alive(static_cast<sim::EndpointId>(r))) live_isr.push_back(r);
    }
    ++m.epoch;
    ++elections_;
    if (!live_isr.empty()) {
      m.leader = live_isr.front();
      m.isr = live_isr;
      ctx.Note(absl::StrCat("controller: partition ", m.partition, " leader ",
                            LogNodeName(static_cast<sim::EndpointId>(m.leader)), " (epoch ",
                            m.epoch, ", isr ", Names(m.isr), ")"));
    } else {
      m.leader = -1;  // the ISR stays {broker}: only it may lead again (unless unclean)
      ctx.Note(absl::StrCat("controller: partition ", m.partition,
                            " offline: no in-sync replica alive (isr ", Names(m.isr), ")"));
      if (options_.unclean_leader_election) {
        for (sim::EndpointId r : options_.ReplicasOf(static_cast<int>(m.partition))) {
          if (r != broker && Alive(r)) {
            m.leader = r;
            m.isr = {r};
            ctx.Note(absl::StrCat("controller: unclean election: partition ", m.partition,
                                  " led by out-of-sync ", LogNodeName(r), " (epoch ", m.epoch,
                                  "): what only the ISR had is lost"));
            break;
          }
        }
      }
    }
    out.push_back(m);
  }
}

void LogController::BrokerReturned(sim::EndpointId broker, sim::Context& ctx,
                                std::vector<LeaderAndIsr>& out) {
  for (LeaderAndIsr& m : meta_) {
    if (m.leader >= 0) continue;
    const std::vector<sim::EndpointId> replicas =
        options_.ReplicasOf(static_cast<int>(m.partition));
    const bool replica = std::find(replicas.begin(), replicas.end(), broker) != replicas.end();
    if (Contains(m.isr, broker)) {
      m.leader = broker;
      ctx.Note(absl::StrCat("controller: partition ", m.partition, " back online, leader ",
                            LogNodeName(broker), " (epoch ", m.epoch + 1, ")"));
    } else if (options_.unclean_leader_election && replica) {
      m.leader = broker;
      m.isr = {broker};
      ctx.Note(absl::StrCat("controller: unclean election: partition ", m.partition,
                            " led by out-of-sync ", LogNodeName(broker)));
    } else {
      continue;
    }
    ++m.epoch;
    ++elections_;
    out.push_back(m);
  }
}

std::vector<LeaderAndIsr> LogController::OnBrokerHeartbeat(sim::EndpointId from,
                                                        const BrokerHeartbeat& h,
                                                        sim::Context& ctx, bool* send_all) {
  std::vector<LeaderAndIsr> out;
  if (!options_.IsBroker(from)) return out;
  broker_last_ns_[from] = ctx.LocalNow();
  *send_all = h.fresh;
  if (!broker_alive_[from]) {
    broker_alive_[from] = true;
    *send_all = true;
    ctx.Note(absl::StrCat("controller: broker ", LogNodeName(from), " is back"));
    BrokerReturned(from, ctx, out);
    if (!out.empty()) Save(ctx);
  }
  return out;
}

std::vector<LeaderAndIsr> LogController::OnIsrChange(sim::EndpointId from, const IsrChange& c,
                                                  sim::Context& ctx) {
  if (c.partition < 0 || c.partition >= static_cast<int64_t>(meta_.size())) return {};
  LeaderAndIsr& m = meta_[static_cast<size_t>(c.partition)];
  // Only the current leader, in its epoch, may change the ISR, and never to leave itself.
  if (m.leader != from || m.epoch != c.epoch || !Contains(c.isr, from) || m.isr == c.isr) {
    return {};
  }
  ctx.Note(absl::StrCat("controller: partition ", m.partition, " isr ", Names(m.isr), " -> ",
                        Names(c.isr)));
  m.isr = c.isr;
  Save(ctx);
  return {m};
}

void LogController::OnGroupHeartbeat(sim::EndpointId from, const GroupHeartbeat& h,
                                  sim::Context& ctx) {
  if (!options_.IsConsumer(from)) return;
  auto it = members_.find(from);
  if (it == members_.end()) {
    members_[from].last_ns = ctx.LocalNow();
    Rebalance(absl::StrCat(LogNodeName(from), " joined"), 0, ctx);
    return;
  }
  it->second.last_ns = ctx.LocalNow();
  if (h.generation != generation_) SendAssignment(from, ctx);  // it missed the last one
}

void LogController::Rebalance(const std::string& why, sim::Nanos paused_ns, sim::Context& ctx) {
  ++generation_;
  ++rebalances_;
  paused_ns_total_ += paused_ns;
  std::fill(owner_.begin(), owner_.end(), -1);
  std::vector<std::string> shares;
  const auto count = static_cast<int>(members_.size());
  int index = 0, next = 0;
  for (const auto& [member, m] : members_) {
    // Range assignment: the first (partitions % members) take one partition more.
    const int share = options_.partitions / count + (index < options_.partitions % count ? 1 : 0);
    std::vector<std::string> mine;
    for (int i = 0; i < share; ++i, ++next) {
      owner_[static_cast<size_t>(next)] = member;
      mine.push_back(absl::StrCat(next));
    }
    shares.push_back(absl::StrCat(LogNodeName(member), ":", absl::StrJoin(mine, ",")));
    ++index;
  }
  ctx.Note(absl::StrCat("coordinator: rebalance generation ", generation_, " (", why,
                        "): ", shares.empty() ? "no members" : absl::StrJoin(shares, " "),
                        paused_ns > 0 ? absl::StrCat("; its partitions went unconsumed for ",
                                                     Ms(paused_ns))
                                      : ""));
  for (const auto& [member, m] : members_) SendAssignment(member, ctx);
}

void LogController::SendAssignment(sim::EndpointId member, sim::Context& ctx) const {
  Assignment a{.generation = generation_};
  for (size_t p = 0; p < owner_.size(); ++p) {
    if (owner_[p] != member) continue;
    a.partitions.push_back(static_cast<int64_t>(p));
    a.offsets.push_back(committed_[p]);
    a.leaders.push_back(meta_[p].leader);
  }
  ctx.Send(member, std::move(a));
}

void LogController::OnCommit(sim::EndpointId from, const CommitOffset& c, sim::Context& ctx) {
  if (c.partition < 0 || c.partition >= static_cast<int64_t>(owner_.size())) return;
  const auto p = static_cast<size_t>(c.partition);
  if (c.generation != generation_ || owner_[p] != from) return;  // a zombie's commit
  committed_[p] = c.offset;
  ctx.disk().Put(CommittedKey(p), Value::Int(c.offset));
  ctx.disk().Sync();
}

std::string LogController::Describe() const {
  std::vector<std::string> committed;
  for (int64_t c : committed_) committed.push_back(absl::StrCat(c));
  return absl::StrCat("controller generation=", generation_, " rebalances=", rebalances_,
                      " rebalance_pause=", Ms(paused_ns_total_), " elections=", elections_,
                      " committed=[", absl::StrJoin(committed, ","), "]");
}

}  // namespace faultline::models
