// The tunables of lock.redis, decoded from a scenario's `cluster.params`. Shared read-only
// by every node of one run (the lock servers, the pods and the resource).
//
// Nodes: n1..nS lock servers, n(S+1)..n(S+P) pods, nN the protected resource.
#ifndef FAULTLINE_MODELS_LOCK_LOCK_OPTIONS_H_
#define FAULTLINE_MODELS_LOCK_LOCK_OPTIONS_H_

#include <cstdint>
#include <string>

#include "sim/distribution.h"
#include "sim/message.h"
#include "sim/time.h"

namespace faultline::models {

struct LockOptions {
  // Which threads of a pod may try the lock at once.
  enum class Admission {
    kNone,        // every thread with a request tries
    kSemaphore,   // at most `permits` try; a thread that finds none fails fast ("rejected")
    kLocalQueue,  // at most `permits` try; the others wait in a FIFO, holding their thread
  };
  enum class Backoff { kFixed, kExponential };

  int node_count = 3;
  int servers = 1;  // S: 1, or an odd number for Redlock
  int threads = 8;  // T worker threads per pod
  Admission admission = Admission::kNone;
  int permits = 5;
  int accept_queue = 0;  // requests waiting for a free thread, per pod
  // The request's own work, done by the pod thread before it tries the lock.
  sim::Distribution work_ns =
      sim::Distribution::Uniform(200.0 * sim::kMillisecond, 300.0 * sim::kMillisecond);
  sim::Nanos hold_work_ns = 0;  // local work inside the critical section, before the write
  sim::Nanos ttl_ns = 1 * sim::kSecond;
  sim::Nanos retry_interval_ns = 10 * sim::kMillisecond;
  Backoff backoff = Backoff::kFixed;
  sim::Nanos retry_max_ns = 200 * sim::kMillisecond;
  sim::Nanos request_timeout_ns = 1 * sim::kSecond;
  bool fencing = false;
  int64_t drift_factor_ppm = 10'000;  // Redlock's clock drift factor (0.01)
  sim::Nanos pause_monitor_ns = 50 * sim::kMillisecond;  // 0: no pause monitor
  sim::Nanos load_interval_ns = 100 * sim::kMillisecond;

  int pods() const { return node_count - servers - 1; }
  bool redlock() const { return servers > 1; }
  bool is_server(sim::EndpointId id) const { return id >= 0 && id < servers; }
  bool is_pod(sim::EndpointId id) const { return id >= servers && id < resource(); }
  sim::EndpointId resource() const { return node_count - 1; }
  int majority() const { return servers / 2 + 1; }
};

// "n3" for endpoint 2: how observations and notes name a node.
inline std::string LockNodeName(sim::EndpointId id) { return "n" + std::to_string(id + 1); }

// "n3/t7": a pod thread, as observations and evidence name a holder.
inline std::string LockThreadName(sim::EndpointId pod, int thread) {
  return LockNodeName(pod) + "/t" + std::to_string(thread + 1);
}

}  // namespace faultline::models

#endif  // FAULTLINE_MODELS_LOCK_LOCK_OPTIONS_H_
