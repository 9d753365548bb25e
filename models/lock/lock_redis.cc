#include "models/lock/lock_redis.h"

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "models/lock/lock_requests_workload.h"
#include "models/lock/lock_server_node.h"
#include "models/lock/pod_node.h"
#include "models/lock/resource_node.h"

namespace faultline::models {
namespace {

using sim::ChoiceParam;
using sim::DurationParam;
using sim::IntegerParam;
using sim::ModelParam;
using sim::ParamOr;

constexpr int64_t kServersMax = 7;
constexpr int64_t kThreadsMax = 1024;
constexpr int64_t kQueueMax = 100'000;
constexpr sim::Nanos kHour = 3600 * sim::kSecond;

class LockRedisModel : public sim::Model {
 public:
  explicit LockRedisModel(LockOptions options) : options_(options) {}

  std::unique_ptr<sim::Node> CreateNode(sim::EndpointId node) override {
    if (options_.is_server(node)) return std::make_unique<LockServerNode>(options_);
    if (node == options_.resource()) return std::make_unique<LockResourceNode>(options_);
    return std::make_unique<LockPodNode>(options_);
  }

 private:
  const LockOptions options_;
};

// Every lock duration is capped at an hour.
ModelParam Duration(std::string name, std::string def, sim::Nanos min, std::string help) {
  return DurationParam(std::move(name), std::move(def), min, kHour, std::move(help));
}

std::vector<ModelParam> LockParams() {
  return {
      IntegerParam("servers", "1", 1, kServersMax,
                   "lock servers n1..nS: 1 (one Redis), or 3, 5, 7 for Redlock (majority of "
                   "independent servers)"),
      IntegerParam("threads", "8", 1, kThreadsMax, "worker threads per pod (1 to 1024)"),
      ChoiceParam("admission", "none", {"none", "semaphore", "local-queue"},
                  "none: every thread tries the lock; semaphore: at most `permits` threads per pod "
                  "try, the others fail fast (rejected); local-queue: at most `permits` try, the "
                  "others wait in the pod, holding their thread"),
      IntegerParam("permits", "5", 1, kThreadsMax,
                   "threads per pod allowed to try the lock at once (semaphore, local-queue)"),
      IntegerParam("accept_queue", "0", 0, kQueueMax,
                   "requests a pod keeps waiting for a free thread; beyond it they fail busy"),
      Duration("work_min", "200ms", 0,
               "the request's own work, outside the lock: uniform in [work_min, work_max]"),
      Duration("work_max", "300ms", 0, "see work_min"),
      Duration("hold_work", "0s", 0,
               "local work inside the critical section, before the write (a pause here "
               "freezes the holder mid-section)"),
      Duration("ttl", "1s", sim::kMillisecond,
               "the lock's lease (PX): it expires on the "
               "lock server's clock if not released"),
      Duration("retry_interval", "10ms", 100 * sim::kMicrosecond,
               "wait after a refused lock command before the next (the spin)"),
      ChoiceParam("backoff", "fixed", {"fixed", "exponential"},
                  "fixed: every retry waits retry_interval; exponential: doubles up to retry_max, "
                  "with jitter"),
      Duration("retry_max", "200ms", 100 * sim::kMicrosecond, "exponential backoff's cap"),
      Duration("request_timeout", "1s", sim::kMillisecond,
               "a pod gives a request up (lock-timeout) this long after it arrived"),
      ChoiceParam("fencing", "false", {"false", "true"},
                  "true: the resource refuses a token lower than one it accepted (single server "
                  "only: Redlock has no tokens)"),
      IntegerParam("drift_factor_ppm", "10000", 0, 500'000,
                   "Redlock's clock drift factor, in ppm of the TTL (10000 = 0.01)"),
      Duration("pause_monitor", "50ms", 0,
               "pods report their pause monitor's tick firing later than this (0: off)"),
      Duration("load_interval", "100ms", sim::kMillisecond,
               "lock servers observe their CPU queue and busy time this often"),
  };
}

}  // namespace

std::optional<std::string> CheckLockConfig(const sim::ModelConfig& config) {
  const int64_t servers = ParamOr(config.integers, "servers", int64_t{1});
  if (servers > 1 && servers % 2 == 0) {
    return absl::StrCat("servers: ", servers,
                        ": Redlock needs an odd number of lock servers (an even one tolerates "
                        "no more failures than one fewer, and lets two clients split the "
                        "votes evenly); use 1, 3, 5 or 7");
  }
  if (config.node_count < servers + 2) {
    return absl::StrCat("nodes: ", config.node_count, " leaves no pod: lock.redis needs ", servers,
                        " lock server(s), at least one pod and the resource; set "
                        "nodes to at least ",
                        servers + 2);
  }
  if (servers > 1 && ParamOr(config.choices, "fencing", std::string("false")) == "true") {
    return "fencing: true with servers > 1: Redlock has no fencing token (its servers count "
           "independently, so no monotonic counter exists; Kleppmann, \"How to do distributed "
           "locking\", 2016); use servers: 1 for fencing, or fencing: false";
  }
  if (ParamOr(config.durations, "work_min", sim::Nanos{0}) >
      ParamOr(config.durations, "work_max", sim::Nanos{0})) {
    return "work_min is above work_max; set work_min <= work_max";
  }
  // A request that always times out during its own work never tries the lock, yet would
  // count as a lock-timeout: refuse the configuration rather than mislabel every request.
  const sim::Nanos request_timeout = ParamOr(config.durations, "request_timeout", sim::Nanos{0});
  const sim::Nanos work_min = ParamOr(config.durations, "work_min", sim::Nanos{0});
  if (request_timeout <= work_min) {
    return absl::StrCat(
        "request_timeout: ", FormatDuration(request_timeout), " is not above work_min (",
        FormatDuration(work_min),
        "): every request would time out in its own work before it tries the lock; raise "
        "request_timeout above work_max, or lower work_min");
  }
  if (ParamOr(config.choices, "backoff", std::string("fixed")) == "exponential" &&
      ParamOr(config.durations, "retry_max", sim::Nanos{0}) <
          ParamOr(config.durations, "retry_interval", sim::Nanos{0})) {
    return "retry_max is below retry_interval: exponential backoff starts at retry_interval "
           "and grows to retry_max; raise retry_max";
  }
  return std::nullopt;
}

LockOptions LockOptionsFromConfig(const sim::ModelConfig& config, sim::MessageKinds& kinds) {
  LockOptions o;
  o.servers = static_cast<int>(ParamOr(config.integers, "servers", int64_t{1}));
  o.node_count = std::max(config.node_count, o.servers + 2);
  o.threads = static_cast<int>(ParamOr(config.integers, "threads", int64_t{8}));
  const std::string admission = ParamOr(config.choices, "admission", std::string("none"));
  o.admission = admission == "semaphore"     ? LockOptions::Admission::kSemaphore
                : admission == "local-queue" ? LockOptions::Admission::kLocalQueue
                                             : LockOptions::Admission::kNone;
  o.permits = static_cast<int>(ParamOr(config.integers, "permits", int64_t{5}));
  o.accept_queue = static_cast<int>(ParamOr(config.integers, "accept_queue", int64_t{0}));
  const sim::Nanos work_min = ParamOr(config.durations, "work_min", 200 * sim::kMillisecond);
  const sim::Nanos work_max =
      std::max(work_min, ParamOr(config.durations, "work_max", 300 * sim::kMillisecond));
  o.work_ns = work_min == work_max ? sim::Distribution::Constant(static_cast<double>(work_min))
                                   : sim::Distribution::Uniform(static_cast<double>(work_min),
                                                                static_cast<double>(work_max));
  o.hold_work_ns = ParamOr(config.durations, "hold_work", sim::Nanos{0});
  o.ttl_ns = ParamOr(config.durations, "ttl", o.ttl_ns);
  o.retry_interval_ns = ParamOr(config.durations, "retry_interval", o.retry_interval_ns);
  o.backoff = ParamOr(config.choices, "backoff", std::string("fixed")) == "exponential"
                  ? LockOptions::Backoff::kExponential
                  : LockOptions::Backoff::kFixed;
  o.retry_max_ns =
      std::max(ParamOr(config.durations, "retry_max", o.retry_max_ns), o.retry_interval_ns);
  o.request_timeout_ns = ParamOr(config.durations, "request_timeout", o.request_timeout_ns);
  o.fencing = ParamOr(config.choices, "fencing", std::string("false")) == "true";
  o.drift_factor_ppm = ParamOr(config.integers, "drift_factor_ppm", o.drift_factor_ppm);
  o.pause_monitor_ns = ParamOr(config.durations, "pause_monitor", o.pause_monitor_ns);
  o.load_interval_ns = ParamOr(config.durations, "load_interval", o.load_interval_ns);
  kinds.AddHandledBy<LockServerNode>();
  kinds.AddHandledBy<LockPodNode>();
  kinds.AddHandledBy<LockResourceNode>();
  return o;
}

sim::ModelInfo LockRedisModelInfo() {
  sim::ModelInfo info;
  info.name = std::string(kLockRedisName);
  info.summary =
      "Redis-style lock servers (n1..nS; Redlock when S > 1), pods of worker "
      "threads that need the lock (role pod, holder), a protected resource (nN): "
      "the lock meltdown under load, leases and fencing tokens";
  info.params = LockParams();
  info.workloads = {LockRequestsWorkloadInfo()};
  info.min_nodes = 3;
  info.check_config = CheckLockConfig;
  info.create = [](const sim::ModelConfig& config, sim::MessageKinds& kinds) {
    return std::unique_ptr<sim::Model>(new LockRedisModel(LockOptionsFromConfig(config, kinds)));
  };
  return info;
}

}  // namespace faultline::models
