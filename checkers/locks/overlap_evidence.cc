#include "checkers/locks/overlap_evidence.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "base/time.h"

namespace faultline::checkers::locks {
namespace {

std::string At(int64_t ns) { return FormatDuration(ns); }

std::string Token(int64_t token) {
  return token == 0 ? std::string("no token") : absl::StrCat("token ", token);
}

// "n3/t7 (op 41, token 4, TTL 1s, granted 1.2s by n1)"
std::string Holder(const Hold& h) {
  std::string by;
  if (h.grants.size() == 1) {
    by = absl::StrCat(" by ", h.grants[0]->node);
  } else if (h.grants.size() > 1) {
    by = absl::StrCat(" by ", h.grants.size(), " servers");
  }
  return absl::StrCat(h.holder(), " (op ", h.acquire->op, ", ", Token(h.acquire->token), ", TTL ",
                      At(h.acquire->ttl_ns), ", granted ", At(h.granted_ns), by, ")");
}

// How long the stale holder believed, against its lease.
std::string Overrun(const LockHistory& history, const Hold& stale) {
  const std::string until =
      stale.restart != nullptr
          ? absl::StrCat("believed it until its pod crashed, at the latest until its restart at ",
                         At(stale.end_ns), " (line ", stale.restart->line, ")")
      : stale.release == nullptr
          ? absl::StrCat("still believed it at the end of the history (", At(history.end_ns), ")")
          : absl::StrCat("believed it until ", At(stale.end_ns), " (",
                         stale.release->outcome == "abandoned" ? "abandoned" : "released", ")");
  const int64_t over = stale.end_ns - stale.lease_end_ns();
  if (over > 0) {
    return absl::StrCat(until, ", ", At(over), " past its TTL (its lease ran out at ",
                        At(stale.lease_end_ns()), ")");
  }
  return absl::StrCat(until, ", within its TTL (its lease ran to ", At(stale.lease_end_ns()),
                      "): the lock was granted again before it expired");
}

std::string Writes(const Hold& stale, OverlapKind kind, const std::vector<const Write*>& late) {
  switch (kind) {
    case OverlapKind::kNoResource:
      return "the history has no resource writes, so the overlap alone decides";
    case OverlapKind::kHarmless:
      return absl::StrCat(stale.holder(), " wrote nothing after that: harmless");
    case OverlapKind::kFenced:
      return absl::StrCat("the resource refused its ", late.size(), " write(s) after that (",
                          Token(late.front()->token), ", highest accepted ", late.front()->highest,
                          "): fenced");
    case OverlapKind::kUnfenced:
      break;
  }
  for (const Write* w : late) {
    if (!w->accepted) continue;
    return absl::StrCat("its write at ", At(w->time_ns), " with ", Token(w->token),
                        " was accepted by ", w->node, " (highest before: ", w->highest, ")");
  }
  return "";
}

// Why the stale holder kept believing when no pause was seen: the newer holder's grant on
// a server that had expired the stale holder's key.
std::string NoPause(const Hold& stale, const Hold& newer) {
  std::string out = absl::StrCat("No pause of ", stale.acquire->node, " was seen");
  for (const Grant* g : newer.grants) {
    if (g->previous != stale.holder()) continue;
    if (g->previous_expired) {
      return absl::StrCat(out, "; ", g->node, "'s grant to ", newer.holder(), " at ",
                          At(g->time_ns), " (line ", g->line,
                          ") has previous_expired: ", stale.holder(),
                          "'s key expired on that server's clock rather than was released (a "
                          "clock jump on the server shortens a TTL)");
    }
    return absl::StrCat(out, "; ", g->node, "'s grant to ", newer.holder(), " at ", At(g->time_ns),
                        " (line ", g->line, ") followed ", stale.holder(), "'s release there");
  }
  for (const Grant* g : newer.grants) {
    if (g->previous_expired) {
      return absl::StrCat(out, "; ", g->node, "'s grant to ", newer.holder(), " at ",
                          At(g->time_ns), " (line ", g->line,
                          ") has previous_expired: the key it replaced had expired");
    }
  }
  return absl::StrCat(out, newer.grants.empty()
                               ? ", and the history has no grant line for the newer holder"
                               : ", and no grant of the newer holder's round expired a key");
}

}  // namespace

std::string DescribePause(const LockHistory& history, const std::string& node, int64_t from_ns,
                          int64_t to_ns) {
  const Pause* longest = nullptr;
  for (const Pause& p : history.pauses) {
    if (p.node != node || p.time_ns < from_ns || p.began_ns > to_ns) continue;
    if (longest == nullptr || p.gap_ns > longest->gap_ns) longest = &p;
  }
  if (longest == nullptr) return "";
  return absl::StrCat(node, " was paused for ", At(longest->gap_ns), " from ",
                      At(longest->began_ns), ": its pause monitor's tick fired late (line ",
                      longest->line, ")");
}

std::string DescribeOverlap(const LockHistory& history, const Hold& stale, const Hold& newer,
                            OverlapKind kind, const std::vector<const Write*>& late_writes) {
  std::string pause = DescribePause(history, stale.acquire->node, stale.start_ns, stale.end_ns);
  if (pause.empty()) pause = NoPause(stale, newer);
  return absl::StrCat(stale.key(), ": ", Holder(stale), " still believed it held the lock when ",
                      Holder(newer), " got it (acquire at ", At(newer.start_ns), "); ",
                      stale.holder(), " ", Overrun(history, stale), "; ",
                      Writes(stale, kind, late_writes), ". ", pause, ".");
}

}  // namespace faultline::checkers::locks
