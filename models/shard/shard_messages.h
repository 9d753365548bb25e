// Messages between kv.sharded's routers: the coordinator (n1) tells the other routers of
// a migration, gates its keys, and switches their route; the others report acked writes
// to moving keys (async replication) and acknowledge the gate once drained.
//
//   ctx.Send(peer, ShardGate{.migration = "m1", .version = 2, .keys = KeysValue(keys)});
#ifndef FAULTLINE_MODELS_SHARD_SHARD_MESSAGES_H_
#define FAULTLINE_MODELS_SHARD_SHARD_MESSAGES_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sim/value.h"

namespace faultline::models::shard {

// A key-index list as a message field: Value::List of Int.
sim::Value KeysValue(const std::vector<int64_t>& keys);
std::vector<int64_t> KeysOf(const sim::Value& list);

// Coordinator -> router: a migration of `keys` from shard `from` to `to` is registered;
// report every write to them this router relays (ShardAcked) until its switch.
struct ShardRegister {
  static constexpr std::string_view kKind = "shard.register";
  std::string migration{};
  int64_t from = 0;
  int64_t to = 0;
  sim::Value keys{};
  template <class V>
  void Fields(V& v) {
    v("migration", migration);
    v("from", from);
    v("to", to);
    v("keys", keys);
  }
};

// Router -> coordinator: the source acked a write or cas to `key` (copy it again).
struct ShardAcked {
  static constexpr std::string_view kKind = "shard.acked";
  std::string migration{};
  int64_t key = 0;
  template <class V>
  void Fields(V& v) {
    v("migration", migration);
    v("key", key);
  }
};

// Coordinator -> router: hold new requests to `keys`, drain the in-flight ones, then ack.
// Sent again every call_timeout to a router that has not acked.
struct ShardGate {
  static constexpr std::string_view kKind = "shard.gate";
  std::string migration{};
  int64_t version = 0;
  sim::Value keys{};
  template <class V>
  void Fields(V& v) {
    v("migration", migration);
    v("version", version);
    v("keys", keys);
  }
};

// Router -> coordinator: no request to the gated keys is in flight here any more, and
// `written` are the gated keys this router relayed acked writes for since its last
// switch (copied again before the switch, in case a ShardAcked was lost). Sent again
// every call_timeout while the switch does not come: the coordinator answers a repeat
// for a switched migration with its ShardSwitch again.
struct ShardGateAck {
  static constexpr std::string_view kKind = "shard.gate_ack";
  std::string migration{};
  int64_t version = 0;
  sim::Value written{};
  template <class V>
  void Fields(V& v) {
    v("migration", migration);
    v("version", version);
    v("written", written);
  }
};

// Coordinator -> router: route `keys` to shard `to` from now on (route version
// `version`) and release what the gate held.
struct ShardSwitch {
  static constexpr std::string_view kKind = "shard.switch";
  std::string migration{};
  int64_t version = 0;
  int64_t to = 0;
  sim::Value keys{};
  template <class V>
  void Fields(V& v) {
    v("migration", migration);
    v("version", version);
    v("to", to);
    v("keys", keys);
  }
};

}  // namespace faultline::models::shard

#endif  // FAULTLINE_MODELS_SHARD_SHARD_MESSAGES_H_
