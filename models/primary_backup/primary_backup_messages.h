// The messages of kv.primary-backup between nodes (clients use sim::ClientRequest and
// sim::ClientReply).
#ifndef FAULTLINE_MODELS_PRIMARY_BACKUP_PRIMARY_BACKUP_MESSAGES_H_
#define FAULTLINE_MODELS_PRIMARY_BACKUP_PRIMARY_BACKUP_MESSAGES_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "sim/message.h"
#include "sim/value.h"

namespace faultline::models {

// The primary of `epoch` is alive; sent every heartbeat interval to every backup.
struct Heartbeat {
  static constexpr std::string_view kKind = "heartbeat";
  static constexpr std::string_view kLabelFields[] = {"epoch"};
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
  static constexpr std::string_view kLabelFields[] = {"key", "value", "epoch", "seq"};
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
  static constexpr std::string_view kLabelFields[] = {"epoch", "seq"};
  int64_t epoch = 0;
  int64_t seq = 0;
  template <class V>
  void Fields(V& v) {
    v("epoch", epoch);
    v("seq", seq);
  }
};

// Semi-sync failover: a backup about to promote itself asks every other node for its
// store before it does, so it takes over holding every write some reachable backup holds.
struct CatchUp {
  static constexpr std::string_view kKind = "catch_up";
  static constexpr std::string_view kLabelFields[] = {"epoch"};
  // The term the candidate follows (and is about to replace).
  int64_t epoch = 0;
  sim::EndpointId primary = 0;
  template <class V>
  void Fields(V& v) {
    v("epoch", epoch);
    v("primary", primary);
  }
};

// One key of a store, with the version (epoch, seq) of the write that set it.
struct StoreCell {
  sim::Value key;
  sim::Value value;
  int64_t epoch = 0;
  int64_t seq = 0;
  template <class V>
  void Fields(V& v) {
    v("key", key);
    v("value", value);
    v("epoch", epoch);
    v("seq", seq);
  }
};

// The answer to CatchUp: the replier's term and its whole store, ordered by key.
struct CatchUpReply {
  static constexpr std::string_view kKind = "catch_up_reply";
  static constexpr std::string_view kLabelFields[] = {"epoch", "cells.value"};
  int64_t epoch = 0;
  sim::EndpointId primary = 0;
  std::vector<StoreCell> cells;
  template <class V>
  void Fields(V& v) {
    v("epoch", epoch);
    v("primary", primary);
    v("cells", cells);
  }
};

}  // namespace faultline::models

#endif  // FAULTLINE_MODELS_PRIMARY_BACKUP_PRIMARY_BACKUP_MESSAGES_H_
