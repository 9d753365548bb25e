#include "checkers/locks/mutex_check.h"

#include <algorithm>
#include <map>
#include <numeric>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "base/time.h"
#include "checkers/locks/holds.h"
#include "checkers/mutex_spec.h"

namespace faultline::checkers::locks {
namespace {

std::string At(int64_t ns) { return FormatDuration(ns); }

struct Named {
  Operation op;
  std::string name;
  const Hold* hold = nullptr;
};

}  // namespace

MutexHistory BuildMutexHistory(const LockHistory& history) {
  const Holds holds = BuildHolds(history);
  std::map<std::string, int64_t> process;  // holder -> process id, by name
  for (const Hold& h : holds.holds) process.emplace(h.holder(), 0);
  int64_t next = 0;
  for (auto& [holder, id] : process) id = ++next;
  std::vector<Named> ops;
  for (const Hold& h : holds.holds) {
    const Acquire& a = *h.acquire;
    Operation acquire;
    acquire.client = h.holder();
    acquire.process = process.at(h.holder());
    acquire.f = "acquire";
    acquire.key = a.key;
    acquire.input = Value::Int(a.token);
    acquire.status = Status::kOk;
    acquire.call = std::clamp<int64_t>(a.first_attempt_ns(), 0, a.time_ns);
    acquire.ret = a.time_ns;
    acquire.line = a.line;
    ops.push_back(
        {acquire,
         absl::StrCat("acquire by ", h.holder(), " (op ", a.op, ", token ", a.token, ") at [",
                      At(acquire.call), ", ", At(acquire.ret), "], line ", a.line),
         &h});
    if (h.release == nullptr && h.restart != nullptr) {
      // The pod crashed while holding: the belief ended at some point between the
      // acquire and the restart line, so the release op spans that interval.
      Operation release = acquire;
      release.f = "release";
      release.call = a.time_ns;
      release.ret = h.restart->time_ns;
      release.line = h.restart->line;
      ops.push_back(
          {release,
           absl::StrCat("crash of ", a.node, " (restarted at ", At(h.restart->time_ns), ", line ",
                        h.restart->line, ") ending the hold of ", h.holder(), " (op ", a.op, ")"),
           &h});
      continue;
    }
    if (h.release == nullptr) continue;
    Operation release = acquire;
    release.f = "release";
    release.call = release.ret = h.release->time_ns;
    release.line = h.release->line;
    ops.push_back(
        {release,
         absl::StrCat(h.release->outcome == "abandoned" ? "abandon" : "release", " by ", h.holder(),
                      " (op ", a.op, ") at ", At(h.release->time_ns), ", line ", h.release->line),
         &h});
  }
  std::stable_sort(ops.begin(), ops.end(), [](const Named& x, const Named& y) {
    return std::tie(x.op.call, x.op.line) < std::tie(y.op.call, y.op.line);
  });
  MutexHistory out;
  out.history.source = history.source;
  out.history.format = "faultline";
  out.history.notes = holds.notes;
  for (size_t i = 0; i < ops.size(); ++i) {
    ops[i].op.id = static_cast<int64_t>(i) + 1;
    out.history.ops.push_back(std::move(ops[i].op));
    out.names.push_back(std::move(ops[i].name));
  }
  return out;
}

namespace {

constexpr char kExpired[] =
    "The server granted the lock again while %s still believed it held it: the lease "
    "expired under it (a pause past its TTL, or a clock jump on the server)";

std::string Expired(const std::string& holder) {
  std::string out = kExpired;
  out.replace(out.find("%s"), 2, holder);
  return out;
}

// The first two holds on `key` that overlap (the later acquire returned while the earlier
// holder had not released): exactly what makes a mutex history of ok ops unplaceable, and
// named by holder, which the search (the spec tracks no owner) cannot do.
std::string FirstOverlap(const LockHistory& history, const std::string& key) {
  const Holds holds = BuildHolds(history);
  for (size_t j = 0; j < holds.holds.size(); ++j) {
    const Hold& newer = holds.holds[j];
    if (newer.key() != key) continue;
    for (size_t i = 0; i < j; ++i) {
      const Hold& stale = holds.holds[i];
      if (stale.key() != key || stale.end_ns <= newer.start_ns) continue;
      if (stale.holder() == newer.holder()) continue;
      const Acquire& a = *stale.acquire;
      const Acquire& b = *newer.acquire;
      return absl::StrCat(
          key, ": the acquire by ", newer.holder(), " (op ", b.op, ", token ", b.token,
          ") returned at ", At(b.time_ns), " (line ", b.line, ") while ", stale.holder(),
          " still held the lock: its acquire (op ", a.op, ", token ", a.token, ") returned at ",
          At(a.time_ns), " and ",
          stale.release != nullptr   ? absl::StrCat("its release came only at ", At(stale.end_ns))
          : stale.restart != nullptr ? absl::StrCat("its pod restarted only at ", At(stale.end_ns))
                                     : std::string("it never released it in the history"),
          ". ", Expired(stale.holder()));
    }
  }
  return "";
}

// Who holds the lock after the longest linearizable prefix: its last acquire not followed
// by a release (the order the search chose), for a violation FirstOverlap cannot name.
std::string FromPrefix(const MutexHistory& m, const Violation& v) {
  const std::vector<Operation>& ops = m.history.ops;
  const Operation& stuck = ops[v.stuck_op];
  std::string out = absl::StrCat(stuck.key, ": the ", m.names[v.stuck_op], " cannot be placed");
  constexpr size_t kNone = static_cast<size_t>(-1);
  size_t holder = kNone;
  for (size_t i : v.longest_prefix) {
    if (ops[i].key != stuck.key) continue;
    if (ops[i].f == "acquire") holder = i;
    if (ops[i].f == "release") holder = kNone;
  }
  if (stuck.f == "acquire" && holder != kNone) {
    absl::StrAppend(&out, ": the lock is still held after the ", m.names[holder], ". ",
                    Expired(ops[holder].client));
  }
  return out;
}

std::string Evidence(const LockHistory& history, const MutexHistory& m, const Violation& v) {
  std::string out = FirstOverlap(history, v.key);
  if (out.empty()) out = FromPrefix(m, v);
  return absl::StrCat(out, ". The search: ", v.explanation);
}

}  // namespace

MutexOutcome CheckMutex(const LockHistory& history, const CheckOptions& options) {
  MutexOutcome out;
  out.ops = BuildMutexHistory(history);
  static const MutexSpec* spec = new MutexSpec();
  out.result = CheckLinearizability(out.ops.history, *spec, options);
  if (out.result.violation) out.evidence = Evidence(history, out.ops, *out.result.violation);
  return out;
}

}  // namespace faultline::checkers::locks
