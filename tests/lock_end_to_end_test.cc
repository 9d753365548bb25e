// lock.redis end to end: the shipped scenarios/lock-*.yaml run in process, their
// histories audited here by a small independent reading of the observations (the
// `mutual-exclusion` checker is written separately): holders' belief intervals from
// `acquire`/`release`, the resource's `write` lines, the lock servers' `load` lines and
// the clients' outcomes. Each scenario's teaching claim must hold on seeds 1..3.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "models/builtin_models.h"
#include "scenario/scenario_loader.h"
#include "sim/model.h"
#include "sim/simulator.h"
#include "tests/scenario_history.h"

namespace faultline {
namespace {

struct Hold {
  std::string holder;  // "n3/t1"
  int64_t op = 0;
  int64_t from_ns = 0;
  int64_t to_ns = INT64_MAX;  // no release: held to the end
};

struct Write {
  std::string holder;
  int64_t op = 0;
  int64_t time_ns = 0;
  int64_t token = 0;
  bool accepted = false;
  int64_t highest = 0;
};

struct LockAudit {
  std::vector<Hold> holds;
  std::vector<int64_t> attempts;     // per acquisition
  std::vector<int64_t> grant_times;  // lock server grant lines, in order
  std::vector<Write> writes;
  std::vector<std::pair<std::string, int64_t>> pauses;  // (node, time)
  int ok = 0;
  std::map<std::string, int> fails;  // by reason
  int infos = 0;
  bool load_matches_service = true;  // busy_ns == served x 150us on every load line
  int load_lines = 0;
  int64_t max_queue = 0;
  std::string history;

  // Pairs (earlier, later) of holds of one lock that overlap in time.
  std::vector<std::pair<Hold, Hold>> Overlaps() const {
    std::vector<std::pair<Hold, Hold>> out;
    for (const Hold& a : holds) {
      for (const Hold& b : holds) {
        if (a.from_ns < b.from_ns && b.from_ns < a.to_ns) out.emplace_back(a, b);
      }
    }
    return out;
  }
  // Overlaps where the earlier holder's write was accepted after the later one's grant.
  int StaleWritesAfterNewerGrant() const {
    int n = 0;
    for (const auto& [a, b] : Overlaps()) {
      for (const Write& w : writes) {
        if (w.holder == a.holder && w.op == a.op && w.time_ns > b.from_ns && w.accepted) ++n;
      }
    }
    return n;
  }
  int Refused() const {
    int n = 0;
    for (const Write& w : writes) n += w.accepted ? 0 : 1;
    return n;
  }
  int Fails(const std::string& reason) const {
    auto it = fails.find(reason);
    return it == fails.end() ? 0 : it->second;
  }
  int AcceptedBelowHighest() const {
    int n = 0;
    for (const Write& w : writes) n += w.accepted && w.token < w.highest ? 1 : 0;
    return n;
  }
};

constexpr int64_t kLockServiceNs = 150'000;  // the scenarios' lock and unlock: 150us

LockAudit AuditHistory(const std::string& text) {
  LockAudit a;
  a.history = text;
  std::map<std::pair<std::string, int64_t>, size_t> open;  // (holder, op) -> holds index
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const nlohmann::json j = nlohmann::json::parse(text.substr(start, end - start));
    start = end + 1;
    const std::string type = j.at("type");
    if (type == "ok") ++a.ok;
    if (type == "fail") ++a.fails[j.at("value").get<std::string>()];
    if (type == "info") ++a.infos;
    if (type != "observe") continue;
    const std::string f = j.at("f");
    const nlohmann::json& d = j.at("detail");
    const int64_t time = j.at("time");
    if (f == "acquire" || f == "release") {
      const std::string holder =
          j.at("node").get<std::string>() + "/" + d.at("thread").get<std::string>();
      const int64_t op = d.at("op");
      if (f == "acquire") {
        a.attempts.push_back(d.at("attempts"));
        open[{holder, op}] = a.holds.size();
        a.holds.push_back(Hold{holder, op, time});
      } else if (auto it = open.find({holder, op}); it != open.end()) {
        a.holds[it->second].to_ns = time;
        open.erase(it);
      }
    } else if (f == "write") {
      a.writes.push_back(Write{d.at("holder"), d.at("op"), time, j.at("value"),
                               d.at("accepted").get<int64_t>() == 1, d.at("highest")});
    } else if (f == "grant") {
      a.grant_times.push_back(time);
    } else if (f == "pause") {
      a.pauses.emplace_back(j.at("node"), time);
    } else if (f == "load") {
      ++a.load_lines;
      a.max_queue = std::max<int64_t>(a.max_queue, j.at("value"));
      if (d.at("busy_ns").get<int64_t>() != d.at("served").get<int64_t>() * kLockServiceNs ||
          d.at("in_service").get<int64_t>() > 1) {
        a.load_matches_service = false;
      }
    }
  }
  return a;
}

LockAudit RunScenario(const std::string& name, uint64_t seed,
                      std::vector<std::string> overrides = {}) {
  return AuditHistory(
      testing::RunScenarioHistory(name, seed, {"mutual-exclusion", "mutex"}, std::move(overrides)));
}

TEST(LockEndToEndTest, APausedHolderWithoutFencingOverlapsAndWritesStale) {
  for (uint64_t seed = 1; seed <= 3; ++seed) {
    const LockAudit a = RunScenario("lock-lease-pause-no-fencing", seed);
    EXPECT_FALSE(a.Overlaps().empty()) << seed;
    EXPECT_GT(a.StaleWritesAfterNewerGrant(), 0) << seed;
    EXPECT_GT(a.AcceptedBelowHighest(), 0) << seed;
    EXPECT_EQ(a.Refused(), 0) << seed;
    // The stale holder's pod saw its pause, within its hold.
    bool pause_in_hold = false;
    for (const auto& [stale, newer] : a.Overlaps()) {
      for (const auto& [node, time] : a.pauses) {
        pause_in_hold |=
            stale.holder.rfind(node + "/", 0) == 0 && time >= stale.from_ns && time <= stale.to_ns;
      }
    }
    EXPECT_TRUE(pause_in_hold) << seed;
  }
}

TEST(LockEndToEndTest, FencingRefusesThePausedHoldersWrite) {
  for (uint64_t seed = 1; seed <= 3; ++seed) {
    const LockAudit a = RunScenario("lock-lease-pause-fencing", seed);
    EXPECT_FALSE(a.Overlaps().empty()) << seed;  // still two holders: the lease ran out
    EXPECT_GT(a.Refused(), 0) << seed;
    EXPECT_EQ(a.AcceptedBelowHighest(), 0) << seed;
    EXPECT_EQ(a.StaleWritesAfterNewerGrant(), 0) << seed;
  }
}

TEST(LockEndToEndTest, WithoutThePauseThereIsOneHolderAtATime) {
  const LockAudit a = RunScenario("lock-lease-pause-no-fencing", 1, {"faults.schedule=[]"});
  EXPECT_GT(a.holds.size(), 20u);
  EXPECT_TRUE(a.Overlaps().empty());
  EXPECT_TRUE(a.pauses.empty());
}

TEST(LockEndToEndTest, LoadLinesAgreeWithTheCpuModel) {
  const LockAudit a = RunScenario("lock-meltdown", 1);
  EXPECT_GE(a.load_lines, 70);  // every 100ms for 8s
  EXPECT_TRUE(a.load_matches_service);
  EXPECT_GT(a.max_queue, 50);  // the spinners' queue
}

TEST(LockEndToEndTest, TheSemaphoreOutservesTheMeltdownAndFailsFast) {
  for (uint64_t seed = 1; seed <= 3; ++seed) {
    const LockAudit melt = RunScenario("lock-meltdown", seed);
    const LockAudit fix = RunScenario("lock-semaphore-fix", seed);
    const LockAudit queue = RunScenario("lock-local-queue-fails", seed);
    EXPECT_GT(fix.ok * 10, melt.ok * 15) << seed;  // at least 1.5x the requests served
    EXPECT_GT(melt.Fails("lock-timeout"), 3 * fix.Fails("lock-timeout")) << seed;
    EXPECT_GT(fix.Fails("rejected"), 0) << seed;
    EXPECT_EQ(melt.Fails("rejected"), 0) << seed;
    EXPECT_EQ(queue.Fails("rejected"), 0) << seed;
    EXPECT_GT(queue.Fails("lock-timeout"), 3 * fix.Fails("lock-timeout")) << seed;
    EXPECT_GT(melt.max_queue, 10 * std::max<int64_t>(fix.max_queue, 1)) << seed;
    EXPECT_TRUE(melt.Overlaps().empty()) << seed;  // slow, but still mutually exclusive
  }
}

// The no-contention end against queueing theory. Requests arrive as a Poisson process
// (open loop) and reach the lock after an independent 200-300ms of work, which keeps them
// Poisson; so by PASTA (Poisson arrivals see time averages) the share of requests whose
// first SET NX finds the lock taken equals the share of time the lock server holds the
// key: its utilisation, grant to the holder's release plus the unlock's trip and service.
TEST(LockEndToEndTest, RefusedFirstAttemptsMatchTheLocksUtilisation) {
  for (const char* rate : {"10/s", "20/s", "40/s"}) {
    const LockAudit a = RunScenario("lock-semaphore-fix", 1,
                                    {std::string("workload.rate=") + rate, "duration=60s"});
    ASSERT_GT(a.attempts.size(), 500u) << rate;
    ASSERT_EQ(a.grant_times.size(), a.holds.size()) << rate;  // no late grants at this load
    double busy_ns = 0;
    for (size_t i = 0; i < a.holds.size(); ++i) {
      // The k-th grant is the k-th acquire's (one server; no contention for long).
      busy_ns += static_cast<double>(a.holds[i].to_ns - a.grant_times[i]) + 450'000;  // +unlock
    }
    const double span_ns = static_cast<double>(a.holds.back().to_ns - a.holds.front().from_ns);
    const double utilisation = busy_ns / span_ns;
    int refused_first = 0;
    for (int64_t n : a.attempts) refused_first += n > 1 ? 1 : 0;
    const double share =
        static_cast<double>(refused_first) / static_cast<double>(a.attempts.size());
    EXPECT_NEAR(share, utilisation, 0.2 * utilisation) << rate << ": utilisation " << utilisation;
  }
}

TEST(LockEndToEndTest, RedlockGrantsTwiceAfterAClockJumpOnTheDecidingServer) {
  for (uint64_t seed = 1; seed <= 3; ++seed) {
    const LockAudit a = RunScenario("lock-redlock-clock-jump", seed);
    EXPECT_GT(a.StaleWritesAfterNewerGrant(), 0) << seed;
  }
  const LockAudit no_jump = RunScenario("lock-redlock-clock-jump", 1, {"faults.schedule=[]"});
  EXPECT_GT(no_jump.holds.size(), 10u);
  EXPECT_TRUE(no_jump.Overlaps().empty());
}

TEST(LockEndToEndTest, SameSeedSameHistory) {
  EXPECT_EQ(RunScenario("lock-lease-pause-no-fencing", 7).history,
            RunScenario("lock-lease-pause-no-fencing", 7).history);
}

}  // namespace
}  // namespace faultline
