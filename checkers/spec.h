// Sequential specifications for the linearizability checker.
//
// A spec is a pure state machine over opaque, byte-comparable states: the checker
// memoises (linearised ops, state) pairs, so two states are the same iff their strings
// are equal. Strings keep specs trivial to write and to print in evidence; the checker
// interns them, so each distinct state is stored once per partition.
//
// "Spec", not "model": models/ holds the systems under test that the simulator runs; a
// spec is what a checker judges their histories against. (`faultline check --model NAME`
// keeps its flag name, with --spec as an alias.)
//
//   const Spec* m = FindSpec("register");
//   std::string s = m->Init();
//   std::optional<std::string> next = m->Step(s, op);  // nullopt: op illegal here
#ifndef FAULTLINE_CHECKERS_SPEC_H_
#define FAULTLINE_CHECKERS_SPEC_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "checkers/operation.h"

namespace faultline::checkers {

// How a read acts, for the search's fast path (Spec::AsPureRead): it never changes the
// state and is legal in every state (`any_state`, e.g. a read whose result nobody saw) or
// in exactly the listed states.
struct PureRead {
  bool any_state = false;
  std::vector<std::string> states;
};

class Spec {
 public:
  virtual ~Spec() = default;
  // The registry name ("register", "kv").
  virtual std::string_view name() const = 0;
  // The ops (values of Operation::f) this spec knows. Any other op is bad input, refused
  // before the search (ValidateHistory): Step would find it illegal in every state and
  // the check would report a violation that is really a history checked with the wrong
  // spec.
  virtual std::vector<std::string_view> ops() const = 0;
  // What is wrong with a known op's values, as "an integer to add, found \"x\"", or ""
  // when they fit. Default: any values fit.
  virtual std::string ValueError(const Operation& /*op*/) const { return {}; }
  // The state of every partition before any operation.
  virtual std::string Init() const = 0;
  // The state after `op` takes effect in `state`, or nullopt if `op` (with its observed
  // output) cannot happen in `state`. Never sees fail ops, but for a cas with
  // failed_compare set (operation.h); an Unknown output matches anything. Unknown `op.f`
  // is illegal everywhere.
  virtual std::optional<std::string> Step(std::string_view state, const Operation& op) const = 0;
  // Ops with different partitions never interact (P-compositionality), so each partition
  // is checked on its own. Default: the op's key.
  virtual std::string Partition(const Operation& op) const { return op.key; }
  // A human-readable state for evidence.
  virtual std::string DescribeState(std::string_view state) const { return std::string(state); }
  // Optional, for speed: when `op` is a read, the states it is legal in (it leaves them
  // unchanged), so the search tests legality by comparing interned ids instead of
  // calling Step. Must agree with Step exactly; nullopt (the default) means "ask Step".
  virtual std::optional<PureRead> AsPureRead(const Operation& /*op*/) const { return std::nullopt; }
};

// The spec registered under `name`, or nullptr. The pointer lives forever.
const Spec* FindSpec(std::string_view name);
// Registered names, sorted.
std::vector<std::string> SpecNames();

// OK when `spec` knows every op of `history` and their values fit; else InvalidArgument
// naming the first bad op's line: "SOURCE:LINE: spec kv has no op 'frobnicate'; it knows
// read, write, cas, get, put, append; did you mean ...?". Fail ops count too: an op the
// spec does not know means the history was written for another spec.
[[nodiscard]] absl::Status ValidateHistory(const History& history, const Spec& spec);

}  // namespace faultline::checkers

#endif  // FAULTLINE_CHECKERS_SPEC_H_
