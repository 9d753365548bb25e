// A stored version of one key's value, and how versions of one key are reconciled.
//
// kv.quorum keeps, per key, a *sibling set*: the versions no other version of that key
// supersedes. Under `lww` the set holds at most one version, the one with the highest
// (timestamp, writer) stamp. Under `vector` every version carries a vector clock; a
// version whose clock another one's dominates is dropped, and mutually concurrent ones
// are all kept (Dynamo's and Riak's siblings), for a reader to see and reconcile.
//
//   Siblings s;
//   MergeVersion(s, Version{.value = Value::Int(3), .ts = 10, .writer = 1}, Mode::kLww);
//   VectorClock c = MergedClock(s);  // pointwise max of every sibling's clock
#ifndef FAULTLINE_MODELS_QUORUM_VERSION_H_
#define FAULTLINE_MODELS_QUORUM_VERSION_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "sim/message.h"
#include "sim/value.h"

namespace faultline::models {

// One node's counter in a vector clock.
struct ClockEntry {
  sim::EndpointId node = 0;
  int64_t counter = 0;
  template <class V>
  void Fields(V& v) {
    v("node", node);
    v("counter", counter);
  }
  friend bool operator==(const ClockEntry&, const ClockEntry&) = default;
};

// Sorted by node, no zero counters, at most one entry per node (so at most the node count
// entries).
using VectorClock = std::vector<ClockEntry>;

enum class ClockOrder { kEqual, kBefore, kAfter, kConcurrent };

// How clock a relates to clock b: kBefore if b dominates a (a <= b pointwise, a != b).
ClockOrder CompareClocks(const VectorClock& a, const VectorClock& b);
// The pointwise maximum.
VectorClock MergeClocks(const VectorClock& a, const VectorClock& b);
// `node`'s counter in c (0 if absent).
int64_t ClockCounter(const VectorClock& c, sim::EndpointId node);
// c with `node`'s counter set to `counter`. REQUIRES: counter > 0.
VectorClock WithCounter(VectorClock c, sim::EndpointId node, int64_t counter);

struct Version {
  sim::Value value;
  // lww: the coordinator's local clock when it stamped the write, and its id (tie-break).
  int64_t ts = 0;
  sim::EndpointId writer = 0;
  // vector: the version's clock (empty under lww).
  VectorClock clock;
  template <class V>
  void Fields(V& v) {
    v("value", value);
    v("ts", ts);
    v("writer", writer);
    v("clock", clock);
  }
  friend bool operator==(const Version&, const Version&) = default;
};

// A key's current versions; see the header comment. Bounded: one version under lww; under
// vector at most kSiblingsMax (beyond that the lowest-stamped siblings are dropped, as
// Riak's sibling limit does, so a store cannot grow without bound).
using Siblings = std::vector<Version>;
inline constexpr size_t kSiblingsMax = 64;

enum class VersionMode { kLww, kVector };

// Whether version a's lww stamp (ts, writer) is newer than b's.
bool NewerStamp(const Version& a, const Version& b);

// Reconciles `incoming` into `set`; returns whether `set` changed.
bool MergeVersion(Siblings& set, const Version& incoming, VersionMode mode);
// Reconciles every version of `incoming` into `set`; returns whether `set` changed.
bool MergeSiblings(Siblings& set, const Siblings& incoming, VersionMode mode);
// Whether `set` already holds everything `other` would add (merging changes nothing).
bool Covers(const Siblings& set, const Siblings& other, VersionMode mode);
// The pointwise maximum of every sibling's clock: what a new write descends from.
VectorClock MergedClock(const Siblings& set);

// A stable 64-bit digest of a sibling set (for anti-entropy's hash tree).
uint64_t SiblingsHash(const Siblings& set);

// What a read of `set` returns: nil if empty, the value if one, else the sibling values
// as a list sorted ascending (the shared decision for reads of siblings).
sim::Value ReadValue(const Siblings& set);

// A sibling set as a Value, for the disk, and back. Decode returns nullopt on a record
// this code did not write.
sim::Value EncodeSiblings(const Siblings& set);
std::optional<Siblings> DecodeSiblings(const sim::Value& v);

}  // namespace faultline::models

#endif  // FAULTLINE_MODELS_QUORUM_VERSION_H_
