// The history: what clients saw, as Jepsen records it (invoke, then ok / fail / info).
//
// Streamed to history.jsonl in the format of DESIGN.md, one op event per line:
//   {"index":0,"time":1200000,"process":3,"client":"c4","op":1,"type":"invoke","f":"write","key":"k1","value":5}
// `op` is the op's number (from 1, in invocation order: the id its request carries in the
// trace) and `client` the client's lane name; the checkers and every diagram name the op
// by them ("op 1, c4"), so the same op has the same number everywhere. `process` is
// Jepsen's: a client whose op timed out (info) continues as a new process.
// `f`, `key` and `value` are the workload's (value: the op's argument at invoke, the
// value the workload chose to record at completion); a kv cas carries [expected, new], as
// in Jepsen's etcd histories; a read that found nothing has "value":null.
//
// A node's observation (Context::Observe) is a line of its own, with the node's name in
// place of process, client and op, and its detail fields in order:
//   {"index":57,"time":812000000,"node":"n5","type":"observe","f":"apply","key":"e7","value":3,"detail":{"consumer":"n2","deliveries":2}}
#ifndef FAULTLINE_SIM_HISTORY_H_
#define FAULTLINE_SIM_HISTORY_H_

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "base/time.h"
#include "sim/node.h"
#include "sim/op.h"
#include "sim/value.h"

namespace faultline::sim {

enum class HistoryType : uint8_t { kInvoke, kOk, kFail, kInfo };

struct HistoryEvent {
  Nanos time = 0;
  int64_t process = 0;
  uint64_t op_id = 0;            // from 1
  std::string_view client;       // "c4"
  HistoryType type = HistoryType::kInvoke;
  const Op* op = nullptr;        // f and key (and the value at invoke)
  const Value* value = nullptr;  // completion: the recorded value (null: op->value)
};

class HistoryWriter {
 public:
  // Streams to `out` when not null; counts either way. The caller owns the FILE.
  explicit HistoryWriter(std::FILE* out) : out_(out) {}
  void Append(const HistoryEvent& e);
  void AppendObservation(Nanos time, std::string_view node, const Observation& o);
  uint64_t count() const { return index_; }
  bool write_failed() const { return write_failed_; }

 private:
  void Write();  // line_, to out_

  std::FILE* out_;
  bool write_failed_ = false;
  uint64_t index_ = 0;
  std::string line_;
};

}  // namespace faultline::sim

#endif  // FAULTLINE_SIM_HISTORY_H_
