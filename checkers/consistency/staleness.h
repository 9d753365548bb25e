// Staleness: a measure of how far behind reads are, not a verdict.
//
// Stale reads. For an ok read r of a key, the writes "acked before" r are the key's ok
// writes that completed before r was invoked (w.ret < r.call). r is stale when some of
// them is newer than everything r returned (each returned value precedes it, kv_view.h;
// nil precedes every write). Its versions behind: how many acked-before writes are newer
// than what it returned; its time behind: r.call minus the ack time of the oldest such
// newer write (how long the newer value had been acknowledged when r began). A fresh
// read is 0 versions and 0ns behind; a read returning a value that names no write, or an
// `info` write's value, is counted fresh (nothing is known against it). Percentiles are
// over all reads (nearest rank), so "p99 versions behind = 1" reads as PBS's
// k-staleness: 99% of reads are at most one version behind.
//
// t-visibility (Bailis, Venkataraman, Franklin, Hellerstein and Stoica, "Probabilistically
// Bounded Staleness for Practical Partial Quorums", VLDB 2012): the probability that a
// read invoked t after a write was acknowledged returns that write or a newer one, when
// no newer write intervenes. Each ok read r pairs with the write w of its key invoked
// last before r (w.call < r.call, no other write of the key, ok or info, invoked in
// [w.call, r.call)), when w is ok and was acknowledged by then (w.ret <= r.call): t =
// r.call - w.ret. The pair is fresh when r reflects w (returns w, or a value not older
// than w). Pairs fall into fixed-width buckets of t: [0, width), [width, 2 width), ...,
// and the last bucket, starting at the horizon width * buckets, holds every t at or
// beyond it. Only buckets with pairs are reported, in increasing t.
//
//   StalenessReport s = MeasureStaleness(view, StalenessOptions{});
#ifndef FAULTLINE_CHECKERS_CONSISTENCY_STALENESS_H_
#define FAULTLINE_CHECKERS_CONSISTENCY_STALENESS_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "checkers/consistency/kv_view.h"

namespace faultline::checkers::consistency {

struct StalenessOptions {
  int64_t t_bucket_ns = 1'000'000;  // 1ms: fine enough to see a few ms of replication lag
  int64_t t_buckets = 100;          // horizon 100ms; later pairs share the last bucket
};

struct Percentiles {
  int64_t p50 = 0;
  int64_t p95 = 0;
  int64_t p99 = 0;
  int64_t max = 0;
};

struct StaleRead {
  size_t read = 0;          // index into History::ops
  size_t oldest_newer = 0;  // the first-acked write newer than what the read returned
  int64_t versions_behind = 0;
  int64_t time_behind_ns = 0;
};

struct TVisibilityPoint {
  int64_t t_ns = 0;  // the bucket's lower bound
  size_t pairs = 0;
  size_t fresh = 0;
  double probability = 0;  // fresh / pairs
};

struct StalenessReport {
  size_t judged_ops = 0;
  size_t reads = 0;
  size_t stale_reads = 0;
  double stale_read_ratio = 0;  // stale_reads / reads; 0 without reads
  Percentiles versions_behind;
  Percentiles time_behind_ns;
  std::vector<StaleRead> examples;  // the first kMaxEvidence stale reads, history order
  int64_t t_bucket_ns = 0;
  int64_t t_horizon_ns = 0;
  std::vector<TVisibilityPoint> t_visibility;
};

// REQUIRES: options.t_bucket_ns > 0, options.t_buckets > 0.
StalenessReport MeasureStaleness(const KvView& view, const StalenessOptions& options);

// The t-visibility curve alone (staleness.h's definition).
std::vector<TVisibilityPoint> TVisibility(const KvView& view, const StalenessOptions& options);

}  // namespace faultline::checkers::consistency

#endif  // FAULTLINE_CHECKERS_CONSISTENCY_STALENESS_H_
