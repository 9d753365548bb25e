// The trace: every send, delivery, drop, duplicate, timer, crash, restart, pause,
// partition, heal, clock change and client operation of a run, in execution order.
//
// Each event is folded into a 64-bit trace hash over a fixed binary encoding (integers
// and names only, no pointers, no floats), so the hash is the same in every process and
// build; the JSONL text (trace.jsonl) is written only when a sink is attached, and is
// streamed: memory does not grow with the length of a run.
//
//   Trace trace(&endpoint_names, &kinds);
//   trace.AttachFile(file);             // optional
//   trace.Record({.time = now, .type = TraceType::kSend, ...});
//   uint64_t h = trace.hash();
#ifndef FAULTLINE_SIM_TRACE_H_
#define FAULTLINE_SIM_TRACE_H_

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "base/time.h"
#include "sim/hash_mixer.h"
#include "sim/message.h"
#include "sim/op.h"

namespace faultline::sim {

enum class TraceType : uint8_t {
  kStart,      // a node started (first time)
  kSend,       // node -> peer, message
  kDeliver,    // message reached peer's handler (after CPU queueing, if any)
  kDrop,       // message lost; text: loss | partition | node-down | crashed | overload
  kDuplicate,  // the network made a second copy of a message
  kTimer,      // a timer fired on node; a = tag
  kCrash,
  kRestart,
  kPause,
  kResume,
  kPartition,  // text: the cut, e.g. "{n1,n2} | {n3}"
  kHeal,
  kClock,      // text: "jump +300ms" or "drift 200ppm"; a = new local reading
  kLink,       // text: what changed on which links
  kInvoke,     // client op started: node = client, msg_id = op id, a = process, op
  kComplete,   // client op ended: op, value = what the history records; text = outcome
  kNote,       // free text from a model or the runner (phase changes)
};
std::string_view TraceTypeName(TraceType type);

struct TraceRecord {
  Nanos time = 0;
  TraceType type = TraceType::kNote;
  EndpointId node = -1;  // where it happened (sender for send, receiver for deliver)
  EndpointId peer = -1;  // the other end of a message
  uint64_t msg_id = 0;
  MessageKind kind = 0;
  const AnyMessage* body = nullptr;  // message events: the message
  const Op* op = nullptr;            // kInvoke, kComplete: the client op
  const Value* value = nullptr;      // kComplete: the value the history records
  int64_t a = 0;  // type-specific (timer tag, process id, send time of a delivery, ...)
  std::string_view text;
};

class Trace {
 public:
  // Names used in the text form. REQUIRES: both outlive the trace.
  Trace(const std::vector<std::string>* endpoint_names, const MessageKinds* kinds);
  Trace(const Trace&) = delete;
  Trace& operator=(const Trace&) = delete;

  // Streams every following record to `out` as one JSON object per line. The caller keeps
  // ownership of the FILE and closes it.
  void AttachFile(std::FILE* out) { out_ = out; }
  // Writes the `kinds` header line to the attached file (nothing without one): every
  // registered message kind with the fields its diagram label shows, e.g.
  //   {"type":"kinds","kinds":{"heartbeat":{},"replicate":{"label":["key","value","epoch"]}}}
  // It describes the run's vocabulary, not an event: it has no "i" or "t" and is not part
  // of the trace hash or count (the model's types, which the scenario fixes, decide it).
  // REQUIRES: no event recorded yet, every kind registered.
  void WriteKinds();
  void Record(const TraceRecord& r);

  uint64_t hash() const { return Finish(); }
  uint64_t count() const { return count_; }
  // Bytes written to the attached file so far (0 without one).
  uint64_t bytes_written() const { return bytes_written_; }
  // True when writing the attached file failed (disk full): the file is incomplete.
  bool write_failed() const { return write_failed_; }

 private:
  uint64_t Finish() const;
  void WriteJson(const TraceRecord& r);

  const std::vector<std::string>* names_;
  const MessageKinds* kinds_;
  std::FILE* out_ = nullptr;
  bool write_failed_ = false;
  std::string line_;
  HashMixer mixer_;
  uint64_t count_ = 0;
  uint64_t bytes_written_ = 0;
};

}  // namespace faultline::sim

#endif  // FAULTLINE_SIM_TRACE_H_
