// Properties of both lock checkers over generated hand-off histories: a strictly sequential
// hand-off (each holder releases before the next is granted, tokens rising) is always
// valid with zero overlaps and linearizable as a mutex; making one holder keep believing
// past the next grant and write with its lower token (a pause) always makes it invalid.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "checkers/locks/lock_history.h"
#include "checkers/locks/mutex_check.h"
#include "checkers/locks/mutual_exclusion.h"

namespace faultline::checkers::locks {
namespace {

constexpr int64_t kUs = 1000;

struct HandOff {
  std::string node;    // the pod, "n2".."n5"
  std::string thread;  // "t0".."t3"
  int64_t invoke_us = 0, grant_us = 0, acquire_us = 0, write_us = 0, release_us = 0;
  int64_t attempts = 1;
};

std::string Obs(int64_t us, const std::string& node, const std::string& f, int64_t value,
                const std::string& detail) {
  return absl::StrCat("{\"time\":", us * kUs, ",\"node\":\"", node,
                      "\",\"type\":\"observe\",\"f\":\"", f, "\",\"key\":\"L1\",\"value\":", value,
                      ",\"detail\":{", detail, "}}\n");
}

// One request per hand-off, processes 1.., op i+1, token i+1; `stale_writes` adds, for
// hand-off i, a write with its own token at the given time (accepted).
std::string Render(const std::vector<HandOff>& hs,
                   const std::vector<std::pair<size_t, int64_t>>& stale_writes = {}) {
  std::vector<std::pair<int64_t, std::string>> lines;  // (time, line), stably sorted
  for (size_t i = 0; i < hs.size(); ++i) {
    const HandOff& h = hs[i];
    const int64_t op = static_cast<int64_t>(i) + 1;
    const std::string holder = absl::StrCat(h.node, "/", h.thread);
    const auto req = [&](int64_t us, const char* type, const std::string& value) {
      return absl::StrCat("{\"time\":", us * kUs, ",\"process\":", op, ",\"op\":", op,
                          ",\"type\":\"", type,
                          "\",\"f\":\"request\",\"key\":\"L1\",\"value\":", value, "}\n");
    };
    lines.push_back({h.invoke_us, req(h.invoke_us, "invoke", "null")});
    lines.push_back({h.grant_us, Obs(h.grant_us, "n1", "grant", op,
                                     absl::StrCat("\"owner\":\"", holder,
                                                  "\",\"ttl_ns\":1000000,\"previous\":null,"
                                                  "\"previous_expired\":0"))});
    lines.push_back({h.acquire_us,
                     Obs(h.acquire_us, h.node, "acquire", op,
                         absl::StrCat("\"thread\":\"", h.thread, "\",\"op\":", op,
                                      ",\"attempts\":", h.attempts, ",\"wait_ns\":",
                                      (h.acquire_us - h.invoke_us) * kUs, ",\"ttl_ns\":1000000"))});
    lines.push_back({h.write_us, Obs(h.write_us, "n9", "write", op,
                                     absl::StrCat("\"holder\":\"", holder, "\",\"op\":", op,
                                                  ",\"accepted\":1,\"highest\":", op - 1))});
    lines.push_back(
        {h.release_us, Obs(h.release_us, h.node, "release", op,
                           absl::StrCat("\"thread\":\"", h.thread, "\",\"op\":", op,
                                        ",\"held_ns\":", (h.release_us - h.acquire_us) * kUs,
                                        ",\"outcome\":\"released\""))});
    lines.push_back({h.release_us + 1, req(h.release_us + 1, "ok", absl::StrCat(op))});
  }
  for (const auto& [i, us] : stale_writes) {
    const HandOff& h = hs[i];
    const int64_t op = static_cast<int64_t>(i) + 1;
    lines.push_back({us, Obs(us, "n9", "write", op,
                             absl::StrCat("\"holder\":\"", h.node, "/", h.thread, "\",\"op\":", op,
                                          ",\"accepted\":1,\"highest\":", hs.size()))});
  }
  std::stable_sort(lines.begin(), lines.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::string text;
  for (const auto& [t, line] : lines) text += line;
  return text;
}

// Hand-offs one after another: each request is invoked while the previous holder still
// holds (it spins), is granted after that holder's release, and finishes before the next.
std::vector<HandOff> GenerateSequential() {
  const int n = *rc::gen::inRange(1, 25);
  std::vector<HandOff> hs;
  int64_t free_us = 0;  // when the lock was last released
  for (int i = 0; i < n; ++i) {
    HandOff h;
    h.node = absl::StrCat("n", *rc::gen::inRange(2, 6));
    h.thread = absl::StrCat("t", i);  // a thread per request keeps holders' ops apart
    h.invoke_us = std::max<int64_t>(0, free_us - *rc::gen::inRange<int64_t>(0, 50));
    h.grant_us = free_us + *rc::gen::inRange<int64_t>(1, 20);
    h.acquire_us = h.grant_us + *rc::gen::inRange<int64_t>(1, 5);
    h.write_us = h.acquire_us + *rc::gen::inRange<int64_t>(1, 30);
    h.release_us = h.write_us + *rc::gen::inRange<int64_t>(1, 10);
    h.attempts = *rc::gen::inRange<int64_t>(1, 8);
    free_us = h.release_us + 2;  // its request's ok line comes 1us after the release
    hs.push_back(h);
  }
  return hs;
}

LockHistory ParseLocks(const std::string& text) {
  absl::StatusOr<LockHistory> h = ReadLockHistoryText(text, "generated");
  RC_ASSERT(h.ok());
  return *std::move(h);
}

RC_GTEST_PROP(LockPropertyTest, SequentialHandOffIsValidWithNoOverlap, ()) {
  const std::vector<HandOff> hs = GenerateSequential();
  const LockHistory h = ParseLocks(Render(hs));
  const LockReport r = CheckMutualExclusion(h);
  RC_ASSERT(r.Valid());
  RC_ASSERT(r.anomalies.empty());
  RC_ASSERT(r.metrics.at("overlaps") == 0.0);
  RC_ASSERT(r.metrics.at("acquisitions") == static_cast<double>(hs.size()));
  RC_ASSERT(r.metrics.at("ok") == static_cast<double>(hs.size()));
  RC_ASSERT(CheckMutex(h, {}).result.verdict == Verdict::kLinearizable);
}

RC_GTEST_PROP(LockPropertyTest, APausedHolderWritingALowerTokenIsInvalid, ()) {
  std::vector<HandOff> hs = GenerateSequential();
  RC_PRE(hs.size() >= 2u);
  const size_t i = *rc::gen::inRange<size_t>(0, hs.size() - 1);
  // Holder i is paused past the next grant: it releases (and its request completes) only
  // after the last hand-off, writing once more with its old token after the next grant.
  const int64_t end_us = hs.back().release_us + 10;
  const int64_t late_write_us =
      hs[i + 1].grant_us + *rc::gen::inRange<int64_t>(0, end_us - hs[i + 1].grant_us);
  hs[i].release_us = end_us + 5;
  const LockHistory h = ParseLocks(Render(hs, {{i, late_write_us}}));
  const LockReport r = CheckMutualExclusion(h);
  RC_ASSERT(!r.Valid());
  RC_ASSERT(r.anomalies.count("overlap") == 1u);
  RC_ASSERT(r.anomalies.at("overlap").count >= 1);
  RC_ASSERT(
      r.anomalies.at("overlap").examples[0].find(absl::StrCat(hs[i].node, "/", hs[i].thread)) ==
      r.anomalies.at("overlap").examples[0].find(": ") + 2);
  RC_ASSERT(CheckMutex(h, {}).result.verdict == Verdict::kNotLinearizable);
}

}  // namespace
}  // namespace faultline::checkers::locks
