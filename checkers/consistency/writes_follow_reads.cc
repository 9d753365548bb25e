// writes-follow-reads (session_guarantees.h): a session that read v (on key A) and then
// wrote w (on any key) put w after v; any session that has seen w must not later read
// a value of A preceding v. Terry's guarantee spans keys: on one key alone it is implied
// by monotonic-reads (the value v was visible before w was invoked), so the cross-key
// case is where it says something new.
//
// Cost: what a session had read grows monotonically in its program order, so a reader
// only needs, per writing session, the latest write of it that it has seen; a read then
// looks up, for each such session, the newest value of its key that session had read
// before that write (a binary search). No per-key snapshot is copied: O(ops x sessions
// seen x log) rather than O(ops x keys).
#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "checkers/consistency/evidence_text.h"
#include "checkers/consistency/newest_seen.h"
#include "checkers/consistency/session_guarantees.h"

namespace faultline::checkers::consistency {
namespace {

bool IsRead(const Operation& op) {
  return op.f == "read" && op.status == Status::kOk && op.output.kind != Value::Kind::kUnknown;
}

// For one session and key, the newest value it had read, each time that changed: by the
// index of the read that changed it (increasing).
using ReadChanges = std::vector<NewestSeen>;

class SessionReads {
 public:
  explicit SessionReads(const KvView& view) {
    const std::vector<Operation>& ops = view.history().ops;
    for (size_t i = 0; i < ops.size(); ++i) {
      if (!IsRead(ops[i])) continue;
      ReadChanges& changes = by_session_[ops[i].process][ops[i].key];
      std::optional<NewestSeen> newest;
      if (!changes.empty()) newest = changes.back();
      NewestSeen::Update(view, view.Observe(i), i, newest);
      if (newest && (changes.empty() || changes.back().write != newest->write)) {
        changes.push_back(*newest);
      }
    }
  }

  // The newest value of `key` that `session` had read before op `before`, if any.
  std::optional<NewestSeen> Before(int64_t session, const std::string& key, size_t before) const {
    auto s = by_session_.find(session);
    if (s == by_session_.end()) return std::nullopt;
    auto k = s->second.find(key);
    if (k == s->second.end()) return std::nullopt;
    const ReadChanges& changes = k->second;
    auto it = std::lower_bound(changes.begin(), changes.end(), before,
                               [](const NewestSeen& c, size_t i) { return c.read < i; });
    if (it == changes.begin()) return std::nullopt;
    return *(it - 1);
  }

 private:
  std::map<int64_t, std::map<std::string, ReadChanges>> by_session_;
};

// A write a reader has seen: the latest of its session, and the read that saw it.
struct SeenWrite {
  size_t w = 0;
  size_t saw_w = 0;
};

// The value v a read of `key` must reflect, with the write w that imposes it.
struct Floor {
  NewestSeen v;
  SeenWrite by;
};

std::optional<Floor> FloorOf(const KvView& view, const SessionReads& reads,
                             const std::map<int64_t, SeenWrite>& seen, const std::string& key) {
  std::optional<Floor> floor;
  for (const auto& [session, s] : seen) {
    std::optional<NewestSeen> v = reads.Before(session, key, s.w);
    if (!v) continue;
    if (!floor || view.op(v->write).call > view.op(floor->v.write).call) floor = Floor{*v, s};
  }
  return floor;
}

std::string Explain(const KvView& view, size_t r, const Observation& o, const Floor& f) {
  const std::string why = WhyOlder(view, o, f.v.write);
  return absl::StrCat(ReadText(view, r), " after it read ", view.op(f.by.saw_w).key, " -> ",
                      WrittenText(view, f.by.w), " at ", TimeText(view.op(f.by.saw_w).call),
                      ", which ", OpName(view.op(f.by.w)), " wrote after reading ",
                      view.op(f.v.read).key, " -> ", WrittenText(view, f.v.write), " at ",
                      TimeText(view.op(f.v.read).call), why.empty() ? "" : " (", why,
                      why.empty() ? "" : ")");
}

}  // namespace

GuaranteeResult CheckWritesFollowReads(const KvView& view) {
  FindingCollector found("writes-follow-reads");
  const SessionReads reads(view);
  // reader -> writing session -> the latest write of that session the reader has seen.
  std::map<int64_t, std::map<int64_t, SeenWrite>> seen;
  const std::vector<Operation>& ops = view.history().ops;
  for (size_t r = 0; r < ops.size(); ++r) {
    const Operation& op = ops[r];
    if (!IsRead(op)) continue;
    std::map<int64_t, SeenWrite>& mine = seen[op.process];
    const Observation o = view.Observe(r);
    if (std::optional<Floor> f = FloorOf(view, reads, mine, op.key);
        f && view.ObservationPrecedes(o, f->v.write)) {
      found.Add({op.key,
                 op.process,
                 {{"read", r},
                  {"read of w", f->by.saw_w},
                  {"w", f->by.w},
                  {"writer's read of v", f->v.read},
                  {"v", f->v.write}},
                 Explain(view, r, o, *f)});
    }
    for (const std::optional<size_t>& w : o.writers) {
      if (!w) continue;
      auto [it, inserted] = mine.try_emplace(view.op(*w).process, SeenWrite{*w, r});
      if (!inserted && *w > it->second.w) it->second = SeenWrite{*w, r};
    }
  }
  return std::move(found).Finish(view.judged_ops());
}

}  // namespace faultline::checkers::consistency
