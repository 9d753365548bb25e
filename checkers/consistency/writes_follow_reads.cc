// writes-follow-reads (session_guarantees.h): a session that read v (on key A) and then
// wrote w (on any key) put w after v; any session that has seen w must not later read
// a value of A preceding v. Terry's guarantee spans keys: on one key alone it is implied
// by monotonic-reads (the value v was visible before w was invoked), so the cross-key
// case is where it says something new.
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "checkers/consistency/evidence_text.h"
#include "checkers/consistency/newest_seen.h"
#include "checkers/consistency/session_guarantees.h"

namespace faultline::checkers::consistency {
namespace {

// What a session had read when it wrote: by key, the newest value seen. Shared between
// the writes of a session that read nothing new in between.
using Reads = std::map<std::string, NewestSeen>;

// A reader's floor on one key: the value v it must reflect, because it saw a write w
// whose writer had read v first.
struct Floor {
  NewestSeen v;      // v's write, and the writer's read of v
  size_t w = 0;      // the write that followed the read of v
  size_t saw_w = 0;  // the reader's read that returned w
};

bool IsRead(const Operation& op) {
  return op.f == "read" && op.status == Status::kOk && op.output.kind != Value::Kind::kUnknown;
}

bool Judged(const Operation& op) { return op.status != Status::kFail; }

// For each write: what its session had read before it.
std::map<size_t, std::shared_ptr<const Reads>> WriteCauses(const KvView& view) {
  struct Session {
    Reads reads;
    std::shared_ptr<const Reads> snapshot;  // reads as of the last snapshot; null: changed
  };
  std::map<int64_t, Session> sessions;
  std::map<size_t, std::shared_ptr<const Reads>> causes;
  const std::vector<Operation>& ops = view.history().ops;
  for (size_t i = 0; i < ops.size(); ++i) {
    const Operation& op = ops[i];
    if (!Judged(op)) continue;
    Session& s = sessions[op.process];
    if (KvView::IsWrite(op)) {
      if (s.reads.empty()) continue;
      if (!s.snapshot) s.snapshot = std::make_shared<const Reads>(s.reads);
      causes[i] = s.snapshot;
    } else if (IsRead(op)) {
      std::optional<NewestSeen> newest;
      if (auto it = s.reads.find(op.key); it != s.reads.end()) newest = it->second;
      NewestSeen::Update(view, view.Observe(i), i, newest);
      if (newest) {
        auto [it, inserted] = s.reads.try_emplace(op.key, *newest);
        if (inserted || it->second.write != newest->write) {
          it->second = *newest;
          s.snapshot = nullptr;
        }
      }
    }
  }
  return causes;
}

std::string Explain(const KvView& view, size_t r, const Observation& o, const Floor& f) {
  const std::string why = WhyOlder(view, o, f.v.write);
  return absl::StrCat(ReadText(view, r), " after it read ", view.op(f.saw_w).key, " -> ",
                      WrittenText(view, f.w), " at ", TimeText(view.op(f.saw_w).call),
                      ", which process ", view.op(f.w).process, " wrote after reading ",
                      view.op(f.v.read).key, " -> ", WrittenText(view, f.v.write), " at ",
                      TimeText(view.op(f.v.read).call), why.empty() ? "" : " (", why,
                      why.empty() ? "" : ")");
}

}  // namespace

GuaranteeResult CheckWritesFollowReads(const KvView& view) {
  FindingCollector found("writes-follow-reads");
  const std::map<size_t, std::shared_ptr<const Reads>> causes = WriteCauses(view);
  std::map<int64_t, std::map<std::string, Floor>> floors;  // reader -> key -> floor
  const std::vector<Operation>& ops = view.history().ops;
  for (size_t r = 0; r < ops.size(); ++r) {
    const Operation& op = ops[r];
    if (!IsRead(op)) continue;
    std::map<std::string, Floor>& mine = floors[op.process];
    const Observation o = view.Observe(r);
    if (auto it = mine.find(op.key);
        it != mine.end() && view.ObservationPrecedes(o, it->second.v.write)) {
      const Floor& f = it->second;
      found.Add({op.key, op.process,
                 {{"read", r},
                  {"read of w", f.saw_w},
                  {"w", f.w},
                  {"writer's read of v", f.v.read},
                  {"v", f.v.write}},
                 Explain(view, r, o, f)});
    }
    for (const std::optional<size_t>& w : o.writers) {
      if (!w) continue;
      auto cause = causes.find(*w);
      if (cause == causes.end()) continue;
      for (const auto& [key, v] : *cause->second) {
        auto [it, inserted] = mine.try_emplace(key, Floor{v, *w, r});
        if (!inserted && view.op(v.write).call > view.op(it->second.v.write).call) {
          it->second = Floor{v, *w, r};
        }
      }
    }
  }
  return std::move(found).Finish(view.judged_ops());
}

}  // namespace faultline::checkers::consistency
