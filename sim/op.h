// Client operations and the client protocol every model answers.
//
// A workload (workload.h) generates ops {f, key, value}: `f` is a name the workload owns
// ("read", "cas", "acquire"), key and value are Values. A client sends each op to a node
// as a ClientRequest and waits for a ClientReply; the reply's value is the op's result
// (a read's value, an acquire's fencing token) and reaches the workload and the history.
//
//   void Handle(EndpointId from, const ClientRequest& req, Context& ctx) {
//     if (!leader_) return ctx.Send(from, ClientReply::Fail(req, leader_hint_));
//     ctx.Send(from, ClientReply::Ok(req, store_[req.key]));
//   }
#ifndef FAULTLINE_SIM_OP_H_
#define FAULTLINE_SIM_OP_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "sim/message.h"
#include "sim/value.h"

namespace faultline::sim {

// One client operation, as a workload generates it and the history records its call.
struct Op {
  std::string f{};  // "read", "write", "cas", ...
  Value key{};
  Value value{};  // the argument: a write's value, a cas's [expected, new], nil for a read
  // Where to send it, overriding the scenario's `route` for this op (neither is in the
  // history): `node` >= 0 names a node (a convergence check reads every key at every
  // node); else a non-empty `role` sends it to a live node holding that role (a lock
  // client's write goes to "storage", its acquire to "lock").
  EndpointId node = -1;
  std::string role{};
  // A checker's look inside the system rather than a client's request (a convergence
  // check's replica read): recorded in the history and the trace like any op, but left
  // out of the run's op counts, latency, availability and messages per op.
  bool probe = false;
};

// How an operation ended, as Jepsen records it.
enum class OpOutcome : uint8_t {
  kOk = 1,    // took effect; the value is the result
  kFail = 2,  // definitely did not take effect
  kInfo = 3,  // indeterminate: timed out, may or may not have taken effect
};
std::string_view OpOutcomeName(OpOutcome o);

struct ClientRequest {
  static constexpr std::string_view kKind = "client.req";
  static constexpr std::string_view kLabelFields[] = {"op", "key", "value"};
  uint64_t op = 0;  // the client's op id; the reply names it
  std::string f{};
  Value key{};
  Value value{};
  template <class V>
  void Fields(V& v) {
    v("op", op);
    v("f", f);
    v("key", key);
    v("value", value);
  }
};

struct ClientReply {
  static constexpr std::string_view kKind = "client.reply";
  static constexpr std::string_view kLabelFields[] = {"op", "value"};
  uint64_t op = 0;
  bool ok = false;  // false: the op definitely did not take effect
  Value value{};    // the op's result (nil for none)
  EndpointId leader = -1;  // the node the client should try next, or -1
  template <class V>
  void Fields(V& v) {
    v("op", op);
    v("ok", ok);
    v("value", value);
    v("leader", leader);
  }

  static ClientReply Ok(const ClientRequest& req, Value result = {}, EndpointId leader = -1) {
    return ClientReply{req.op, true, std::move(result), leader};
  }
  static ClientReply Fail(const ClientRequest& req, EndpointId leader = -1, Value result = {}) {
    return ClientReply{req.op, false, std::move(result), leader};
  }
};

}  // namespace faultline::sim

#endif  // FAULTLINE_SIM_OP_H_
