// The read-atomic checker: does a multi-read see multi-writes whole? (Bailis et al.'s Read
// Atomic isolation, RAMP, SIGMOD 2014.) kv.sharded scatters a multi-write as one write per
// key without a two-phase commit, so a multi-read racing it can see it at one key and not
// at another: a *fractured read*.
//
// Evidence, judged only where it is certain: a multi-read R that returns multi-write W's
// value for key a and, for another key b that W also wrote, the value of a write X that
// completed (ok) before W was invoked, or nothing at all (the initial state): X is
// definitely older than W, so R saw part of W. Values identify writes (each multi-write
// writes one value no other wrote); a read of a value that two writes wrote, or that no
// write wrote, is no evidence and is noted. Concurrent writes are never flagged: either
// order is possible. Also measured: the cross-shard latency of ok multi-reads and
// multi-writes (p50, p99). docs/sharding-checker.md defines every metric.
//
//   const ReadAtomicReport r = CheckReadAtomic(history);
//   if (!r.Valid()) std::cout << r.fractured[0].read_op;
//   double p99 = r.metrics.at("multi_write_latency_p99_ns");
#ifndef FAULTLINE_CHECKERS_MULTIKEY_READ_ATOMIC_CHECKER_H_
#define FAULTLINE_CHECKERS_MULTIKEY_READ_ATOMIC_CHECKER_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "checkers/multikey/multikey_history.h"

namespace faultline::checkers::multikey {

// One multi-read that saw part of one multi-write.
struct FracturedRead {
  const MultiKeyOp* read = nullptr;
  const MultiKeyOp* write = nullptr;  // W, seen at saw_key
  std::string saw_key{};
  std::string stale_key{};                  // W wrote it too, yet the read found an older value
  std::optional<int64_t> stale_value{};     // nullopt: never written
  const MultiKeyOp* stale_write = nullptr;  // X, completed before W began; null: initial
};

struct ReadAtomicReport {
  std::vector<FracturedRead> fractured{};  // one per (read, write) pair, in read order
  int64_t fractured_reads = 0;             // reads with at least one
  int64_t multi_reads_ok = 0;              // reads judged
  int64_t multi_writes = 0;
  std::map<std::string, double> metrics{};
  std::vector<std::string> notes{};

  bool Valid() const { return fractured.empty(); }
};

// REQUIRES: `history` outlives the report (it points into history.ops).
ReadAtomicReport CheckReadAtomic(const MultiKeyHistory& history);

}  // namespace faultline::checkers::multikey

#endif  // FAULTLINE_CHECKERS_MULTIKEY_READ_ATOMIC_CHECKER_H_
