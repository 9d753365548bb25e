// The messages of kv.raft and its log entry, as the extended Raft paper's figure 2 names
// them, plus the pre-vote flag (thesis §9.6), the heartbeat round that confirms
// leadership for reads (thesis §6.4) and the ReadIndex exchange of follower reads.
//
//   ctx.Send(peer, AppendEntries{.term = term, .leader = self, .entries = batch, ...});
//
// Indexes are 1-based as in the paper: index 0 is the empty prefix, whose term is 0.
#ifndef FAULTLINE_MODELS_RAFT_RAFT_MESSAGES_H_
#define FAULTLINE_MODELS_RAFT_RAFT_MESSAGES_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sim/message.h"
#include "sim/value.h"

namespace faultline::models {

// One command in the replicated log. `f` is "noop" (a new leader's first entry), "write",
// "cas" or "read" (reads: log); key and value are the client's.
struct LogEntry {
  int64_t term = 0;
  std::string f;
  sim::Value key;
  sim::Value value;
  template <class V>
  void Fields(V& v) {
    v("term", term);
    v("f", f);
    v("key", key);
    v("value", value);
  }
};

// A vote request; with `pre_vote` it only asks "would you vote for me in `term`?" and
// changes no one's term (so a partitioned node cannot disrupt the cluster on return).
struct RequestVote {
  static constexpr std::string_view kKind = "request_vote";
  static constexpr std::string_view kLabelFields[] = {"term", "pre_vote"};
  int64_t term = 0;
  int64_t last_log_index = 0;
  int64_t last_log_term = 0;
  bool pre_vote = false;
  template <class V>
  void Fields(V& v) {
    v("term", term);
    v("last_log_index", last_log_index);
    v("last_log_term", last_log_term);
    v("pre_vote", pre_vote);
  }
};

struct RequestVoteReply {
  static constexpr std::string_view kKind = "request_vote_reply";
  static constexpr std::string_view kLabelFields[] = {"term", "granted"};
  int64_t term = 0;  // the voter's current term
  bool granted = false;
  bool pre_vote = false;
  int64_t asked_term = 0;  // the term the candidate asked about: late replies are ignored
  template <class V>
  void Fields(V& v) {
    v("term", term);
    v("granted", granted);
    v("pre_vote", pre_vote);
    v("asked_term", asked_term);
  }
};

// Replication and heartbeat. `round` numbers the leader's heartbeat rounds: a reply
// echoes it, and a majority of replies to round r proves the sender was still leader
// when r started (read index, lease). `seq` numbers every AppendEntries the leader sends
// and the reply echoes it too: only the reply to the batch in flight (or to a later
// message) sends the next batch, so a duplicated or late reply cannot start a second
// stream of batches to the same follower.
struct AppendEntries {
  static constexpr std::string_view kKind = "append_entries";
  static constexpr std::string_view kLabelFields[] = {"term", "entries.value"};
  int64_t term = 0;
  int64_t prev_log_index = 0;
  int64_t prev_log_term = 0;
  std::vector<LogEntry> entries;
  int64_t leader_commit = 0;
  uint64_t round = 0;
  uint64_t seq = 0;
  template <class V>
  void Fields(V& v) {
    v("term", term);
    v("prev_log_index", prev_log_index);
    v("prev_log_term", prev_log_term);
    v("entries", entries);
    v("leader_commit", leader_commit);
    v("round", round);
    v("seq", seq);
  }
};

// On success `match_index` is the follower's last index known to equal the leader's. On
// failure the conflict hint lets the leader skip a whole term per round trip: the
// follower's term at prev_log_index (0 if its log is shorter) and the first index it
// holds of that term (or its log length + 1).
struct AppendEntriesReply {
  static constexpr std::string_view kKind = "append_entries_reply";
  static constexpr std::string_view kLabelFields[] = {"term", "success", "match_index"};
  int64_t term = 0;
  bool success = false;
  int64_t match_index = 0;
  int64_t conflict_term = 0;
  int64_t conflict_index = 0;
  uint64_t round = 0;
  uint64_t seq = 0;
  template <class V>
  void Fields(V& v) {
    v("term", term);
    v("success", success);
    v("match_index", match_index);
    v("conflict_term", conflict_term);
    v("conflict_index", conflict_index);
    v("round", round);
    v("seq", seq);
  }
};

// follower-read-index: a follower asks the leader for a read index (thesis §6.4.1).
struct ReadIndexRequest {
  static constexpr std::string_view kKind = "read_index";
  static constexpr std::string_view kLabelFields[] = {"id"};
  uint64_t id = 0;  // the follower's number for this request
  template <class V>
  void Fields(V& v) {
    v("id", id);
  }
};

// ok: the leader confirmed its leadership after the request arrived; wait until applied
// >= read_index, then read locally. !ok: not (or no longer) leader; fail the read.
struct ReadIndexReply {
  static constexpr std::string_view kKind = "read_index_reply";
  static constexpr std::string_view kLabelFields[] = {"id", "ok", "read_index"};
  uint64_t id = 0;
  bool ok = false;
  int64_t read_index = 0;
  template <class V>
  void Fields(V& v) {
    v("id", id);
    v("ok", ok);
    v("read_index", read_index);
  }
};

}  // namespace faultline::models

#endif  // FAULTLINE_MODELS_RAFT_RAFT_MESSAGES_H_
