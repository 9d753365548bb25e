// The messages of kv.primary-backup between nodes (clients use sim::ClientRequest and
// sim::ClientReply).
#ifndef FAULTLINE_MODELS_PRIMARY_BACKUP_PRIMARY_BACKUP_MESSAGES_H_
#define FAULTLINE_MODELS_PRIMARY_BACKUP_PRIMARY_BACKUP_MESSAGES_H_

#include <cstdint>
#include <string_view>

#include "sim/message.h"
#include "sim/value.h"

namespace faultline::models {

// The primary of `epoch` is alive; sent every heartbeat interval to every backup.
struct Heartbeat {
  static constexpr std::string_view kKind = "heartbeat";
  int64_t epoch = 0;
  sim::EndpointId primary = 0;
  template <class V>
  void Fields(V& v) {
    v("epoch", epoch);
    v("primary", primary);
  }
};

// Entry `seq` of the primary's log in `epoch`: key := value.
struct Replicate {
  static constexpr std::string_view kKind = "replicate";
  int64_t epoch = 0;
  int64_t seq = 0;
  sim::Value key;
  sim::Value value;
  template <class V>
  void Fields(V& v) {
    v("epoch", epoch);
    v("seq", seq);
    v("key", key);
    v("value", value);
  }
};

// A backup holds entry `seq` of `epoch` (or a newer version of its key).
struct Ack {
  static constexpr std::string_view kKind = "ack";
  int64_t epoch = 0;
  int64_t seq = 0;
  template <class V>
  void Fields(V& v) {
    v("epoch", epoch);
    v("seq", seq);
  }
};

}  // namespace faultline::models

#endif  // FAULTLINE_MODELS_PRIMARY_BACKUP_PRIMARY_BACKUP_MESSAGES_H_
