// RouterNode's side of migrations: the coordinator (n1) queues and runs migrations
// (migration.h; the topology changes that queue them are router_topology.cc); every router
// takes part in their gates and switches.
#include <algorithm>
#include <map>
#include <memory>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "models/shard/router_node.h"

namespace faultline::models::shard {

using sim::Context;
using sim::EndpointId;
using sim::Value;

void RouterNode::StartMigration(Context& ctx) {
  // One migration per source shard, run one after another (each has one source to gate).
  std::map<int, std::vector<int64_t>> by_source;
  for (int64_t k = options_.migrate_first; k <= options_.migrate_last; ++k) {
    const int at = ShardFor(k);
    if (at != options_.migrate_to) by_source[at].push_back(k);  // else already there
  }
  if (by_source.empty()) {
    ctx.Note(absl::StrCat("migrate_at: every key of k", options_.migrate_first, "..k",
                          options_.migrate_last, " is on shard", options_.migrate_to,
                          " already; nothing to move"));
    return;
  }
  for (auto& [from, keys] : by_source) {
    queued_.push_back(
        MigrationPlan{.id = "", .from = from, .to = options_.migrate_to, .keys = std::move(keys)});
  }
  RunNextMigration(ctx);
}

void RouterNode::SaveRoutes(Context& ctx) {
  std::vector<Value> routes;
  for (const auto& [k, s] : overrides_) routes.push_back(KeysValue({k, s}));
  ctx.disk().Put("routes", Value::List(std::move(routes)));
  ctx.disk().Put("route_version", Value::Int(route_version_));
  ctx.disk().Sync();
}

void RouterNode::RunNextMigration(Context& ctx) {
  if (active_ || queued_.empty()) return;
  registered_.clear();
  registered_keys_.clear();
  MigrationPlan plan = std::move(queued_.front());
  queued_.pop_front();
  plan.id = absl::StrCat("m", ++migrations_started_);
  active_ = std::make_unique<Migration>(
      std::move(plan),
      MigrationSettings{.copy_parallel = options_.copy_parallel,
                        .validation = options_.validation,
                        .gating = options_.gating,
                        .validation_passes_max = options_.validation_passes_max},
      route_version_, *this);
  Context* c = &ctx;
  active_->Start(
      [this, c]() {
        ++migrations_done_;
        // Destroyed later, not inside its own callback.
        retired_.push_back(std::move(active_));
        RunNextMigration(*c);
      },
      ctx);
}

// --- MigrationHost ---------------------------------------------------------------------------

void RouterNode::Register(const MigrationPlan& plan, Context& ctx) {
  moving_failed_ = 0;
  registered_ = plan.id;
  registered_keys_ = std::set<int64_t>(plan.keys.begin(), plan.keys.end());
  for (EndpointId r = 1; r < options_.routers; ++r) {
    ctx.Send(
        r,
        ShardRegister{
            .migration = plan.id, .from = plan.from, .to = plan.to, .keys = KeysValue(plan.keys)});
  }
}

void RouterNode::GateKeys(const MigrationPlan& plan, int64_t version, std::function<void()> drained,
                          Context& ctx) {
  held_total_ = 0;
  gate_acked_.clear();
  local_drained_ = false;
  gate_done_ = std::move(drained);
  gate_sent_ = ShardGate{.migration = plan.id, .version = version, .keys = KeysValue(plan.keys)};
  for (EndpointId r = 1; r < options_.routers; ++r) ctx.Send(r, *gate_sent_);
  if (options_.routers > 1) ctx.SetTimer(options_.call_timeout_ns, kGateResendTag);
  gate_ = Gate{.migration = plan.id,
               .keys = std::set<int64_t>(plan.keys.begin(), plan.keys.end()),
               .drained = [this]() {
                 local_drained_ = true;
                 MaybeGateDone();
               }};
  CheckGateDrained();
}

void RouterNode::MaybeGateDone() {
  if (!local_drained_ || !gate_done_) return;
  if (static_cast<int>(gate_acked_.size()) < options_.routers - 1) return;
  gate_sent_.reset();
  std::exchange(gate_done_, nullptr)();
}

void RouterNode::ResendGateMessages(Context& ctx) {
  if (ctx.self() == 0) {
    if (!gate_sent_) return;  // every router acked
    for (EndpointId r = 1; r < options_.routers; ++r) {
      if (gate_acked_.count(r) == 0) ctx.Send(r, *gate_sent_);
    }
  } else {
    // Gated and drained, and the switch has not come: it (or the ack) may have been lost.
    if (!gate_ || !gate_drained_) return;
    ctx.Send(gate_from_, GateAckFor(gate_->migration, gate_version_));
  }
  ctx.SetTimer(options_.call_timeout_ns, kGateResendTag);
}

ShardGateAck RouterNode::GateAckFor(const std::string& migration, int64_t version) const {
  std::vector<int64_t> written;
  for (int64_t k : written_keys_) {
    if (gate_ && gate_->keys.count(k) > 0) written.push_back(k);
  }
  return ShardGateAck{.migration = migration, .version = version, .written = KeysValue(written)};
}

void RouterNode::CheckGateDrained() {
  if (!gate_ || !gate_->drained) return;
  for (int64_t k : gate_->keys) {
    if (in_flight_.count(k) > 0) return;
  }
  std::exchange(gate_->drained, nullptr)();
}

void RouterNode::SwitchKeys(const MigrationPlan& plan, int64_t version, Context& ctx) {
  const ShardSwitch m{
      .migration = plan.id, .version = version, .to = plan.to, .keys = KeysValue(plan.keys)};
  switches_[plan.id] = m;
  for (EndpointId r = 1; r < options_.routers; ++r) ctx.Send(r, m);
  ApplySwitch(plan.keys, plan.to, version, ctx);
}

void RouterNode::ApplySwitch(const std::vector<int64_t>& keys, int to, int64_t version,
                             Context& ctx) {
  for (int64_t k : keys) {
    if (placement_->ShardOf(k) == to) {
      overrides_.erase(k);
    } else {
      overrides_[k] = to;
    }
  }
  route_version_ = std::max(route_version_, version);
  SaveRoutes(ctx);  // before any request takes the new route
  ctx.Note(absl::StrCat("route version ", route_version_, ": ", keys.size(), " keys -> shard", to));
  // Gated, nothing is in flight to the source any more. Ungated, writes still in flight
  // there are acked after the switch and copied on top of newer writes at the target:
  // the race the missing gate lets through, so keep reporting them.
  if (options_.gating) {
    registered_.clear();
    registered_keys_.clear();
  }
  gate_.reset();
  gate_drained_ = false;
  written_keys_.clear();
  std::vector<std::pair<EndpointId, sim::ClientRequest>> held = std::move(held_);
  held_.clear();
  for (auto& [client, req] : held) Handle(client, req, ctx);
}

// --- Messages from the other routers ---------------------------------------------------------

void RouterNode::Handle(EndpointId /*from*/, const ShardRegister& m, Context& /*ctx*/) {
  registered_ = m.migration;
  const std::vector<int64_t> keys = KeysOf(m.keys);
  registered_keys_ = std::set<int64_t>(keys.begin(), keys.end());
}

void RouterNode::Handle(EndpointId /*from*/, const ShardAcked& m, Context& ctx) {
  if (active_ && active_->plan().id == m.migration) active_->OnSourceAck(m.key, ctx);
}

void RouterNode::Handle(EndpointId from, const ShardGate& m, Context& ctx) {
  // A resend (or network duplicate) overtaken by its own switch: the coordinator has all
  // the acks and sends no further switch, so gating again would hold the keys forever.
  if (m.version <= route_version_) return;
  if (gate_ && gate_->migration == m.migration) {
    // A resend: the ack was lost (or is on its way). Ack again once drained.
    if (gate_drained_) ctx.Send(from, GateAckFor(m.migration, m.version));
    return;
  }
  const std::vector<int64_t> keys = KeysOf(m.keys);
  held_total_ = 0;
  gate_from_ = from;
  gate_version_ = m.version;
  gate_drained_ = false;
  Context* c = &ctx;
  gate_ = Gate{.migration = m.migration,
               .keys = std::set<int64_t>(keys.begin(), keys.end()),
               .drained = [this, c]() {
                 gate_drained_ = true;
                 // Acked, the coordinator may switch while this router is down: the gate
                 // must outlive a crash, or a restart would route the keys to the source.
                 c->disk().Put("gate",
                               Value::List({Value::Str(gate_->migration), Value::Int(gate_version_),
                                            KeysValue({gate_->keys.begin(), gate_->keys.end()}),
                                            Value::Int(gate_from_)}));
                 c->disk().Sync();
                 c->Send(gate_from_, GateAckFor(gate_->migration, gate_version_));
                 c->SetTimer(options_.call_timeout_ns, kGateResendTag);
               }};
  CheckGateDrained();
}

void RouterNode::RestoreGate(Context& ctx) {
  const std::optional<Value> saved = ctx.disk().Get("gate");
  if (!saved || !saved->is_list() || saved->as_list().size() != 4) return;
  const std::vector<Value>& g = saved->as_list();
  gate_version_ = g[1].int_or(0);
  if (gate_version_ <= route_version_) return;  // its switch came before the crash
  const std::vector<int64_t> keys = KeysOf(g[2]);
  gate_from_ = static_cast<EndpointId>(g[3].int_or(0));
  gate_ = Gate{.migration = g[0].is_string() ? g[0].as_string() : std::string(),
               .keys = std::set<int64_t>(keys.begin(), keys.end()),
               .drained = nullptr};
  gate_drained_ = true;  // nothing is in flight after a restart
  ctx.Note(absl::StrCat("restored the gate of ", gate_->migration, " (", keys.size(),
                        " keys held until its switch)"));
  ctx.Send(gate_from_, GateAckFor(gate_->migration, gate_version_));
  ctx.SetTimer(options_.call_timeout_ns, kGateResendTag);
}

void RouterNode::Handle(EndpointId from, const ShardGateAck& m, Context& ctx) {
  if (auto done = switches_.find(m.migration); done != switches_.end()) {
    ctx.Send(from, done->second);  // switched already: the switch was lost on its way
    return;
  }
  if (!active_ || active_->plan().id != m.migration || !gate_sent_) return;
  if (!gate_acked_.insert(from).second) return;  // a repeat
  // Writes the other router relayed: copy them again, in case a ShardAcked was lost.
  for (int64_t k : KeysOf(m.written)) active_->OnSourceAck(k, ctx);
  MaybeGateDone();
}

void RouterNode::Handle(EndpointId /*from*/, const ShardSwitch& m, Context& ctx) {
  // A resent switch this router applied already, or an older one overtaken by a newer:
  // applying it again could move keys back.
  if (m.version <= route_version_) return;
  ApplySwitch(KeysOf(m.keys), static_cast<int>(m.to), m.version, ctx);
}

}  // namespace faultline::models::shard
