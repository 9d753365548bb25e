// lock.redis's pods (n(S+1)..n(S+P), role `pod`, and `holder` while one of their threads
// holds a lock): application servers whose worker threads serve requests that need the
// lock, as Flipkart's Mirana pods did.
//
// A request takes a free thread (else waits in the accept queue, up to `accept_queue`,
// else fails "busy"). The thread does the request's own `work` (a local timer: 200-300ms
// by default), then asks for the lock, subject to `admission`:
//   none         every thread tries;
//   semaphore    at most `permits` threads of the pod try at once; the others fail their
//                request at once, "rejected" (fail fast: Flipkart's fix);
//   local-queue  at most `permits` try; the others wait in a FIFO inside the pod, still
//                holding their thread (the fix that was rejected: it breaks fail-fast).
// Trying: send `lock` to every lock server; on a refusal wait `retry_interval` (fixed, or
// exponential with jitter up to `retry_max`) and try again. At `request_timeout` after the
// request arrived the thread gives up: "lock-timeout". A grant that arrives after that is
// ignored, and the key it set stays until its TTL: the lock sits idle, which is part of
// the meltdown.
// Redlock (S > 1): a round asks all S servers; it holds when a majority granted within
// validity = ttl - elapsed - ttl * drift_factor - 2ms, else it unlocks every server and
// retries. A round waits for every reply, or kRedlockReplyWait for the missing ones.
// Holding: observe `acquire`, do `hold_work` (a timer, so a pause freezes the holder
// mid-section), write to the resource with the token, then send `unlock`
// (compare-and-delete), observe `release` and answer the client: ok with the token, or
// "fenced" if the resource refused the write. A request timeout during hold_work abandons
// the section (release outcome "abandoned", unlock, "lock-timeout"); once the write is
// sent the thread waits for its answer, up to `request_timeout` from the write: if none
// comes (lost, or the resource is down) it abandons the section and frees the thread
// without answering (the write may have landed: the client's timeout records info).
// A restarted pod (it crashed: every thread and its beliefs are gone) observes `restart`.
#ifndef FAULTLINE_MODELS_LOCK_POD_NODE_H_
#define FAULTLINE_MODELS_LOCK_POD_NODE_H_

#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <vector>

#include "models/lock/lock_messages.h"
#include "models/lock/lock_options.h"
#include "models/lock/pause_monitor.h"
#include "sim/node.h"
#include "sim/op.h"

namespace faultline::models {

// How long a Redlock round waits for servers that have not answered.
inline constexpr sim::Nanos kRedlockReplyWait = 50 * sim::kMillisecond;

// Redlock's validity of a round that took `elapsed_ns`: ttl - elapsed - ttl * drift - 2ms
// (the 2ms is Redlock's allowance for the servers' clock resolution).
sim::Nanos RedlockValidity(sim::Nanos ttl_ns, sim::Nanos elapsed_ns, int64_t drift_factor_ppm);

class LockPodNode
    : public sim::NodeOf<LockPodNode, sim::ClientRequest, LockReply, UnlockReply, LockWriteReply> {
 public:
  enum class Phase { kIdle, kWorking, kQueued, kTrying, kBackoff, kHoldWork, kWriting };

  explicit LockPodNode(const LockOptions& options);

  void OnStart(sim::Context& ctx) override;
  void OnTimer(sim::TimerId id, uint64_t tag, sim::Context& ctx) override;
  void AppendRoles(std::vector<std::string>& roles) const override;
  std::string Describe() const override;

  void Handle(sim::EndpointId from, const sim::ClientRequest& req, sim::Context& ctx);
  void Handle(sim::EndpointId from, const LockReply& r, sim::Context& ctx);
  void Handle(sim::EndpointId from, const UnlockReply& r, sim::Context& ctx);
  void Handle(sim::EndpointId from, const LockWriteReply& r, sim::Context& ctx);

  // For tests.
  Phase phase(int thread) const { return threads_.at(static_cast<size_t>(thread)).phase; }
  int permits_in_use() const { return permits_in_use_; }
  size_t accept_queue_size() const { return accept_queue_.size(); }

 private:
  struct Thread {
    Phase phase = Phase::kIdle;
    sim::EndpointId client = -1;
    sim::ClientRequest req{};
    sim::Nanos arrival_ns = 0;        // on the pod's clock
    sim::Nanos first_attempt_ns = 0;  // first lock command of this request
    int attempts = 0;
    uint64_t attempt = 0;  // the lock round in flight (kTrying)
    int replies = 0;       // Redlock: answers to this round
    uint32_t replied = 0;  // Redlock: bit s set once server s answered (servers <= 7)
    int grants = 0;
    sim::Nanos round_start_ns = 0;
    sim::Nanos backoff_ns = 0;  // the next exponential backoff
    bool permit = false;
    int64_t token = 0;
    sim::Nanos acquired_ns = 0;
    uint64_t write_id = 0;
    sim::TimerId step_timer = 0;  // work, backoff, hold_work, a Redlock round's or a write's wait
    sim::TimerId timeout_timer = 0;  // request_timeout
  };
  struct Waiting {
    sim::EndpointId client;
    sim::ClientRequest req;
    sim::Nanos arrival_ns;
  };

  void StartRequest(int t, sim::EndpointId client, const sim::ClientRequest& req,
                    sim::Nanos arrival_ns, sim::Context& ctx);
  void WorkDone(int t, sim::Context& ctx);
  void SendRound(int t, sim::Context& ctx);
  void DecideRedlock(int t, sim::Context& ctx);
  void RoundFailed(int t, sim::Context& ctx);
  void Acquired(int t, int64_t token, sim::Context& ctx);
  void SendWrite(int t, sim::Context& ctx);
  // No answer to thread t's write within request_timeout: abandon, free the thread.
  void WriteLost(int t, sim::Context& ctx);
  void TimedOut(int t, sim::Context& ctx);
  // Sends the compare-and-delete for thread t's request to every lock server.
  void UnlockAll(int t, sim::Context& ctx);
  void Release(int t, const char* outcome, sim::Context& ctx);
  void Finish(int t, bool ok, sim::Value result, sim::Context& ctx);
  void FreeThread(int t, sim::Context& ctx);
  void SetStep(int t, sim::Nanos delay_ns, uint64_t kind, sim::Context& ctx);
  std::string Name(int t) const { return LockThreadName(self_, t); }

  const LockOptions options_;
  sim::EndpointId self_ = 0;
  std::vector<Thread> threads_;
  std::deque<Waiting> accept_queue_;
  std::deque<int> permit_queue_;  // local-queue: threads waiting for a permit, FIFO
  int permits_in_use_ = 0;
  std::map<uint64_t, int> rounds_;  // lock round -> thread, while the thread waits on it
  std::map<uint64_t, int> writes_;  // write id -> thread
  uint64_t next_round_ = 0;
  uint64_t next_write_ = 0;
  int holding_ = 0;  // threads in hold_work or writing
  PauseMonitor pause_monitor_;
  int64_t served_ = 0;
  int64_t failed_ = 0;
};

}  // namespace faultline::models

#endif  // FAULTLINE_MODELS_LOCK_POD_NODE_H_
