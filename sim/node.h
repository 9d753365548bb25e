// The seam between the simulator and a system under test.
//
// A model's node sees the world only through its Context: its local clock, the network,
// timers, its own random stream and its disk. That single seam (LevelDB's Env,
// FoundationDB's INetwork) is what makes a run deterministic: a node cannot reach a wall
// clock or the OS without going around it, and the `tidy` test forbids that.
//
//   class Echo : public Node {
//     void OnMessage(const Message& m, Context& ctx) override {
//       ctx.Send(m.from, m.kind, m.fields);
//     }
//   };
#ifndef FAULTLINE_SIM_NODE_H_
#define FAULTLINE_SIM_NODE_H_

#include <cstdint>
#include <string>

#include "sim/disk.h"
#include "sim/message.h"
#include "sim/op.h"
#include "sim/rng.h"
#include "sim/time.h"

namespace faultline::sim {

using TimerId = uint64_t;

class Context {
 public:
  virtual ~Context() = default;
  // This node's endpoint id (0-based; node i is named "n{i+1}").
  virtual EndpointId self() const = 0;
  // Number of server nodes in the cluster (clients are not counted).
  virtual int node_count() const = 0;
  // The node's local clock: true time plus skew, drift and jumps. Never true time.
  virtual Nanos LocalNow() const = 0;
  // Sends a message through the network model (latency, loss, partitions apply).
  virtual void Send(EndpointId to, MessageKind kind, const Fields& fields) = 0;
  // Answers a client request (kind "client.req") with ok or fail; `value` is the result
  // (kNil for none); `leader_hint` names the node the client should use, or -1.
  virtual void ReplyToClient(const Message& request, OpOutcome outcome, int64_t value,
                             EndpointId leader_hint) = 0;
  // Fires OnTimer(id, tag) after `delay_ns` of this node's local time.
  virtual TimerId SetTimer(Nanos delay_ns, uint64_t tag) = 0;
  // Cancelling a timer that already fired or was cancelled is a no-op.
  virtual void CancelTimer(TimerId id) = 0;
  // The node's own random stream (forked from the run seed by node index).
  virtual Rng& rng() = 0;
  // Survives crashes; see Disk for what a crash loses.
  virtual Disk& disk() = 0;
  // A free-form note in the trace ("promoted to primary, epoch 3"), for people reading it.
  virtual void Note(std::string text) = 0;
  // The built-in client protocol's message kinds.
  virtual MessageKind client_request_kind() const = 0;
};

class Node {
 public:
  virtual ~Node() = default;
  // Called when the node starts, and again after each restart (with a fresh object: all
  // volatile state is gone; read what survived from ctx.disk()).
  virtual void OnStart(Context& ctx) = 0;
  // Called once per delivered message. REQUIRES: msg.to == ctx.self().
  virtual void OnMessage(const Message& msg, Context& ctx) = 0;
  // Called when a timer set with SetTimer fires (never after CancelTimer).
  virtual void OnTimer(TimerId id, uint64_t tag, Context& ctx) = 0;
  // True while this node believes it leads (primary, leader): lets faults target
  // "primary" and clients route to it.
  virtual bool IsLeader() const { return false; }
  // A one-line description of the node's state for the trace's final summary.
  virtual std::string Describe() const { return {}; }
};

}  // namespace faultline::sim

#endif  // FAULTLINE_SIM_NODE_H_
