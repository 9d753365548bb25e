// Messages: a kind plus six integer fields, named per kind for the trace.
//
// Fixed-size integer payloads (as TigerBeetle's fixed-size messages) keep a send free of
// allocation, make every message printable and hashable without a serializer, and are
// enough for the protocols we teach: ids, keys, values, epochs and sequence numbers.
//
//   MessageKinds kinds;
//   MessageKind kHeartbeat = kinds.Register("heartbeat", {"epoch", "primary"});
//   ctx.Send(to, kHeartbeat, {epoch, self});
#ifndef FAULTLINE_SIM_MESSAGE_H_
#define FAULTLINE_SIM_MESSAGE_H_

#include <array>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace faultline::sim {

// Index of a network endpoint: nodes are 0..N-1 ("n1".."nN"), clients follow.
using EndpointId = int32_t;
using MessageKind = uint16_t;

inline constexpr int kMaxFields = 6;
using Fields = std::array<int64_t, kMaxFields>;

// The value a register holds before any write (Jepsen's nil).
inline constexpr int64_t kNil = INT64_MIN;

struct Message {
  uint64_t id = 0;  // unique per send; a duplicate delivery keeps the id of its original
  EndpointId from = 0;
  EndpointId to = 0;
  MessageKind kind = 0;
  Fields fields{};
};

class MessageKinds {
 public:
  struct Info {
    std::string name;
    std::vector<std::string> field_names;  // at most kMaxFields; unnamed fields are unused
  };

  // Registers a kind; registering the same name again returns the existing kind when the
  // field names agree. REQUIRES: field_names.size() <= kMaxFields.
  MessageKind Register(std::string_view name, std::initializer_list<std::string_view> fields);
  std::optional<MessageKind> Find(std::string_view name) const;
  const Info& info(MessageKind kind) const { return infos_.at(kind); }
  size_t size() const { return infos_.size(); }

 private:
  std::vector<Info> infos_;
};

}  // namespace faultline::sim

#endif  // FAULTLINE_SIM_MESSAGE_H_
