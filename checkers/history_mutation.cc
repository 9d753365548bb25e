// Mutate() of history_generator.h: each mutation changes one read's output (or two writes'
// values) so that a short argument over real-time order and unique writers rules out
// every linearization. The arguments, with "a < b" for "a returned before b was called"
// and every written value having exactly one writer:
//
//   read-never-written    no state ever holds the value the ok read returns.
//   read-of-failed-write  the only writer is a fail op, which did not take effect.
//   read-from-future      the only writer w has r < w, so w takes effect after r does.
//   stale-read            w < x < r with x an ok write or cas: x leaves another value,
//                         and only w (already before x) could bring back w's value; for
//                         nil, nothing writes nil.
//   swap-writes           after the swap, r (with w2 < r) reads the value now written
//                         only by w1 < w2: a stale read; or r (with r < w2) reads the
//                         value now written only by w2: a read from the future.
#include <algorithm>
#include <limits>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "base/strings.h"
#include "checkers/history_generator.h"
#include "checkers/linearizability.h"
#include "sim/rng.h"

namespace faultline::checkers {
namespace {

bool Writes(const Operation& op) { return op.f == "write" || op.f == "cas"; }
const Value& Written(const Operation& op) { return op.f == "cas" ? op.input2 : op.input; }
// An op that must take effect and leaves its own value (an ok cas did match).
bool OkWriter(const Operation& op) { return op.status == Status::kOk && Writes(op); }
bool OkWrite(const Operation& op) { return op.status == Status::kOk && op.f == "write"; }
// a returned before b was called: every linearization puts a first. Info ops never
// return (ret == kOpenEnded), so they precede nothing.
bool Precedes(const Operation& a, const Operation& b) {
  return a.status != Status::kInfo && a.ret < b.call;
}

struct KeyIndex {
  std::vector<size_t> ops;                         // in History::ops order
  absl::flat_hash_map<int64_t, size_t> writer_of;  // written value -> its one writer
};

// The history's ops by key, with each written value's writer; an empty `error` means the
// history is one the proofs cover.
struct Index {
  std::map<std::string, KeyIndex> keys;
  std::vector<size_t> ok_reads;
  int64_t max_written = 0;
  std::string error;
};

Index BuildIndex(const History& h) {
  Index index;
  for (size_t i = 0; i < h.ops.size(); ++i) {
    const Operation& op = h.ops[i];
    if (op.f != "read" && !Writes(op)) {
      index.error = absl::StrCat("op ", op.id, " is a '", op.f, "': only read, write and cas");
      return index;
    }
    KeyIndex& key = index.keys[op.key];
    key.ops.push_back(i);
    if (op.f == "read") {
      if (op.status == Status::kOk) index.ok_reads.push_back(i);
      continue;
    }
    const Value& v = Written(op);
    if (v.kind != Value::Kind::kInt) {
      index.error = absl::StrCat("op ", op.id, " writes ", v.ToString(), ", not an integer");
      return index;
    }
    if (!key.writer_of.emplace(v.i, i).second) {
      index.error = absl::StrCat("ops #", key.writer_of[v.i], " and #", i, " both write ", v.i,
                                 " to key '", op.key, "': values must be unique per key");
      return index;
    }
    index.max_written = std::max(index.max_written, v.i);
  }
  return index;
}

// One of `candidates` chosen with `rng`. REQUIRES: not empty.
size_t PickOne(const std::vector<size_t>& candidates, sim::Rng& rng) {
  return candidates[rng.Below(candidates.size())];
}

// The ops of `key` that satisfy `pred`.
template <typename Pred>
std::vector<size_t> Filter(const History& h, const KeyIndex& key, Pred pred) {
  std::vector<size_t> out;
  for (size_t i : key.ops) {
    if (pred(h.ops[i])) out.push_back(i);
  }
  return out;
}

std::string Op(const History& h, size_t i) {
  return DescribeOp(h.ops[i]);
}

// One attempt at a mutation around the ok read `r`: each function below fills `out` and
// returns true if it applied, or changes nothing and returns false.
struct Attempt {
  History& h;
  const Index& index;
  size_t r;
  sim::Rng& rng;
  MutationOutcome& out;

  Operation& read() const { return h.ops[r]; }
  const KeyIndex& key() const { return index.keys.at(h.ops[r].key); }
};

bool ReadNeverWritten(const Attempt& a) {
  if (a.index.max_written == std::numeric_limits<int64_t>::max()) return false;
  const std::string before = Op(a.h, a.r);
  a.read().output = Value::Int(a.index.max_written + 1);
  a.out.ops = {a.r};
  a.out.description =
      absl::StrCat(before, " now returns ", a.read().output.i, ", which no op writes");
  return true;
}

bool ReadOfFailedWrite(const Attempt& a) {
  const auto ws = Filter(
      a.h, a.key(), [](const Operation& op) { return op.status == Status::kFail && Writes(op); });
  if (ws.empty()) return false;
  const size_t w = PickOne(ws, a.rng);
  const std::string before = Op(a.h, a.r);
  a.read().output = Written(a.h.ops[w]);
  a.out.ops = {a.r, w};
  a.out.description = absl::StrCat(before, " now returns the value of the failed ", Op(a.h, w));
  return true;
}

bool ReadFromFuture(const Attempt& a) {
  const auto ws = Filter(a.h, a.key(),
                         [&](const Operation& op) { return Writes(op) && Precedes(a.read(), op); });
  if (ws.empty()) return false;
  const size_t w = PickOne(ws, a.rng);
  const std::string before = Op(a.h, a.r);
  a.read().output = Written(a.h.ops[w]);
  a.out.ops = {a.r, w};
  a.out.description = absl::StrCat(before, " now returns the value of ", Op(a.h, w),
                                   ", called after the read returned");
  return true;
}

bool StaleRead(const Attempt& a) {
  const auto xs = Filter(
      a.h, a.key(), [&](const Operation& op) { return OkWriter(op) && Precedes(op, a.read()); });
  if (xs.empty()) return false;
  const size_t x = PickOne(xs, a.rng);
  const auto ws = Filter(
      a.h, a.key(), [&](const Operation& op) { return OkWriter(op) && Precedes(op, a.h.ops[x]); });
  const std::string before = Op(a.h, a.r);
  a.out.ops = {a.r, x};
  if (ws.empty()) {
    a.read().output = Value::Nil();
    a.out.description =
        absl::StrCat(before, " now returns nil, overwritten by ", Op(a.h, x), " before the read");
    return true;
  }
  const size_t w = PickOne(ws, a.rng);
  a.read().output = Written(a.h.ops[w]);
  a.out.ops.push_back(w);
  a.out.description = absl::StrCat(before, " now returns the value of ", Op(a.h, w),
                                   ", overwritten by ", Op(a.h, x), " before the read");
  return true;
}

bool SwapWrites(const Attempt& a) {
  const Operation& read = a.read();
  if (read.output.kind != Value::Kind::kInt) return false;
  const auto seen = a.key().writer_of.find(read.output.i);
  if (seen == a.key().writer_of.end() || !OkWrite(a.h.ops[seen->second])) return false;
  const size_t w = seen->second;
  std::vector<std::pair<size_t, size_t>> pairs;  // (w1, w2) with w1 < w2
  // The read saw w2's value after w2 returned: w1 is any earlier ok write.
  if (Precedes(a.h.ops[w], read)) {
    for (size_t w1 : Filter(a.h, a.key(), [&](const Operation& op) {
           return OkWrite(op) && Precedes(op, a.h.ops[w]);
         })) {
      pairs.emplace_back(w1, w);
    }
  }
  // The read saw w1's value and returned before w2 was called.
  for (size_t w2 : Filter(a.h, a.key(), [&](const Operation& op) {
         return OkWrite(op) && Precedes(a.h.ops[w], op) && Precedes(read, op);
       })) {
    pairs.emplace_back(w, w2);
  }
  if (pairs.empty()) return false;
  const auto [w1, w2] = pairs[a.rng.Below(pairs.size())];
  const std::string before = absl::StrCat(Op(a.h, w1), " and ", Op(a.h, w2));
  std::swap(a.h.ops[w1].input, a.h.ops[w2].input);
  a.out.ops = {w1, w2, a.r};
  a.out.description =
      absl::StrCat("swapped the values of ", before, ", which ", Op(a.h, a.r), " tells apart");
  return true;
}

bool MutateAt(const Attempt& a, Mutation mutation) {
  switch (mutation) {
    case Mutation::kReadNeverWritten:
      return ReadNeverWritten(a);
    case Mutation::kReadOfFailedWrite:
      return ReadOfFailedWrite(a);
    case Mutation::kReadFromFuture:
      return ReadFromFuture(a);
    case Mutation::kStaleRead:
      return StaleRead(a);
    case Mutation::kSwapWrites:
      return SwapWrites(a);
  }
  return false;
}

}  // namespace

MutationOutcome Mutate(History& history, Mutation mutation, uint64_t seed) {
  MutationOutcome out;
  const Index index = BuildIndex(history);
  if (!index.error.empty()) {
    out.description = absl::StrCat(Sv(MutationName(mutation)), ": not applied: ", index.error);
    return out;
  }
  sim::Rng rng = sim::Rng(seed).Fork(MutationName(mutation));
  // Every ok read is tried once, from a random one on, so the mutation applies wherever
  // it can and the place still depends on the seed.
  const size_t n = index.ok_reads.size();
  const size_t start = n == 0 ? 0 : rng.Below(n);
  for (size_t k = 0; k < n; ++k) {
    const size_t r = index.ok_reads[(start + k) % n];
    if (MutateAt(Attempt{history, index, r, rng, out}, mutation)) {
      out.applied = true;
      out.description = absl::StrCat(Sv(MutationName(mutation)), ": ", out.description);
      return out;
    }
  }
  out.description = absl::StrCat(Sv(MutationName(mutation)), ": not applied: no ok read ",
                                 n == 0 ? "in the history" : "with the ops this mutation needs");
  return out;
}

}  // namespace faultline::checkers
