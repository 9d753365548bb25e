// The messages of lock.redis between its nodes (clients use sim::ClientRequest `request`).
//
// The kinds are what `cluster.cpu.service_by_kind` prices: `lock` and `unlock` at the lock
// server (Redis's SET NX PX and its compare-and-delete script), `write` at the resource.
// Replies are priced separately (`lock_reply`, ...) and cost nothing unless a scenario says.
#ifndef FAULTLINE_MODELS_LOCK_LOCK_MESSAGES_H_
#define FAULTLINE_MODELS_LOCK_LOCK_MESSAGES_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "sim/message.h"
#include "sim/value.h"

namespace faultline::models {

// Pod -> lock server: SET key owner NX PX ttl. `owner` with `op` is the value stored under
// the key (unique per request, as a real client's random value is), so a thread's later
// request never deletes a key an earlier, abandoned request of the same thread left.
struct LockCommand {
  static constexpr std::string_view kKind = "lock";
  static constexpr std::string_view kLabelFields[] = {"key", "owner"};
  uint64_t attempt = 0;  // the pod's attempt number; the reply names it
  sim::Value key{};
  std::string owner{};  // "n3/t7"
  uint64_t op = 0;      // the request's op number
  int64_t ttl_ns = 0;
  template <class V>
  void Fields(V& v) {
    v("attempt", attempt);
    v("key", key);
    v("owner", owner);
    v("op", op);
    v("ttl_ns", ttl_ns);
  }
};

// Lock server -> pod: granted (with the lock's fencing token) or refused (held by another).
struct LockReply {
  static constexpr std::string_view kKind = "lock_reply";
  static constexpr std::string_view kLabelFields[] = {"granted", "token"};
  uint64_t attempt = 0;
  sim::Value key{};
  bool granted = false;
  int64_t token = 0;
  template <class V>
  void Fields(V& v) {
    v("attempt", attempt);
    v("key", key);
    v("granted", granted);
    v("token", token);
  }
};

// Pod -> lock server: delete the key only if it still holds this owner's value.
struct UnlockCommand {
  static constexpr std::string_view kKind = "unlock";
  static constexpr std::string_view kLabelFields[] = {"key", "owner"};
  sim::Value key{};
  std::string owner{};
  uint64_t op = 0;
  template <class V>
  void Fields(V& v) {
    v("key", key);
    v("owner", owner);
    v("op", op);
  }
};

// Lock server -> pod: whether the compare-and-delete deleted the key (the pod ignores it,
// as most clients do; it is in the trace for readers).
struct UnlockReply {
  static constexpr std::string_view kKind = "unlock_reply";
  static constexpr std::string_view kLabelFields[] = {"key", "deleted"};
  sim::Value key{};
  bool deleted = false;
  template <class V>
  void Fields(V& v) {
    v("key", key);
    v("deleted", deleted);
  }
};

// Pod -> resource: the critical section's write, with the fencing token the grant carried.
struct LockWrite {
  static constexpr std::string_view kKind = "write";
  static constexpr std::string_view kLabelFields[] = {"key", "token", "holder"};
  uint64_t id = 0;  // the pod's write number; the reply names it
  uint64_t op = 0;
  sim::Value key{};
  int64_t token = 0;
  std::string holder{};
  template <class V>
  void Fields(V& v) {
    v("id", id);
    v("op", op);
    v("key", key);
    v("token", token);
    v("holder", holder);
  }
};

// Resource -> pod: accepted, or refused as stale (fencing on and a higher token seen).
struct LockWriteReply {
  static constexpr std::string_view kKind = "write_reply";
  static constexpr std::string_view kLabelFields[] = {"accepted", "highest"};
  uint64_t id = 0;
  bool accepted = false;
  int64_t highest = 0;
  template <class V>
  void Fields(V& v) {
    v("id", id);
    v("accepted", accepted);
    v("highest", highest);
  }
};

}  // namespace faultline::models

#endif  // FAULTLINE_MODELS_LOCK_LOCK_MESSAGES_H_
