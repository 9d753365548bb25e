// The seam between the simulator and a system under test.
//
// A model's node sees the world only through its Context: its local clock, the network,
// timers, its own random stream and its disk. That single seam (LevelDB's Env,
// FoundationDB's INetwork) is what makes a run deterministic: a node cannot reach a wall
// clock or the OS without going around it, and the `tidy` test forbids that.
//
// A node declares the message types it handles and gets one typed handler per type:
//
//   struct Ping { static constexpr std::string_view kKind = "ping"; int64_t hops = 0;
//                 template <class V> void Fields(V& v) { v("hops", hops); } };
//   class Echo : public NodeOf<Echo, Ping, ClientRequest> {
//    public:
//     void Handle(EndpointId from, const Ping& p, Context& ctx) { ctx.Send(from, p); }
//     void Handle(EndpointId from, const ClientRequest& r, Context& ctx) { ... }
//     void OnStart(Context&) override {}
//   };
//
// Leaving out a Handle for a listed type is a compile error. A message of a type the node
// does not list is a wiring bug in the model (it sent a type its peer cannot read): the
// run stops with an internal error naming the kind, never a silent drop.
#ifndef FAULTLINE_SIM_NODE_H_
#define FAULTLINE_SIM_NODE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/disk.h"
#include "sim/message.h"
#include "sim/op.h"
#include "sim/rng.h"
#include "sim/time.h"
#include "sim/value.h"

namespace faultline::sim {

using TimerId = uint64_t;

// A node's record for the history (Context::Observe):
//   ctx.Observe({.f = "apply", .key = Value::Str("e7"), .value = Value::Int(3),
//                .detail = {{"consumer", Value::Str("n2")}, {"deliveries", Value::Int(2)}}});
struct Observation {
  std::string f;
  Value key;
  Value value;
  std::vector<std::pair<std::string, Value>> detail;  // written in this order
};

// What a node's CPU model holds now and has served (cluster.cpu): for a model that
// reports its own load (a single-threaded lock server's utilisation and queue). All zero
// when the scenario models no CPU.
struct CpuLoad {
  int64_t queued = 0;        // messages waiting for a worker now
  int64_t in_service = 0;    // messages a worker is serving now
  uint64_t served = 0;       // services begun since the run started (across restarts)
  Nanos busy_ns = 0;         // the sum of their service times
};

class Context {
 public:
  virtual ~Context() = default;
  // This node's endpoint id (0-based; node i is named "n{i+1}").
  virtual EndpointId self() const = 0;
  // The nodes of this node's cluster, self included, ascending: all of n1..nN for a model
  // at the top, a subset for a sub-model's group (sub_context.h).
  virtual const std::vector<EndpointId>& members() const = 0;
  int node_count() const { return static_cast<int>(members().size()); }
  // The node's local clock: true time plus skew, drift and jumps. Never true time.
  virtual Nanos LocalNow() const = 0;
  // Sends a message through the network model (latency, loss, partitions apply).
  // REQUIRES: the model registered T (MessageKinds::Add / AddHandledBy).
  template <MessageBody T>
  void Send(EndpointId to, T msg) {
    SendMessage(to, TypeInfoOf<T>(), AnyMessage(std::move(msg)));
  }
  // Fires OnTimer(id, tag) after `delay_ns` of this node's local time.
  virtual TimerId SetTimer(Nanos delay_ns, uint64_t tag) = 0;
  // Cancelling a timer that already fired or was cancelled is a no-op.
  virtual void CancelTimer(TimerId id) = 0;
  // The node's own random stream (forked from the run seed by node index).
  virtual Rng& rng() = 0;
  // Survives crashes; see Disk for what a crash loses.
  virtual Disk& disk() = 0;
  // A free-form note in the trace ("became leader in term 3"), for people reading it.
  virtual void Note(std::string text) = 0;
  // A fact only a node sees, for the checkers: the message a downstream store applied and
  // by which path, the lock a server granted. Written to history.jsonl as an `observe`
  // line beside the clients' ops (sim/history.h), never to the trace, so observing
  // changes no trace hash. Models that want it drawn also Note it.
  virtual void Observe(Observation o) = 0;

  // Untyped send in this context's namespace (Send's body).
  virtual void SendMessage(EndpointId to, const MessageTypeInfo& type, AnyMessage body) = 0;
  // Sends with the kind of `type` in namespace `space` (a MessageKinds::Space index), so a
  // SubContext can send in its group's namespace through its parent (sub_context.h).
  // REQUIRES: the model registered the type in that namespace.
  virtual void SendInSpace(EndpointId to, int space, const MessageTypeInfo& type,
                           AnyMessage body) = 0;
  // The namespace this context sends in: 0 (the root) but in a SubContext.
  virtual int space() const { return 0; }
  // This node's CPU load (reading it changes nothing). A SubContext forwards its host's.
  virtual CpuLoad cpu_load() const { return {}; }
};

class Node {
 public:
  virtual ~Node() = default;
  // Called when the node starts, and again after each restart (with a fresh object: all
  // volatile state is gone; read what survived from ctx.disk()).
  virtual void OnStart(Context& ctx) = 0;
  // Called once per delivered message. REQUIRES: msg.to == ctx.self(). NodeOf implements
  // it; only a host of sub-models (sub_model_host.h) writes its own.
  virtual void OnMessage(const Envelope& msg, Context& ctx) = 0;
  // Called when a timer set with SetTimer fires (never after CancelTimer).
  virtual void OnTimer(TimerId /*id*/, uint64_t /*tag*/, Context& /*ctx*/) {}
  // The roles this node holds now ("leader", "follower", "primary", "router",
  // "shard2/leader" for a sub-model's, see sub_model_host.h): fault targets and client
  // routing resolve them when they fire.
  virtual void AppendRoles(std::vector<std::string>& /*roles*/) const {}
  // A one-line description of the node's state for the trace's final summary.
  virtual std::string Describe() const { return {}; }
};

// The node's roles as a list (see AppendRoles).
std::vector<std::string> RolesOf(const Node& node);
bool HasRole(const Node& node, std::string_view role);

// Reports a message of a type the receiving node does not handle (a model wiring bug).
[[noreturn]] void UnhandledMessage(const Envelope& msg);

// Base of a node that handles exactly the message types Ms..., each in
// `void Handle(EndpointId from, const M& msg, Context& ctx)` of Self.
template <class Self, MessageBody... Ms>
class NodeOf : public Node {
 public:
  using Handled = TypeList<Ms...>;

  void OnMessage(const Envelope& msg, Context& ctx) final {
    if (!(TryHandle<Ms>(msg, ctx) || ...)) UnhandledMessage(msg);
  }

 private:
  template <class M>
  bool TryHandle(const Envelope& msg, Context& ctx) {
    if (&msg.body.type() != &TypeInfoOf<M>()) return false;
    static_cast<Self*>(this)->Handle(msg.from, *static_cast<const M*>(msg.body.data()), ctx);
    return true;
  }
};

}  // namespace faultline::sim

#endif  // FAULTLINE_SIM_NODE_H_
