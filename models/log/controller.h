// The controller and group coordinator of log.partitioned: state kept by broker n1 beside
// its own partitions (broker_node.h hands it the messages addressed to that role).
//
// LogController: brokers heartbeat it; one silent for `session_timeout` is dead, and every
// partition it led gets a new leader from its ISR (the first live one in replica order),
// with the leader epoch bumped. With no live ISR member the partition goes offline until
// one returns, or, with `unclean_leader_election`, the first live out-of-sync replica
// leads and whatever only the ISR had is gone. A leader's ISR changes (a lagging
// follower out, a caught-up one back) take effect only when the controller accepts them.
// Metadata and committed offsets are kept on n1's disk (synced), so a restart keeps them.
//
// Coordinator: consumers heartbeat it; a new member or one silent for `session_timeout`
// starts a rebalance: the generation goes up and partitions are range-assigned over the
// members in id order. The pause (how long the partitions of a member that died went
// unconsumed, from its last heartbeat) is in the rebalance's note. A commit is taken only
// from a partition's current owner in the current generation.
#ifndef FAULTLINE_MODELS_LOG_CONTROLLER_H_
#define FAULTLINE_MODELS_LOG_CONTROLLER_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "models/log/log_messages.h"
#include "models/log/log_options.h"
#include "sim/node.h"

namespace faultline::models {

inline constexpr int64_t kRepublishTicks = 10;

class LogController {
 public:
  explicit LogController(const LogOptions& options) : options_(options) {}

  // Reads metadata and offsets from disk (or places the partitions on a fresh one).
  // Returns every partition's metadata, for the brokers.
  std::vector<LeaderAndIsr> Start(sim::Context& ctx);
  // Every heartbeat interval: finds dead brokers and members. Returns metadata changes,
  // and every kRepublishTicks ticks the whole metadata again (a broker that missed a
  // change, its message lost, would otherwise act on it for ever).
  std::vector<LeaderAndIsr> Tick(sim::Context& ctx);
  // A broker's heartbeat. Returns the changes it causes; *send_all: the broker needs the
  // whole metadata (fresh start, or back from the dead).
  std::vector<LeaderAndIsr> OnBrokerHeartbeat(sim::EndpointId from, const BrokerHeartbeat& h,
                                              sim::Context& ctx, bool* send_all);
  std::vector<LeaderAndIsr> OnIsrChange(sim::EndpointId from, const IsrChange& c,
                                        sim::Context& ctx);
  void OnGroupHeartbeat(sim::EndpointId from, const GroupHeartbeat& h, sim::Context& ctx);
  void OnCommit(sim::EndpointId from, const CommitOffset& c, sim::Context& ctx);

  const std::vector<LeaderAndIsr>& metadata() const { return meta_; }
  int64_t committed(int partition) const { return committed_.at(static_cast<size_t>(partition)); }
  std::string Describe() const;

 private:
  struct Member {
    sim::Nanos last_ns = 0;
  };
  bool Alive(sim::EndpointId broker) const;
  void BrokerDied(sim::EndpointId broker, sim::Context& ctx, std::vector<LeaderAndIsr>& out);
  void BrokerReturned(sim::EndpointId broker, sim::Context& ctx, std::vector<LeaderAndIsr>& out);
  void Save(sim::Context& ctx);
  void Rebalance(const std::string& why, sim::Nanos paused_ns, sim::Context& ctx);
  void SendAssignment(sim::EndpointId member, sim::Context& ctx) const;

  const LogOptions options_;
  std::vector<LeaderAndIsr> meta_;     // by partition
  std::vector<int64_t> committed_;     // by partition: the group's committed offset
  std::map<sim::EndpointId, sim::Nanos> broker_last_ns_;  // local time of last heartbeat
  std::map<sim::EndpointId, bool> broker_alive_{};
  std::map<sim::EndpointId, Member> members_{};
  std::vector<sim::EndpointId> owner_;  // by partition: the member consuming it, or -1
  int64_t generation_ = 0;
  int64_t rebalances_ = 0;
  sim::Nanos paused_ns_total_ = 0;
  int64_t elections_ = 0;
  int64_t ticks_ = 0;
};

}  // namespace faultline::models

#endif  // FAULTLINE_MODELS_LOG_CONTROLLER_H_
