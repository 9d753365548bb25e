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
  // The state of every partition before any operation.
  virtual std::string Init() const = 0;
  // The state after `op` takes effect in `state`, or nullopt if `op` (with its observed
  // output) cannot happen in `state`. Never sees fail ops; an Unknown output matches
  // anything. Unknown `op.f` is illegal everywhere.
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

}  // namespace faultline::checkers

#endif  // FAULTLINE_CHECKERS_SPEC_H_
