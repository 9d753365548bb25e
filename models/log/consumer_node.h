// A consumer of log.partitioned (role `consumer`): a member of the one consumer group.
// It heartbeats the coordinator (n1), takes the partitions each rebalance assigns it,
// and loops over them: fetch a batch (at most `max_poll_records`) from the partition's
// leader at its position, apply each record to the store (nN) and wait for the answer,
// one at a time, spending `process_time` on each first. Offsets are committed by `commit`:
//   before  the batch's end as soon as it arrives (auto-commit first: at-most-once; a
//           crash mid-batch loses the rest of the batch);
//   after   the batch's end once every record in it is applied (at-least-once; a crash
//           mid-batch has the next owner apply the batch's start again).
// A rebalance takes effect at once: the rest of a batch of a partition it lost is
// dropped (the next owner starts from the committed offset). Nothing is on disk: a
// restarted consumer joins again.
#ifndef FAULTLINE_MODELS_LOG_CONSUMER_NODE_H_
#define FAULTLINE_MODELS_LOG_CONSUMER_NODE_H_

#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <vector>

#include "models/log/log_messages.h"
#include "models/log/log_options.h"
#include "sim/node.h"

namespace faultline::models {

class LogConsumerNode
    : public sim::NodeOf<LogConsumerNode, sim::ClientRequest, Assignment, FetchReply,
                         RecordApplied> {
 public:
  explicit LogConsumerNode(const LogOptions& options) : options_(options) {}

  void OnStart(sim::Context& ctx) override;
  void OnTimer(sim::TimerId id, uint64_t tag, sim::Context& ctx) override;
  void AppendRoles(std::vector<std::string>& roles) const override;
  std::string Describe() const override;

  // A client op that reached a consumer (routed by a role no live broker holds): fail.
  void Handle(sim::EndpointId from, const sim::ClientRequest& req, sim::Context& ctx) {
    ctx.Send(from, sim::ClientReply::Fail(req));
  }
  void Handle(sim::EndpointId from, const Assignment& a, sim::Context& ctx);
  void Handle(sim::EndpointId from, const FetchReply& r, sim::Context& ctx);
  void Handle(sim::EndpointId from, const RecordApplied& r, sim::Context& ctx);

  const std::vector<int64_t>& assigned() const { return assigned_; }

 private:
  struct Batch {
    int64_t partition = -1;
    int64_t next_offset = 0;  // the offset of records.front()
    std::deque<Record> records{};
    bool applying = false;  // an apply of records.front() is out
  };

  // Fetches the next assigned partition if idle.
  void Step(sim::Context& ctx);
  void ApplyNext(sim::Context& ctx);
  // Sends the apply of the batch's first record (again, after kApplyTimeoutNs).
  void SendApply(sim::Context& ctx);
  void Commit(int64_t partition, int64_t offset, sim::Context& ctx);
  bool Assigned(int64_t partition) const;

  const LogOptions options_;
  int64_t generation_ = 0;
  std::vector<int64_t> assigned_{};
  std::map<int64_t, int64_t> position_;  // partition -> next offset to read
  std::map<int64_t, int64_t> leader_;    // partition -> the leader we believe
  size_t cursor_ = 0;                    // round-robin over assigned_
  bool fetching_ = false;
  int64_t fetch_partition_ = -1;
  sim::TimerId fetch_timeout_ = 0;
  sim::TimerId apply_timeout_ = 0;
  bool step_scheduled_ = false;
  Batch batch_;
  int64_t applied_ = 0;
};

}  // namespace faultline::models

#endif  // FAULTLINE_MODELS_LOG_CONSUMER_NODE_H_
