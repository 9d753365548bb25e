#include "checkers/locks/lock_metrics.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace faultline::checkers::locks {
namespace {

double D(int64_t v) { return static_cast<double>(v); }

void RequestMetrics(const LockHistory& h, std::map<std::string, double>& m) {
  if (h.requests.empty()) return;
  int64_t ok = 0, timeouts = 0, other_fail = 0;
  std::map<std::string, int64_t> reasons = {
      {"rejected", 0}, {"busy", 0}, {"lock-timeout", 0}, {"fenced", 0}};
  std::vector<int64_t> latencies;
  int64_t first_ns = h.requests.front().invoke_ns;
  int64_t last_invoke_ns = first_ns;
  int64_t last_ns = first_ns;
  for (const Request& r : h.requests) {
    first_ns = std::min(first_ns, r.invoke_ns);
    last_invoke_ns = std::max(last_invoke_ns, r.invoke_ns);
    if (r.completed) last_ns = std::max(last_ns, r.complete_ns);
    switch (r.status) {
      case RequestStatus::kOk:
        ++ok;
        latencies.push_back(r.complete_ns - r.invoke_ns);
        break;
      case RequestStatus::kFail:
        if (const auto it = reasons.find(r.reason); it != reasons.end()) {
          ++it->second;
        } else {
          ++other_fail;
        }
        break;
      case RequestStatus::kInfo:
        ++timeouts;
        break;
    }
  }
  m["requests"] = D(static_cast<int64_t>(h.requests.size()));
  m["ok"] = D(ok);
  // Per second of offered load (first to last invocation), as a load test reports it: the
  // requests invoked in that window are the ones counted. The completions' tail (up to a
  // client timeout past the last invocation) is left out of the denominator, or a short
  // run would read low by its timeout; with a single instant of invocations the tail is
  // all there is.
  const int64_t window_end = last_invoke_ns > first_ns ? last_invoke_ns : last_ns;
  if (window_end > first_ns) m["qps"] = D(ok) * 1e9 / D(window_end - first_ns);
  m["timeouts"] = D(timeouts);
  m["rejected"] = D(reasons["rejected"]);
  m["busy"] = D(reasons["busy"]);
  m["lock_timeouts"] = D(reasons["lock-timeout"]);
  m["fenced"] = D(reasons["fenced"]);
  if (other_fail > 0) m["failed_other"] = D(other_fail);
  if (latencies.empty()) return;
  std::sort(latencies.begin(), latencies.end());
  m["latency_p50_ns"] = D(NearestRank(latencies, 0.50));
  m["latency_p99_ns"] = D(NearestRank(latencies, 0.99));
  m["latency_max_ns"] = D(latencies.back());
}

void AcquireMetrics(const LockHistory& h, std::map<std::string, double>& m) {
  if (h.acquires.empty()) return;
  std::map<int64_t, const Request*> by_op;
  for (const Request& r : h.requests) by_op[r.op] = &r;
  // Sums in double: many acquires' waits or attempts can pass int64 on a hostile history.
  double retries = 0;
  double wait_in_requests_ns = 0, request_latency_ns = 0;
  std::vector<int64_t> waits;
  std::map<std::string, int64_t> per_pod;
  // Pods are the nodes that write pod observations; a pod that never acquired counts
  // with 0 when its pause monitor or a release names it.
  for (const Pause& p : h.pauses) per_pod[p.node];
  for (const Release& r : h.releases) per_pod[r.node];
  for (const Acquire& a : h.acquires) {
    retries += D(a.attempts - 1);
    waits.push_back(a.wait_ns);
    ++per_pod[a.node];
    const auto it = by_op.find(a.op);
    if (it != by_op.end() && it->second->completed) {
      wait_in_requests_ns += D(a.wait_ns);
      request_latency_ns += D(it->second->complete_ns - it->second->invoke_ns);
    }
  }
  const double n = D(static_cast<int64_t>(h.acquires.size()));
  m["acquisitions"] = n;
  m["retries_per_acquisition"] = retries / n;
  if (request_latency_ns > 0) m["wait_share"] = wait_in_requests_ns / request_latency_ns;
  std::sort(waits.begin(), waits.end());
  m["max_wait_ns"] = D(waits.back());
  m["lock_wait_p99_ns"] = D(NearestRank(waits, 0.99));
  int64_t lo = per_pod.begin()->second, hi = lo;
  for (const auto& [pod, count] : per_pod) {
    lo = std::min(lo, count);
    hi = std::max(hi, count);
  }
  m["pods_seen"] = D(static_cast<int64_t>(per_pod.size()));
  m["pod_share_min"] = D(lo) / n;
  m["pod_share_max"] = D(hi) / n;
}

// The busiest lock server by CPU utilisation (busy_ns growth over the time between its
// first and last load line), and its queue length over its load lines.
void ServerMetrics(const LockHistory& h, std::map<std::string, double>& m) {
  std::map<std::string, std::vector<const Load*>> by_server;
  for (const Load& l : h.loads) by_server[l.node].push_back(&l);
  const std::vector<const Load*>* busiest = nullptr;
  double top = -1;
  for (const auto& [server, loads] : by_server) {
    const Load& first = *loads.front();
    const Load& last = *loads.back();
    if (loads.size() < 2 || last.time_ns <= first.time_ns) continue;
    const double u = D(last.busy_ns - first.busy_ns) / D(last.time_ns - first.time_ns);
    if (u > top) {
      top = u;
      busiest = &loads;
    }
  }
  if (busiest == nullptr) return;
  m["server_utilisation"] = top;
  std::vector<int64_t> queued;
  for (const Load* l : *busiest) queued.push_back(l->queued);
  std::sort(queued.begin(), queued.end());
  m["server_queue_p50"] = D(NearestRank(queued, 0.50));
  m["server_queue_max"] = D(queued.back());
}

}  // namespace

int64_t NearestRank(const std::vector<int64_t>& sorted, double p) {
  const size_t rank = static_cast<size_t>(std::ceil(p * static_cast<double>(sorted.size())));
  return sorted[std::clamp<size_t>(rank, 1, sorted.size()) - 1];
}

void AddLockMetrics(const LockHistory& history, std::map<std::string, double>& metrics) {
  RequestMetrics(history, metrics);
  AcquireMetrics(history, metrics);
  ServerMetrics(history, metrics);
}

}  // namespace faultline::checkers::locks
