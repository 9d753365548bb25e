// The messages of kv.quorum between nodes (clients use sim::ClientRequest and
// sim::ClientReply). `req` ids are the coordinator's: (incarnation << 32) | sequence, so
// a reply to a request from before a restart never matches a new one.
#ifndef FAULTLINE_MODELS_QUORUM_QUORUM_MESSAGES_H_
#define FAULTLINE_MODELS_QUORUM_QUORUM_MESSAGES_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "models/quorum/version.h"
#include "sim/message.h"
#include "sim/value.h"

namespace faultline::models {

// Coordinator -> replica: store `versions` of `key`. `hint_for` >= 0 makes the receiver a
// stand-in (sloppy quorum) that keeps the write as a hint for that node.
struct QuorumPut {
  static constexpr std::string_view kKind = "put";
  static constexpr std::string_view kLabelFields[] = {"key", "versions.value"};
  uint64_t req = 0;
  sim::Value key;
  Siblings versions;
  sim::EndpointId hint_for = -1;
  template <class V>
  void Fields(V& v) {
    v("req", req);
    v("key", key);
    v("versions", versions);
    v("hint_for", hint_for);
  }
};

// Replica -> coordinator: the put is on the replica's disk (synced).
struct QuorumPutAck {
  static constexpr std::string_view kKind = "put_ack";
  static constexpr std::string_view kLabelFields[] = {"req"};
  uint64_t req = 0;
  template <class V>
  void Fields(V& v) {
    v("req", req);
  }
};

// Coordinator -> replica: send me your versions of `key`.
struct QuorumGet {
  static constexpr std::string_view kKind = "get";
  static constexpr std::string_view kLabelFields[] = {"key"};
  uint64_t req = 0;
  sim::Value key;
  template <class V>
  void Fields(V& v) {
    v("req", req);
    v("key", key);
  }
};

// Replica -> coordinator: its versions of the key (empty: not found).
struct QuorumGetReply {
  static constexpr std::string_view kKind = "get_reply";
  static constexpr std::string_view kLabelFields[] = {"versions.value"};
  uint64_t req = 0;
  Siblings versions;
  template <class V>
  void Fields(V& v) {
    v("req", req);
    v("versions", versions);
  }
};

// Coordinator -> a replica that answered a read with stale versions: merge these.
struct ReadRepair {
  static constexpr std::string_view kKind = "read_repair";
  static constexpr std::string_view kLabelFields[] = {"key", "versions.value"};
  sim::Value key;
  Siblings versions;
  template <class V>
  void Fields(V& v) {
    v("key", key);
    v("versions", versions);
  }
};

// Stand-in -> intended replica: the hinted write `seq` it kept for you.
struct Handoff {
  static constexpr std::string_view kKind = "handoff";
  static constexpr std::string_view kLabelFields[] = {"key", "versions.value"};
  int64_t seq = 0;
  sim::Value key;
  Siblings versions;
  template <class V>
  void Fields(V& v) {
    v("seq", seq);
    v("key", key);
    v("versions", versions);
  }
};

// Intended replica -> stand-in: hint `seq` for `key` is stored; drop it.
struct HandoffAck {
  static constexpr std::string_view kKind = "handoff_ack";
  static constexpr std::string_view kLabelFields[] = {"key", "seq"};
  int64_t seq = 0;
  sim::Value key;
  template <class V>
  void Fields(V& v) {
    v("seq", seq);
    v("key", key);
  }
};

// Anti-entropy, merkle mode: the sender's hash tree over the keys both nodes replicate.
struct AeDigest {
  static constexpr std::string_view kKind = "ae_digest";
  uint64_t root = 0;
  std::vector<uint64_t> leaves;  // one per key bucket; MerkleTree::kLeaves of them
  template <class V>
  void Fields(V& v) {
    v("root", root);
    v("leaves", leaves);
  }
};

// One key's versions in an anti-entropy exchange.
struct AeEntry {
  sim::Value key;
  Siblings versions;
  template <class V>
  void Fields(V& v) {
    v("key", key);
    v("versions", versions);
  }
};

// Anti-entropy: the sender's versions of the shared keys in `buckets` (every bucket in
// full-sync mode); `reply` asks the receiver to answer with its own (merged) ones.
struct AeSync {
  static constexpr std::string_view kKind = "ae_sync";
  bool reply = false;
  std::vector<int32_t> buckets;
  std::vector<AeEntry> entries;
  template <class V>
  void Fields(V& v) {
    v("reply", reply);
    v("buckets", buckets);
    v("entries", entries);
  }
};

}  // namespace faultline::models

#endif  // FAULTLINE_MODELS_QUORUM_QUORUM_MESSAGES_H_
