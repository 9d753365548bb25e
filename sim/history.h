// The history: what clients saw, as Jepsen records it (invoke, then ok / fail / info).
//
// Streamed to history.jsonl in the format of DESIGN.md, one op event per line:
//   {"index":0,"time":1200000,"process":3,"type":"invoke","f":"write","key":"k1","value":5}
// A cas carries its value as [expected, new], as in Jepsen's etcd histories; a read that
// found nothing has "value":null.
#ifndef FAULTLINE_SIM_HISTORY_H_
#define FAULTLINE_SIM_HISTORY_H_

#include <cstdint>
#include <cstdio>
#include <string>

#include "base/time.h"
#include "sim/message.h"
#include "sim/op.h"

namespace faultline::sim {

enum class HistoryType : uint8_t { kInvoke, kOk, kFail, kInfo };

struct HistoryEvent {
  Nanos time = 0;
  int64_t process = 0;
  HistoryType type = HistoryType::kInvoke;
  OpFunction f = OpFunction::kRead;
  int64_t key = 0;
  int64_t value = kNil;   // written value, read result, or cas new value
  int64_t expect = kNil;  // cas only
};

// Appends an op's value as history.jsonl writes it: a number, null for kNil, and for a
// cas [expected, new]. Shared with the trace so both files read the same.
void AppendOpValue(std::string& out, OpFunction f, int64_t value, int64_t expect);

class HistoryWriter {
 public:
  // Streams to `out` when not null; counts either way. The caller owns the FILE.
  explicit HistoryWriter(std::FILE* out) : out_(out) {}
  void Append(const HistoryEvent& e);
  uint64_t count() const { return index_; }
  bool write_failed() const { return write_failed_; }

 private:
  std::FILE* out_;
  bool write_failed_ = false;
  uint64_t index_ = 0;
  std::string line_;
};

}  // namespace faultline::sim

#endif  // FAULTLINE_SIM_HISTORY_H_
