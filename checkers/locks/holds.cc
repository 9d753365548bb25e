#include "checkers/locks/holds.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "absl/strings/str_cat.h"

namespace faultline::checkers::locks {
namespace {

// The owner's grants on the lock between its first attempt and its acquire line; the last
// `servers` of them are the winning round (earlier ones are failed Redlock rounds, which
// the client released). With one server only the winning command is granted.
std::vector<const Grant*> RoundGrants(
    const Acquire& a,
    const std::map<std::pair<std::string, std::string>, std::vector<const Grant*>>& by_owner) {
  const auto it = by_owner.find({a.holder(), a.key});
  if (it == by_owner.end()) return {};
  std::vector<const Grant*> window;
  for (const Grant* g : it->second) {
    // The pod's wait_ns is on its own clock (drift only: ppm), so the window starts a
    // little early rather than miss the first grant.
    const int64_t slack_ns = a.wait_ns / 1000 + 1;
    if (g->time_ns > a.time_ns || g->time_ns < a.first_attempt_ns() - slack_ns) continue;
    // One server's grant carries the holder's token; Redlock's servers count their own.
    if (a.servers <= 1 && a.token != 0 && g->token != a.token) continue;
    window.push_back(g);
  }
  const size_t round = static_cast<size_t>(std::max<int64_t>(1, a.servers));
  if (window.size() > round) window.erase(window.begin(), window.end() - static_cast<long>(round));
  return window;
}

}  // namespace

Holds BuildHolds(const LockHistory& history) {
  Holds out;
  std::map<std::pair<std::string, std::string>, std::vector<const Grant*>> grants;
  for (const Grant& g : history.grants) grants[{g.owner, g.key}].push_back(&g);
  // (holder, op, lock) -> releases in file order, each used once.
  std::map<std::tuple<std::string, int64_t, std::string>, std::vector<const Release*>> releases;
  for (const Release& r : history.releases) releases[{r.holder(), r.op, r.key}].push_back(&r);
  std::map<std::tuple<std::string, int64_t, std::string>, size_t> used;
  std::map<std::string, std::vector<const Restart*>> restarts;  // pod -> its restarts
  for (const Restart& r : history.restarts) restarts[r.node].push_back(&r);
  int64_t matched = 0;
  for (const Acquire& a : history.acquires) {
    Hold h;
    h.acquire = &a;
    h.start_ns = a.time_ns;
    h.end_ns = std::max(history.end_ns, a.time_ns);
    const std::tuple<std::string, int64_t, std::string> id{a.holder(), a.op, a.key};
    if (const auto it = releases.find(id); it != releases.end()) {
      size_t& next = used[id];
      while (next < it->second.size() && it->second[next]->time_ns < a.time_ns) ++next;
      if (next < it->second.size()) {
        h.release = it->second[next++];
        h.end_ns = h.release->time_ns;
        ++matched;
      }
    }
    if (h.release == nullptr) {
      if (const auto it = restarts.find(a.node); it != restarts.end()) {
        for (const Restart* r : it->second) {
          if (r->time_ns < a.time_ns) continue;
          h.restart = r;
          h.end_ns = r->time_ns;
          break;
        }
      }
    }
    h.grants = RoundGrants(a, grants);
    h.granted_ns = h.grants.empty() ? a.time_ns : h.grants.front()->time_ns;
    out.holds.push_back(std::move(h));
  }
  const int64_t unmatched = static_cast<int64_t>(history.releases.size()) - matched;
  if (unmatched > 0) {
    out.notes.push_back(absl::StrCat(unmatched,
                                     " release line(s) match no earlier acquire of the same "
                                     "holder, op and lock: not judged"));
  }
  std::sort(out.holds.begin(), out.holds.end(), [](const Hold& a, const Hold& b) {
    return std::tie(a.acquire->key, a.start_ns, a.acquire->line) <
           std::tie(b.acquire->key, b.start_ns, b.acquire->line);
  });
  return out;
}

}  // namespace faultline::checkers::locks
