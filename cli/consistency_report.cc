#include "cli/consistency_report.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "base/check.h"
#include "checkers/consistency/finding.h"
#include "checkers/consistency/lost_writes.h"
#include "checkers/consistency/session_guarantees.h"
#include "checkers/linearizability.h"
#include "cli/check_report.h"

namespace faultline::cli {
namespace {

namespace cc = checkers::consistency;
using nlohmann::json;

const std::vector<std::string>& SessionGuarantees() {
  static const auto* names = new std::vector<std::string>{
      "read-your-writes", "monotonic-reads", "monotonic-writes", "writes-follow-reads"};
  return *names;
}

cc::GuaranteeResult Judge(const std::string& name, const cc::KvView& view) {
  if (name == "read-your-writes") return cc::CheckReadYourWrites(view);
  if (name == "monotonic-reads") return cc::CheckMonotonicReads(view);
  if (name == "monotonic-writes") return cc::CheckMonotonicWrites(view);
  if (name == "writes-follow-reads") return cc::CheckWritesFollowReads(view);
  FL_CHECK_MSG(name == "lost-writes", "not a judging consistency checker");
  return cc::CheckLostWrites(view);
}

json PercentilesJson(const cc::Percentiles& p) {
  return {{"p50", p.p50}, {"p95", p.p95}, {"p99", p.p99}, {"max", p.max}};
}

// Four decimals: a ratio is read, and the exact counts sit beside it.
double Ratio(double r) { return std::round(r * 10000) / 10000; }

ConsistencyOutcome Guarantee(const std::string& name, const cc::KvView& view) {
  const cc::GuaranteeResult r = Judge(name, view);
  const bool lost = name == "lost-writes";
  ConsistencyOutcome out;
  out.violation = !r.valid();
  json& j = out.report;
  j = {{"checker", name},
       {"valid", r.valid()},
       {"verdict",
        r.valid() ? (lost ? "no lost writes" : "satisfied") : (lost ? "writes lost" : "violated")},
       {"ops", r.judged_ops},
       {"violations", r.violations},
       {"keys", r.keys}};
  if (view.ambiguous_values() > 0) j["ambiguous_values"] = view.ambiguous_values();
  json evidence = json::array();
  for (const cc::Finding& f : r.evidence) {
    json ops = json::array();
    for (const cc::EvidenceOp& e : f.ops) {
      json op = OpJson(view.history(), e.op);
      op["role"] = e.role;
      ops.push_back(std::move(op));
    }
    evidence.push_back({{"key", f.key},
                        {"process", f.process},
                        {"explanation", f.explanation},
                        {"ops", std::move(ops)}});
  }
  j["evidence"] = std::move(evidence);
  const std::string what = lost ? "lost writes" : "violations";
  out.summary = absl::StrCat(name, " (", view.history().ops.size(), " ops): ");
  if (r.valid()) {
    absl::StrAppend(&out.summary, lost ? "no lost writes" : "no violations");
    out.details = absl::StrCat(name, ": ", lost ? "no lost writes" : "satisfied", " (",
                               r.judged_ops, " ops judged)\n");
    return out;
  }
  absl::StrAppend(&out.summary, r.violations, " ",
                  r.violations == 1 ? what.substr(0, what.size() - 1) : what, " on ", r.keys.size(),
                  r.keys.size() == 1 ? " key" : " keys",
                  "; first: ", r.evidence.front().explanation);
  out.details = absl::StrCat(name, ": ", lost ? "writes lost" : "violated", " (", r.violations, " ",
                             r.violations == 1 ? what.substr(0, what.size() - 1) : what, " on ",
                             r.keys.size() == 1 ? "key " : "keys ", absl::StrJoin(r.keys, ", "),
                             "; ", r.judged_ops, " ops judged)\n");
  if (r.evidence.size() < r.violations) {
    absl::StrAppend(&out.details, "  the first ", r.evidence.size(), ":\n");
  }
  for (const cc::Finding& f : r.evidence) {
    absl::StrAppend(&out.details, "  ", f.explanation, "\n");
    for (const cc::EvidenceOp& e : f.ops) {
      absl::StrAppend(&out.details, "    ", absl::StrFormat("%-20s", e.role + ":"),
                      checkers::DescribeOp(view.history().ops[e.op]), "\n");
    }
  }
  return out;
}

std::string BucketText(const cc::StalenessReport& s, const cc::TVisibilityPoint& p) {
  if (p.t_ns == s.t_horizon_ns) return absl::StrCat("t >= ", cc::TimeText(p.t_ns));
  return absl::StrCat("t in [", cc::TimeText(p.t_ns), ", ", cc::TimeText(p.t_ns + s.t_bucket_ns),
                      ")");
}

// "P(fresh) 0.79 at t in [0.0ms, 1.0ms), 0.99 at t >= 100.0ms; >= 0.99 from t=99.0ms":
// the curve's ends, and the t from which reads were (almost) always fresh.
std::string CurveText(const cc::StalenessReport& s) {
  const std::vector<cc::TVisibilityPoint>& curve = s.t_visibility;
  if (curve.empty()) return "t-visibility: no read followed an acked write";
  std::string out = absl::StrFormat("t-visibility: P(fresh) %.2f at %s", curve.front().probability,
                                    BucketText(s, curve.front()));
  if (curve.size() > 1) {
    absl::StrAppend(&out, absl::StrFormat(", %.2f at %s", curve.back().probability,
                                          BucketText(s, curve.back())));
  }
  size_t from = curve.size();  // the first bucket from which all are >= 0.99
  while (from > 0 && curve[from - 1].probability >= 0.99) --from;
  if (from > 0 && from < curve.size()) {
    absl::StrAppend(&out, "; >= 0.99 from t=", cc::TimeText(curve[from].t_ns));
  }
  return out;
}

ConsistencyOutcome Staleness(const cc::KvView& view, const cc::StalenessOptions& options) {
  const cc::StalenessReport s = cc::MeasureStaleness(view, options);
  ConsistencyOutcome out;
  json curve = json::array();
  for (const cc::TVisibilityPoint& p : s.t_visibility) {
    curve.push_back({{"t_ns", p.t_ns},
                     {"pairs", p.pairs},
                     {"fresh", p.fresh},
                     {"probability", Ratio(p.probability)}});
  }
  json examples = json::array();
  for (const cc::StaleRead& e : s.examples) {
    examples.push_back({{"read", OpJson(view.history(), e.read)},
                        {"oldest_newer_write", OpJson(view.history(), e.oldest_newer)},
                        {"versions_behind", e.versions_behind},
                        {"time_behind_ns", e.time_behind_ns}});
  }
  out.report = {{"checker", "staleness"},
                {"valid", true},
                {"verdict", "measured"},
                {"ops", s.judged_ops},
                {"reads", s.reads},
                {"stale_reads", s.stale_reads},
                {"stale_read_ratio", Ratio(s.stale_read_ratio)},
                {"versions_behind", PercentilesJson(s.versions_behind)},
                {"time_behind_ns", PercentilesJson(s.time_behind_ns)},
                {"t_bucket_ns", s.t_bucket_ns},
                {"t_horizon_ns", s.t_horizon_ns},
                {"t_visibility", std::move(curve)},
                {"examples", std::move(examples)}};
  const std::string measures = absl::StrFormat(
      "%d of %d reads stale (%.1f%%); versions behind p99 %d, max %d; time behind p99 %s, "
      "max %s; %s",
      s.stale_reads, s.reads, 100 * s.stale_read_ratio, s.versions_behind.p99,
      s.versions_behind.max, cc::TimeText(s.time_behind_ns.p99), cc::TimeText(s.time_behind_ns.max),
      CurveText(s));
  out.summary = absl::StrCat("staleness (", view.history().ops.size(), " ops): ", measures);
  out.details =
      absl::StrCat("staleness: measured (", s.judged_ops, " ops judged)\n  ", measures, "\n");
  for (const cc::TVisibilityPoint& p : s.t_visibility) {
    // The last bucket holds every pair at or beyond the horizon.
    const std::string t = absl::StrCat(p.t_ns == s.t_horizon_ns ? ">= " : "", cc::TimeText(p.t_ns));
    absl::StrAppend(&out.details,
                    absl::StrFormat("    t %-12s %6d pairs, %6d fresh, P(fresh) %.4f\n", t, p.pairs,
                                    p.fresh, p.probability));
  }
  return out;
}

}  // namespace

std::vector<std::string> CheckerNames() {
  std::vector<std::string> names = {"linearizability", "session"};
  for (const std::string& g : SessionGuarantees()) names.push_back(g);
  names.push_back("lost-writes");
  names.push_back("staleness");
  names.push_back("convergence");
  names.push_back("ordering");
  names.push_back("exactly-once");
  names.push_back("mutual-exclusion");
  names.push_back("mutex");
  names.push_back("sharding");
  names.push_back("read-atomic");
  return names;
}

std::string CheckerHelp(const std::string& name) {
  static const auto* help = new std::map<std::string, std::string>{
      {"linearizability", "one order of the ops, each within its call and return, that the spec "
                          "accepts"},
      {"session", "read-your-writes, monotonic-reads, monotonic-writes and writes-follow-reads"},
      {"read-your-writes", "a process reads its own acknowledged writes or newer"},
      {"monotonic-reads", "a process never reads older than it read before"},
      {"monotonic-writes", "a process's writes take effect in its order"},
      {"writes-follow-reads", "a write is ordered after the writes its process read"},
      {"lost-writes", "an acknowledged write stays visible to the final reads unless overwritten"},
      {"staleness", "measures how far behind reads are (versions, time, t-visibility); never "
                    "fails"},
      {"convergence", "every replica's copy of every key ends up the same"},
      {"ordering", "messaging: per-key apply order, lost and unseen messages, Jepsen's kafka "
                   "anomalies"},
      {"exactly-once", "ordering, and a message applied or stored twice is a violation too"},
      {"mutual-exclusion", "locks: two holders at once (unless fenced or harmless), a stale "
                           "token the resource accepted; the load test's metrics"},
      {"mutex", "locks: the pods' acquire/release ops, linearizable as a mutex (a lease that "
                "expired under its holder is an acquire that cannot be placed)"},
      {"sharding", "sharded stores: migration phases in order and done; load imbalance, hot "
                   "shard, keys moved per topology change, cutover holds (metrics)"},
      {"read-atomic", "multi-key ops: no multi-read sees part of a multi-write (a fractured "
                      "read); cross-shard latency (metrics)"},
  };
  const auto it = help->find(name);
  return it == help->end() ? "" : it->second;
}

bool IsConsistencyChecker(const std::string& name) {
  const std::vector<std::string>& s = SessionGuarantees();
  return std::find(s.begin(), s.end(), name) != s.end() || name == "lost-writes" ||
         name == "staleness";
}

std::vector<std::string> ExpandCheckerNames(const std::vector<std::string>& names) {
  std::vector<std::string> out;
  auto add = [&](const std::string& n) {
    if (std::find(out.begin(), out.end(), n) == out.end()) out.push_back(n);
  };
  for (const std::string& n : names) {
    if (n == "session") {
      for (const std::string& g : SessionGuarantees()) add(g);
    } else {
      add(n);
    }
  }
  return out;
}

ConsistencyOutcome RunConsistencyChecker(const std::string& name, const cc::KvView& view,
                                         const cc::StalenessOptions& options) {
  FL_CHECK_MSG(IsConsistencyChecker(name), "not a consistency checker");
  if (name == "staleness") return Staleness(view, options);
  return Guarantee(name, view);
}

}  // namespace faultline::cli
