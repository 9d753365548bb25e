// A history as the linearizability checker sees it: completed operations with their
// call and return times, read from any of the supported formats (history_reader.h).
//
// Jepsen's semantics: `ok` took effect between call and return; `fail` did not take
// effect at all (the checker drops it, unless Porcupine's semantics read a failed cas as
// a compare that found another value: Operation::failed_compare); `info` is
// indeterminate: it may take effect at any point after its call, or never (its return
// time is kOpenEnded).
//
//   Operation w{.process = 3, .f = "write", .key = "k1", .input = Value::Int(5),
//               .status = Status::kOk, .call = 10, .ret = 20};
#ifndef FAULTLINE_CHECKERS_OPERATION_H_
#define FAULTLINE_CHECKERS_OPERATION_H_

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace faultline::checkers {

// A value in a history: nil, an integer (registers), a string (Porcupine's kv store) or
// a set of integers (what a `set` read returns). The integer case stays cheap: the string
// and the vector allocate nothing while empty.
struct Value {
  enum class Kind : uint8_t { kNil, kInt, kString, kUnknown, kSet };
  Kind kind = Kind::kNil;
  int64_t i = 0;
  std::string s;
  std::vector<int64_t> elems;  // kSet only: sorted, no duplicates

  static Value Nil() { return {}; }
  static Value Int(int64_t v) { return {Kind::kInt, v, {}, {}}; }
  static Value Str(std::string v) { return {Kind::kString, 0, std::move(v), {}}; }
  // An output nobody saw (a read that timed out): matches anything.
  static Value Unknown() { return {Kind::kUnknown, 0, {}, {}}; }
  // A set of integers, in any order; duplicates collapse.
  static Value Set(std::vector<int64_t> v);
  bool operator==(const Value& o) const {
    return kind == o.kind && i == o.i && s == o.s && elems == o.elems;
  }
  std::string ToString() const;  // "nil", "5", "\"x 1 0 y\"", "?", "{1, 3, 5}"
};

enum class Status : uint8_t { kOk, kFail, kInfo };

inline constexpr int64_t kOpenEnded = std::numeric_limits<int64_t>::max();

struct Operation {
  // The op's number, the same in the checker's output, the failure view and every
  // diagram: a faultline history's "op" field (the id its request carries in the trace),
  // else its position in invocation order, from 1.
  int64_t id = 0;
  std::string client;  // the client's name ("c2") when the history says it, else ""
  int64_t process = 0;
  std::string f;    // read | write | cas | get | put | append | ...
  std::string key;  // the object; "" for a single-object history (etcd register)
  Value input;      // write/put/append value; cas expected value
  Value input2;     // cas new value
  Value output;     // read/get result; Unknown() when the op's result was not seen
  Status status = Status::kOk;
  int64_t call = 0;  // invocation time (or position, for formats without times)
  int64_t ret = 0;   // completion time; kOpenEnded for info
  int64_t line = 0;  // 1-based line of the invocation in the source file (evidence)
  // Porcupine's reading of a failed cas (checkers/semantics.h): the op stays kFail, as its
  // file says, but it did happen: it found a value other than `input` and changed nothing.
  bool failed_compare = false;
};

// How evidence names an op: "op 12 (c4, process 3)", or "op 12 (process 3)" when the
// history does not name its clients.
std::string OpName(const Operation& op);
// Who ran it: "c4 (process 3)", or "process 3".
std::string ClientName(const Operation& op);

// Whether the checker must place `op` in the order: an ok op, or a failed compare that
// happened. (An info op may be placed; a plain fail op never is.)
inline bool MustTakeEffect(const Operation& op) {
  return op.status == Status::kOk || op.failed_compare;
}

struct History {
  std::string source;  // file name, for messages
  std::string format;  // faultline | jepsen-etcd | porcupine-kv | jepsen-edn
  std::vector<Operation> ops;
  // What the reader left out or reinterpreted, one sentence each, for the user (e.g.
  // "3 ops with a non-integer :process (the nemesis) skipped: ...").
  std::vector<std::string> notes;
};

}  // namespace faultline::checkers

#endif  // FAULTLINE_CHECKERS_OPERATION_H_
