// The log side of the ordering checker: Jepsen's kafka anomalies over sends with offsets
// and polls. The facts are Jepsen's (jepsen.tests.kafka: version-orders, lost-write-cases,
// int-poll-skip+nonmonotonic-cases, poll-skip+nonmonotonic-cases, nonmonotonic-send-cases,
// duplicate-cases, unseen, realtime-lag); the code is ours. Where we differ:
// - a message is (key, value) and a stream of offsets is the key's partition (the send's
//   "partition", else the key itself); Jepsen's keys are its partitions;
// - the version order comes from ok sends and ok polls only: our histories carry no value
//   for info polls (Jepsen also reads info polls), and no transactions;
// - no rebalance log: only an assign resets a process's poll and send order, as Jepsen's
//   assign does; a crash retires the process, so the next ops start afresh;
// - realtime lag is measured for the partitions a poll returned messages from, not for
//   every partition a consumer is assigned;
// - Jepsen's int-nonmonotonic-poll is reported under that name and decides the verdict.
#include <algorithm>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "checkers/ordering/internal/findings.h"

namespace faultline::checkers::ordering::internal {
namespace {

using MessageId = std::pair<std::string, int64_t>;  // (key, value)

// One partition's log as the sends and polls saw it.
struct Stream {
  std::map<int64_t, std::map<MessageId, const ClientOp*>> log;  // offset -> message -> seen by
  std::vector<int64_t> offsets;  // the offsets holding a message, ascending (dense index)
  std::map<MessageId, int64_t> first_index, last_index;
  std::vector<std::pair<int64_t, int64_t>> acked;  // (offset, ack time) of ok sends
};

class LogCheck {
 public:
  LogCheck(const MessageHistory& history, Findings& findings)
      : history_(history), findings_(findings) {}
  void Run();

 private:
  std::string StreamOf(const std::string& key) const {
    const auto it = partition_of_.find(key);
    return it == partition_of_.end() ? key : it->second;
  }
  // A message's own partition when the history names it (a key may then span several:
  // a round-robin partitioner), else its key's.
  std::string StreamOf(const Polled& p) const {
    return p.partition.empty() ? StreamOf(p.key) : p.partition;
  }
  std::string StreamOf(const ClientOp& send) const {
    return send.partition.empty() ? StreamOf(send.key) : send.partition;
  }
  // "3" when the message's key is the stream, "e7 3" otherwise.
  std::string Msg(const std::string& stream, const MessageId& m) const {
    return m.first == stream ? absl::StrCat(m.second) : absl::StrCat(m.first, " ", m.second);
  }
  std::string MsgAt(const std::string& stream, const MessageId& m) const {
    const Stream& s = streams_.at(stream);
    return absl::StrCat(Msg(stream, m), " (offset ", s.offsets[s.first_index.at(m)], ")");
  }
  std::string Skipped(const std::string& stream, int64_t from, int64_t to) const;
  void BuildStreams();
  void InconsistentAndDuplicate();
  void LostWritesAndUnseen();
  void InternalPolls();
  void ProcessOrder();
  void RealtimeLag();
  // Index delta of b after a in `stream`'s order; 1 when either has no index.
  int64_t Delta(const std::string& stream, const MessageId& a, const MessageId& b) const;

  const MessageHistory& history_;
  Findings& findings_;
  std::map<std::string, std::string> partition_of_;
  std::map<std::string, Stream> streams_;
  std::map<MessageId, const ClientOp*> sender_;
  std::map<MessageId, const ClientOp*> first_reader_;
};

void LogCheck::BuildStreams() {
  for (const ClientOp& op : history_.ops) {
    if (op.f == "send" && !op.partition.empty()) partition_of_[op.key] = op.partition;
  }
  for (const ClientOp& op : history_.ops) {
    if (op.status != OpStatus::kOk) continue;
    if (op.f == "send") {
      sender_[{op.key, op.value}] = &op;
      if (!op.offset) continue;
      Stream& s = streams_[StreamOf(op)];
      s.log[*op.offset].emplace(MessageId{op.key, op.value}, &op);
      s.acked.push_back({*op.offset, op.complete_ns});
    } else if (op.f == "poll") {
      for (const Polled& p : op.polled) {
        streams_[StreamOf(p)].log[p.offset].emplace(MessageId{p.key, p.value}, &op);
        first_reader_.emplace(MessageId{p.key, p.value}, &op);
      }
    }
  }
  for (auto& [name, s] : streams_) {
    for (const auto& [offset, msgs] : s.log) {
      const auto index = static_cast<int64_t>(s.offsets.size());
      s.offsets.push_back(offset);
      for (const auto& [m, op] : msgs) {
        s.first_index.emplace(m, index);
        s.last_index[m] = index;
      }
    }
  }
}

std::string LogCheck::Skipped(const std::string& stream, int64_t from, int64_t to) const {
  const Stream& s = streams_.at(stream);
  std::vector<std::string> names;
  for (int64_t i = from + 1; i < to && names.size() < 5; ++i) {
    names.push_back(Msg(stream, s.log.at(s.offsets[i]).begin()->first));
  }
  if (to - from - 1 > 5) names.push_back(absl::StrCat("and ", to - from - 6, " more"));
  return absl::StrJoin(names, ", ");
}

int64_t LogCheck::Delta(const std::string& stream, const MessageId& a, const MessageId& b) const {
  const Stream& s = streams_.at(stream);
  const auto ia = s.first_index.find(a);
  const auto ib = s.first_index.find(b);
  if (ia == s.first_index.end() || ib == s.first_index.end()) return 1;
  // A message at several offsets (a duplicate, reported as such) has no one place.
  if (s.last_index.at(a) != ia->second || s.last_index.at(b) != ib->second) return 1;
  return ib->second - ia->second;
}

void LogCheck::InconsistentAndDuplicate() {
  int64_t duplicates = 0;
  for (const auto& [name, s] : streams_) {
    for (const auto& [offset, msgs] : s.log) {
      if (msgs.size() < 2) continue;
      std::vector<std::string> who;
      for (const auto& [m, op] : msgs) {
        who.push_back(absl::StrCat(Msg(name, m), " (", OpName(*op),
                                   op->f == "send" ? " sent it" : " polled it", ")"));
      }
      findings_.Add("inconsistent-offsets",
                    absl::StrCat(name, ": offset ", offset, " holds ", msgs.size(),
                                 " messages: ", absl::StrJoin(who, ", ")));
    }
    for (const auto& [m, first] : s.first_index) {
      const int64_t last = s.last_index.at(m);
      if (first == last) continue;
      ++duplicates;
      std::vector<std::string> at;
      for (int64_t i = first; i <= last; ++i) {
        if (s.log.at(s.offsets[i]).count(m) > 0) at.push_back(absl::StrCat(s.offsets[i]));
      }
      findings_.Add("duplicate", absl::StrCat(name, ": ", Msg(name, m), " is at offsets ",
                                              absl::StrJoin(at, ", ")));
    }
  }
  findings_.Metric("duplicates", static_cast<double>(duplicates));
}

void LogCheck::LostWritesAndUnseen() {
  int64_t lost = 0, unseen = 0, messages = 0;
  for (const auto& [name, s] : streams_) {
    int64_t bound = -1;  // the highest index some ok poll read
    MessageId max_read;  // a message read there
    for (const auto& [m, index] : s.first_index) {
      if (first_reader_.count(m) > 0 && index > bound) {
        bound = index;
        max_read = m;
      }
    }
    for (const auto& [m, last] : s.last_index) {
      const auto sent = sender_.find(m);
      if (last > bound || first_reader_.count(m) > 0 || sent == sender_.end()) continue;
      ++lost;
      findings_.Add("lost-write",
                    absl::StrCat(name, ": ", MsgAt(name, m), ", sent by ", OpName(*sent->second),
                                 " and acknowledged at ", At(sent->second->complete_ns),
                                 ", was never polled, though ", OpName(*first_reader_.at(max_read)),
                                 " polled ", MsgAt(name, max_read), " after it"));
    }
  }
  if (first_reader_.empty()) {
    // No poll returned anything: the history's readers are elsewhere (a consumer group
    // applying to a store, judged on the broker side), so "never polled" says nothing.
    findings_.Metric("lost_writes", static_cast<double>(lost));
    return;
  }
  for (const auto& [m, op] : sender_) {
    ++messages;
    if (first_reader_.count(m) > 0) continue;
    ++unseen;
    findings_.Add("unseen",
                  absl::StrCat(m.first, ": ", m.second, ", sent by ", OpName(*op),
                               " and acknowledged at ", At(op->complete_ns),
                               op->offset ? absl::StrCat(" (offset ", *op->offset, ")") : "",
                               ", was never polled"));
  }
  findings_.Metric("messages", static_cast<double>(messages));
  findings_.Metric("polled", static_cast<double>(first_reader_.size()));
  findings_.Metric("lost_writes", static_cast<double>(lost));
  findings_.Metric("unseen", static_cast<double>(unseen));
}

// Within one poll, each partition's messages must follow the log without gaps.
void LogCheck::InternalPolls() {
  for (const ClientOp& op : history_.ops) {
    if (op.f != "poll" || op.status != OpStatus::kOk) continue;
    std::map<std::string, MessageId> prev;  // stream -> previous message in this poll
    for (const Polled& p : op.polled) {
      const std::string stream = StreamOf(p);
      const MessageId m{p.key, p.value};
      const auto it = prev.find(stream);
      if (it != prev.end()) {
        const int64_t d = Delta(stream, it->second, m);
        const std::string pair =
            absl::StrCat(stream, ": ", OpName(op), " polled ", MsgAt(stream, it->second), " then ",
                         MsgAt(stream, m));
        const Stream& s = streams_.at(stream);
        if (d > 1) {
          findings_.Add("int-poll-skip", absl::StrCat(pair, ", skipping ",
                                                      Skipped(stream, s.first_index.at(it->second),
                                                              s.first_index.at(m))));
        } else if (d < 1) {
          findings_.Add("int-nonmonotonic-poll", absl::StrCat(pair, ": backwards in the log"));
        }
      }
      prev[stream] = m;
    }
  }
}

// Between one process's ops: a poll goes on where its last poll of that partition left
// off, and a send lands after its last send to it; an assign starts afresh.
void LogCheck::ProcessOrder() {
  struct Last {
    const ClientOp* op;
    MessageId m;
  };
  std::map<int64_t, std::map<std::string, Last>> reads, sends;  // process -> stream -> last
  for (const ClientOp& op : history_.ops) {
    if (op.f == "assign" && op.status == OpStatus::kOk) {
      std::set<std::string> kept;
      for (const std::string& k : op.assigned) kept.insert(StreamOf(k));
      for (auto* table : {&reads[op.process], &sends[op.process]}) {
        for (auto it = table->begin(); it != table->end();) {
          it = kept.count(it->first) > 0 ? std::next(it) : table->erase(it);
        }
      }
      continue;
    }
    if (op.status != OpStatus::kOk) continue;
    if (op.f == "poll") {
      std::map<std::string, Last>& last = reads[op.process];
      std::set<std::string> seen;
      for (const Polled& p : op.polled) {
        const std::string stream = StreamOf(p);
        const MessageId m{p.key, p.value};
        if (seen.insert(stream).second && last.count(stream) > 0) {
          const Last& l = last.at(stream);
          const int64_t d = Delta(stream, l.m, m);
          const std::string pair =
              absl::StrCat(stream, ": ", OpName(*l.op), " last polled ", MsgAt(stream, l.m),
                           ", then ", OpName(op), " polled ", MsgAt(stream, m), " first");
          const Stream& s = streams_.at(stream);
          if (d > 1) {
            findings_.Add("poll-skip", absl::StrCat(pair, ", skipping ",
                                                    Skipped(stream, s.first_index.at(l.m),
                                                            s.first_index.at(m))));
          } else if (d < 1) {
            findings_.Add("nonmonotonic-poll", absl::StrCat(pair, ": backwards or repeated"));
          }
        }
      }
      for (const Polled& p : op.polled) last[StreamOf(p)] = {&op, {p.key, p.value}};
    } else if (op.f == "send" && op.offset) {
      const std::string stream = StreamOf(op);
      const MessageId m{op.key, op.value};
      std::map<std::string, Last>& last = sends[op.process];
      if (last.count(stream) > 0 && Delta(stream, last.at(stream).m, m) < 1) {
        const Last& l = last.at(stream);
        findings_.Add("nonmonotonic-send",
                      absl::StrCat(stream, ": ", OpName(*l.op), " sent ", MsgAt(stream, l.m),
                                   ", then ", OpName(op), " of the same process sent ",
                                   MsgAt(stream, m), ": backwards in the log"));
      }
      last[stream] = {&op, m};
    }
  }
}

// Jepsen's realtime lag: how long before a poll began the newest message it returned had
// already been superseded by an acknowledged send at a later offset.
void LogCheck::RealtimeLag() {
  std::map<std::string, std::vector<std::pair<int64_t, int64_t>>> later;  // suffix min ack
  for (auto& [name, s] : streams_) {
    std::vector<std::pair<int64_t, int64_t>> acked = s.acked;
    std::sort(acked.begin(), acked.end());
    for (size_t i = acked.size(); i-- > 1;) {
      acked[i - 1].second = std::min(acked[i - 1].second, acked[i].second);
    }
    later[name] = std::move(acked);
  }
  std::vector<int64_t> lags;
  for (const ClientOp& op : history_.ops) {
    if (op.f != "poll" || op.status != OpStatus::kOk) continue;
    std::map<std::string, int64_t> newest;
    for (const Polled& p : op.polled) {
      const std::string stream = StreamOf(p);
      const auto it = newest.find(stream);
      newest[stream] = it == newest.end() ? p.offset : std::max(it->second, p.offset);
    }
    for (const auto& [stream, offset] : newest) {
      const std::vector<std::pair<int64_t, int64_t>>& acked = later[stream];
      const auto next = std::upper_bound(acked.begin(), acked.end(),
                                         std::pair{offset, std::numeric_limits<int64_t>::max()});
      lags.push_back(next == acked.end() ? 0 : std::max<int64_t>(0, op.invoke_ns - next->second));
    }
  }
  std::sort(lags.begin(), lags.end());
  findings_.Metric("realtime_lag_p50_ns", lags.empty() ? 0 : Percentile(lags, 0.50));
  findings_.Metric("realtime_lag_p99_ns", lags.empty() ? 0 : Percentile(lags, 0.99));
  findings_.Metric("realtime_lag_max_ns", lags.empty() ? 0 : lags.back());
}

void LogCheck::Run() {
  BuildStreams();
  InconsistentAndDuplicate();
  LostWritesAndUnseen();
  InternalPolls();
  ProcessOrder();
  RealtimeLag();
}

}  // namespace

void CheckLogAnomalies(const MessageHistory& history, Findings& findings) {
  LogCheck(history, findings).Run();
}

}  // namespace faultline::checkers::ordering::internal
