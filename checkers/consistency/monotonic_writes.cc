// monotonic-writes (session_guarantees.h): a session's writes w1 then w2 of a key must not
// be observed in the other order, by a reader that saw w2 and then reads w1 (older than
// w2), or by a final read that returns w1 (older than w2) after w2 was acknowledged.
#include <map>
#include <optional>
#include <set>

#include "absl/strings/str_cat.h"
#include "checkers/consistency/evidence_text.h"
#include "checkers/consistency/final_reads.h"
#include "checkers/consistency/session_guarantees.h"

namespace faultline::checkers::consistency {
namespace {

struct Seen {
  size_t write = 0;  // the writer session's latest write (program order) seen
  size_t read = 0;   // the read that saw it
};

// A value of `o` that an ok write w1 of session s wrote before `later` (of s too), with
// `o` older than `later` as a whole: the pair observed out of order.
std::optional<size_t> EarlierOfSameSession(const KvView& view, const Observation& o, size_t later) {
  if (!view.ObservationPrecedes(o, later)) return std::nullopt;
  for (const std::optional<size_t>& w1 : o.writers) {
    if (w1 && *w1 < later && view.op(*w1).status == Status::kOk &&
        view.op(*w1).process == view.op(later).process) {
      return *w1;
    }
  }
  return std::nullopt;
}

// (a): readers that saw a later write of a session and then an earlier one.
void CheckReaders(const KvView& view, const KvView::Key& key, FindingCollector& found,
                  std::set<size_t>& flagged) {
  // reader -> writer session -> the latest write of that session the reader saw.
  std::map<int64_t, std::map<int64_t, Seen>> seen;
  for (size_t r : key.reads) {
    const Operation& op = view.op(r);
    std::map<int64_t, Seen>& by_writer = seen[op.process];
    const Observation o = view.Observe(r);
    for (const std::optional<size_t>& x : o.writers) {
      if (!x) continue;
      auto it = by_writer.find(view.op(*x).process);
      if (it == by_writer.end()) continue;
      std::optional<size_t> w1 = EarlierOfSameSession(view, o, it->second.write);
      if (!w1) continue;
      const size_t w2 = it->second.write;
      found.Add(
          {key.name,
           view.op(w2).process,
           {{"read", r},
            {"earlier read", it->second.read},
            {"first write", *w1},
            {"second write", w2}},
           absl::StrCat(ReadText(view, r), " after it read ", WrittenText(view, w2), " at ",
                        TimeText(view.op(it->second.read).call), "; ", ClientName(view.op(w2)),
                        " wrote ", WrittenText(view, *w1), " (op ", view.op(*w1).id, ") then ",
                        WrittenText(view, w2), " (op ", view.op(w2).id, ")")});
      flagged.insert(r);
      break;
    }
    for (const std::optional<size_t>& x : o.writers) {
      if (!x) continue;
      auto [it, inserted] = by_writer.try_emplace(view.op(*x).process, Seen{*x, r});
      if (!inserted && *x > it->second.write) it->second = Seen{*x, r};
    }
  }
}

// (b): final reads that return a session's write older than its last acknowledged one.
void CheckFinalReads(const KvView& view, const KvView::Key& key, FindingCollector& found,
                     const std::set<size_t>& flagged) {
  std::map<int64_t, size_t> last_ok;  // session -> its last ok write of the key
  for (size_t w : key.writes) {
    if (view.op(w).status == Status::kOk) last_ok[view.op(w).process] = w;
  }
  for (size_t r : FinalReads(view, key)) {
    if (flagged.count(r) > 0) continue;
    const Observation o = view.Observe(r);
    for (const std::optional<size_t>& x : o.writers) {
      if (!x) continue;
      auto it = last_ok.find(view.op(*x).process);
      if (it == last_ok.end()) continue;
      std::optional<size_t> w1 = EarlierOfSameSession(view, o, it->second);
      if (!w1) continue;
      const size_t w2 = it->second;
      found.Add(
          {key.name,
           view.op(w2).process,
           {{"final read", r}, {"first write", *w1}, {"second write", w2}},
           absl::StrCat("final read: ", ReadText(view, r), ", but ", ClientName(view.op(w2)),
                        " wrote ", WrittenText(view, *w1), " (op ", view.op(*w1).id,
                        ") and then ", WrittenText(view, w2), " (op ", view.op(w2).id,
                        ", acked at ", TimeText(view.op(w2).ret), ")")});
      break;
    }
  }
}

}  // namespace

GuaranteeResult CheckMonotonicWrites(const KvView& view) {
  FindingCollector found("monotonic-writes");
  for (const KvView::Key& key : view.keys()) {
    std::set<size_t> flagged;  // one finding per read
    CheckReaders(view, key, found, flagged);
    CheckFinalReads(view, key, found, flagged);
  }
  return std::move(found).Finish(view.judged_ops());
}

}  // namespace faultline::checkers::consistency
