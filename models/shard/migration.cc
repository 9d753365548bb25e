#include "models/shard/migration.h"

#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/check.h"
#include "base/strings.h"

namespace faultline::models::shard {
namespace {

using sim::Value;

// The shared progress of one RunBounded.
struct MigrationBatch {
  std::vector<int64_t> keys;
  size_t next = 0;
  size_t finished = 0;
  std::function<void()> all_done;
};

}  // namespace

Migration::Migration(MigrationPlan plan, MigrationSettings settings, int64_t version,
                     MigrationHost& host)
    : plan_(std::move(plan)),
      key_set_(plan_.keys.begin(), plan_.keys.end()),
      settings_(settings),
      version_(version),
      host_(host) {}

std::string_view Migration::PhaseName(Phase p) {
  switch (p) {
    case Phase::kRegistration:
      return "registration";
    case Phase::kBulkImport:
      return "bulk-import";
    case Phase::kAsyncReplication:
      return "async-replication";
    case Phase::kValidation:
      return "validation";
    case Phase::kCutover:
      return "cutover";
    case Phase::kCleanup:
      return "cleanup";
    case Phase::kDone:
      return "done";
  }
  return "?";
}

bool Migration::Moves(int64_t key) const { return key_set_.count(key) > 0; }

void Migration::Enter(Phase p, std::vector<std::pair<std::string, Value>> extra,
                      sim::Context& ctx) {
  phase_ = p;
  std::vector<std::pair<std::string, Value>> detail = {
      {"from", Value::Int(plan_.from)},
      {"to", Value::Int(plan_.to)},
      {"keys", Value::Int(static_cast<int64_t>(plan_.keys.size()))},
      {"version", Value::Int(version_)}};
  for (auto& d : extra) detail.push_back(std::move(d));
  ctx.Note(absl::StrCat("migration ", plan_.id, " ", Sv(PhaseName(p)), ": shard", plan_.from,
                        " -> shard", plan_.to, ", ", plan_.keys.size(), " keys"));
  ctx.Observe({.f = "phase",
               .key = Value::Str(plan_.id),
               .value = Value::Str(std::string(PhaseName(p))),
               .detail = std::move(detail)});
}

void Migration::Start(std::function<void()> on_done, sim::Context& ctx) {
  on_done_ = std::move(on_done);
  // Durable before anything moves: a restarted coordinator knows the migration existed.
  ctx.disk().Put(absl::StrCat("migration/", plan_.id),
                 Value::Str(absl::StrCat("registered v", version_, " shard", plan_.from, "->shard",
                                         plan_.to)));
  ctx.disk().Sync();
  replicating_ = true;
  host_.Register(plan_, ctx);
  Enter(Phase::kRegistration, {}, ctx);
  BulkImport(ctx);
}

void Migration::RunBounded(std::vector<int64_t> keys, Work work, std::function<void()> all_done) {
  auto batch = std::make_shared<MigrationBatch>();
  batch->keys = std::move(keys);
  batch->all_done = std::move(all_done);
  if (batch->keys.empty()) return batch->all_done();
  // Each finish starts the next key, so at most copy_parallel run at once.
  auto start_next = std::make_shared<std::function<void()>>();
  *start_next = [batch, work, start_next]() {
    if (batch->next >= batch->keys.size()) return;
    const int64_t key = batch->keys[batch->next++];
    work(key, [batch, start_next]() {
      ++batch->finished;
      if (batch->finished == batch->keys.size()) {
        batch->all_done();
        *start_next = nullptr;  // breaks the cycle batch <-> start_next
        return;
      }
      (*start_next)();
    });
  };
  const size_t first = std::min<size_t>(batch->keys.size(), settings_.copy_parallel);
  for (size_t i = 0; i < first; ++i) (*start_next)();
}

void Migration::ReadKey(int shard, int64_t key, std::function<void(std::optional<Value>)> done,
                        sim::Context& ctx, int tries) {
  sim::Context* c = &ctx;
  host_.ShardCall(
      shard, "read", key, Value(),
      [this, shard, key, done, c, tries](const std::optional<sim::ClientReply>& r) {
        if (r && r->ok) return done(r->value);
        if (tries + 1 >= settings_.copy_tries_max) {
          c->Note(
              absl::StrCat("migration ", plan_.id, ": gave up reading k", key, " at shard", shard));
          ++skipped_;
          return done(std::nullopt);
        }
        ReadKey(shard, key, done, *c, tries + 1);
      },
      ctx);
}

void Migration::WriteKey(int shard, int64_t key, Value value, std::function<void(bool)> done,
                         sim::Context& ctx, int tries) {
  sim::Context* c = &ctx;
  host_.ShardCall(
      shard, "write", key, value,
      [this, shard, key, value, done, c, tries](const std::optional<sim::ClientReply>& r) {
        if (r && r->ok) return done(true);
        if (tries + 1 >= settings_.copy_tries_max) {
          c->Note(
              absl::StrCat("migration ", plan_.id, ": gave up writing k", key, " at shard", shard));
          ++skipped_;
          return done(false);
        }
        WriteKey(shard, key, value, done, *c, tries + 1);
      },
      ctx);
}

void Migration::BulkImport(sim::Context& ctx) {
  Enter(Phase::kBulkImport, {}, ctx);
  sim::Context* c = &ctx;
  // A snapshot first (every key read at the source), then the writes: as a bulk load from
  // a snapshot does. A write acked between a key's read and its import is copied by
  // async replication, and the import may then land on top of the newer copy.
  RunBounded(
      plan_.keys,
      [this, c](int64_t key, std::function<void()> finish) {
        ReadKey(
            plan_.from, key,
            [this, key, finish](std::optional<Value> v) {
              if (v) snapshot_[key] = *v;
              finish();
            },
            *c);
      },
      [this, c]() {
        std::vector<int64_t> keys;
        for (const auto& entry : snapshot_) keys.push_back(entry.first);
        RunBounded(
            keys,
            [this, c](int64_t key, std::function<void()> finish) {
              WriteKey(
                  plan_.to, key, snapshot_[key],
                  [this, finish](bool ok) {
                    if (ok) ++imported_;
                    finish();
                  },
                  *c);
            },
            [this, c]() {
              Enter(Phase::kAsyncReplication,
                    {{"imported", Value::Int(imported_)}, {"copies", Value::Int(copies_done_)}},
                    *c);
              if (settings_.validation) return ValidationPass(*c);
              Cutover(*c);
            });
      });
}

void Migration::ValidationPass(sim::Context& ctx) {
  ++validation_passes_;
  mismatches_ = 0;
  // Each phase line marks the phase's start, so a reader times a pass from its line to
  // the next; the pass's mismatches go to the trace, and what the last pass left to the
  // cutover's line.
  Enter(Phase::kValidation, {{"pass", Value::Int(validation_passes_)}}, ctx);
  sim::Context* c = &ctx;
  RunBounded(
      plan_.keys,
      [this, c](int64_t key, std::function<void()> finish) {
        ReadKey(
            plan_.from, key,
            [this, c, key, finish](std::optional<Value> source) {
              ReadKey(
                  plan_.to, key,
                  [this, c, key, source, finish](std::optional<Value> target) {
                    if (!source || !target || *source != *target) {
                      ++mismatches_;
                      EnqueueCopy(key, *c);
                    }
                    finish();
                  },
                  *c);
            },
            *c);
      },
      [this, c]() {
        // Not waiting for the copies to go idle: under steady writes to a hot key they
        // rarely do. The next pass compares again; the cutover drains them.
        c->Note(absl::StrCat("migration ", plan_.id, " validation pass ", validation_passes_,
                             ": ", mismatches_, " mismatch(es)"));
        if (mismatches_ > 0 && validation_passes_ < settings_.validation_passes_max) {
          return ValidationPass(*c);
        }
        Cutover(*c);
      });
}

void Migration::Cutover(sim::Context& ctx) {
  sim::Context* c = &ctx;
  hold_start_ns_ = ctx.LocalNow();
  // The phase starts with the hold (gated) or is the switch itself (ungated); the
  // `cutover` line at the switch gives the hold's length.
  Enter(Phase::kCutover,
        {{"gating", Value::Str(settings_.gating ? "on" : "off")},
         {"validation_passes", Value::Int(validation_passes_)},
         {"mismatches_left", Value::Int(settings_.validation ? mismatches_ : -1)}},
        ctx);
  auto finish = [this, c]() {
    held_ns_ = settings_.gating ? c->LocalNow() - hold_start_ns_ : 0;
    const int64_t held = settings_.gating ? host_.held_requests() : 0;
    ++version_;
    host_.SwitchKeys(plan_, version_, *c);
    c->Observe(
        {.f = "cutover",
         .key = Value::Str(plan_.id),
         .value = Value::Int(held_ns_),
         .detail = {{"held", Value::Int(held)}, {"failed", Value::Int(host_.failed_requests())}}});
    // Gated, the copies drained before the switch. Ungated, nothing drains: cleanup
    // starts at once while copies and in-flight writes still land at both sides: the
    // race that the gate prevents.
    Cleanup(*c);
  };
  if (!settings_.gating) return finish();
  host_.GateKeys(
      plan_, version_ + 1, [this, finish]() { WhenCopiesIdle(finish); }, ctx);
}

void Migration::Cleanup(sim::Context& ctx) {
  replicating_ = false;
  Enter(Phase::kCleanup, {}, ctx);
  sim::Context* c = &ctx;
  RunBounded(
      plan_.keys,
      [this, c](int64_t key, std::function<void()> finish) {
        WriteKey(
            plan_.from, key, Value(), [finish](bool) { finish(); }, *c);
      },
      [this, c]() {
        c->disk().Put(absl::StrCat("migration/", plan_.id),
                      Value::Str(absl::StrCat("done v", version_)));
        c->disk().Sync();
        Enter(Phase::kDone, {{"held_ns", Value::Int(held_ns_)}, {"skipped", Value::Int(skipped_)}},
              *c);
        if (on_done_) on_done_();
      });
}

void Migration::OnSourceAck(int64_t key, sim::Context& ctx) {
  if (!replicating_ || !Moves(key)) return;
  EnqueueCopy(key, ctx);
}

void Migration::EnqueueCopy(int64_t key, sim::Context& ctx) {
  CopyState& s = copies_[key];
  if (s.running) {
    s.again = true;  // coalesced: the next copy reads the newest value anyway
    return;
  }
  RunCopy(key, ctx);
}

void Migration::RunCopy(int64_t key, sim::Context& ctx) {
  CopyState& s = copies_[key];
  s.running = true;
  s.again = false;
  ++copies_running_;
  sim::Context* c = &ctx;
  // The value is read back at the source rather than taken from the ack: acks of two
  // writes can arrive out of order, a read after both cannot be older than either.
  ReadKey(
      plan_.from, key,
      [this, c, key](std::optional<Value> v) {
        auto after = [this, c, key](bool) {
          CopyState& st = copies_[key];
          st.running = false;
          --copies_running_;
          ++copies_done_;
          if (st.again) return RunCopy(key, *c);
          CheckCopiesIdle();
        };
        if (!v) return after(false);
        WriteKey(plan_.to, key, *v, after, *c);
      },
      ctx);
}

void Migration::WhenCopiesIdle(std::function<void()> then) {
  when_idle_.push_back(std::move(then));
  CheckCopiesIdle();
}

void Migration::CheckCopiesIdle() {
  if (copies_running_ > 0 || when_idle_.empty()) return;
  std::vector<std::function<void()>> ready = std::move(when_idle_);
  when_idle_.clear();
  for (auto& f : ready) f();
}

std::string Migration::Describe() const {
  return absl::StrCat(plan_.id, " shard", plan_.from, "->shard", plan_.to,
                      " keys=", plan_.keys.size(), " phase=", Sv(PhaseName(phase_)),
                      " copies=", copies_done_, " passes=", validation_passes_,
                      " held_ns=", held_ns_);
}

}  // namespace faultline::models::shard
