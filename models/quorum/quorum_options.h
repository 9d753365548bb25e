// The tunables of kv.quorum, decoded from a scenario's `cluster.params` (kv_quorum.cc).
// Shared read-only by every node of one run.
#ifndef FAULTLINE_MODELS_QUORUM_QUORUM_OPTIONS_H_
#define FAULTLINE_MODELS_QUORUM_QUORUM_OPTIONS_H_

#include "sim/time.h"

namespace faultline::models {

struct QuorumOptions {
  // lww: one version per key, the newest (coordinator's local timestamp, node id) wins;
  // vector: vector clocks, concurrent versions are kept side by side as siblings.
  enum class Versions { kLww, kVector };
  enum class AntiEntropyMode { kMerkle, kFullSync };

  // Replicas per key (the preference list's length), and the replies a coordinator waits
  // for before it answers a read (r) or a write (w). 1 <= r, w <= n <= the node count.
  int n = 3;
  int r = 2;
  int w = 2;
  Versions versions = Versions::kLww;
  // After answering a read, push the newest version(s) to preference-list replicas whose
  // replies were stale (until the request's timeout).
  bool read_repair = true;
  // Sloppy quorum: a replica that has not answered within handoff_timeout (or that this
  // coordinator suspects) is stood in for by the next node on the ring, which keeps the
  // write as a hint and hands it off later. Off: strict quorum over the preference list.
  bool hinted_handoff = false;
  sim::Nanos handoff_timeout_ns = 50 * sim::kMillisecond;
  // How often a node retries handing its hints to their intended replicas.
  sim::Nanos hint_retry_ns = 100 * sim::kMillisecond;
  // 0: no anti-entropy; else each node syncs with one peer every interval.
  sim::Nanos anti_entropy_ns = 0;
  AntiEntropyMode anti_entropy_mode = AntiEntropyMode::kMerkle;
  // How long a coordinator waits for r (w) replies. A read still short answers fail; a
  // write still short stays unanswered (it may have been applied: the client records
  // info). Late replies are used for read repair until then.
  sim::Nanos request_timeout_ns = 500 * sim::kMillisecond;
  // Planted bug: replicas keep whatever arrives last, coordinators return the first reply.
  bool bug_no_version_compare = false;
};

}  // namespace faultline::models

#endif  // FAULTLINE_MODELS_QUORUM_QUORUM_OPTIONS_H_
