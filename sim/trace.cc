#include "sim/trace.h"

#include <array>

#include "absl/strings/str_cat.h"
#include "base/check.h"
#include "base/json_string.h"
#include "base/strings.h"
#include "sim/history.h"
#include "sim/op.h"

namespace faultline::sim {
namespace {

constexpr std::array<std::string_view, 17> kTypeNames = {
    "start", "send",  "deliver", "drop",  "duplicate", "timer",  "crash",    "restart", "pause",
    "resume", "partition", "heal", "clock", "link",      "invoke", "complete", "note"};

bool IsClientOp(TraceType t) { return t == TraceType::kInvoke || t == TraceType::kComplete; }

// ,"op":12,"process":3,"f":"cas","key":"k1","value":[4,9]  (as in history.jsonl)
void AppendClientOp(std::string& s, const TraceRecord& r) {
  const auto f = static_cast<OpFunction>(r.kind);
  absl::StrAppend(&s, ",\"op\":", r.msg_id, ",\"process\":", r.a, ",\"f\":\"",
                  Sv(OpFunctionName(f)), "\",\"key\":\"k", r.fields[0], "\",\"value\":");
  AppendOpValue(s, f, r.fields[1], r.fields[2]);
}

}  // namespace

std::string_view TraceTypeName(TraceType type) {
  return kTypeNames.at(static_cast<size_t>(type));
}

Trace::Trace(const std::vector<std::string>* endpoint_names, const MessageKinds* kinds)
    : names_(endpoint_names), kinds_(kinds) {}

void Trace::MixText(std::string_view s) {
  Mix(s.size());
  uint64_t word = 0;
  int filled = 0;
  for (unsigned char c : s) {
    word = (word << 8) | c;
    if (++filled == 8) {
      Mix(word);
      word = 0;
      filled = 0;
    }
  }
  if (filled > 0) Mix(word);
}

uint64_t Trace::Finish() const {
  uint64_t z = h_ ^ count_;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

void Trace::Record(const TraceRecord& r) {
  // The hashed encoding: every field that defines the event, in a fixed order. Message
  // kinds are hashed by index, which is fixed by the model's registration order.
  Mix(static_cast<uint64_t>(r.time));
  Mix(static_cast<uint64_t>(r.type) | (static_cast<uint64_t>(r.kind) << 8) |
      (static_cast<uint64_t>(r.has_message) << 24));
  Mix(static_cast<uint64_t>(static_cast<uint32_t>(r.node)) |
      (static_cast<uint64_t>(static_cast<uint32_t>(r.peer)) << 32));
  Mix(r.msg_id);
  if (r.has_message || IsClientOp(r.type)) {
    for (int64_t f : r.fields) Mix(static_cast<uint64_t>(f));
  }
  Mix(static_cast<uint64_t>(r.a));
  if (!r.text.empty()) MixText(r.text);
  ++count_;
  if (out_ != nullptr) WriteJson(r);
}

void Trace::WriteJson(const TraceRecord& r) {
  std::string& s = line_;
  s.clear();
  absl::StrAppend(&s, "{\"i\":", count_ - 1, ",\"t\":", r.time, ",\"type\":\"",
                  Sv(TraceTypeName(r.type)), "\"");
  // Both branches are string_views: a std::string/const char* ternary would build a
  // temporary std::string and return a view of it.
  auto name = [&](EndpointId id) -> std::string_view {
    if (id >= 0 && static_cast<size_t>(id) < names_->size()) return (*names_)[id];
    return std::string_view("?");
  };
  const bool is_message = r.type == TraceType::kSend || r.type == TraceType::kDeliver ||
                          r.type == TraceType::kDrop || r.type == TraceType::kDuplicate;
  if (is_message) {
    // Messages always read from sender to receiver, whoever recorded them.
    const bool at_sender = r.type == TraceType::kSend;
    absl::StrAppend(&s, ",\"from\":\"", Sv(name(at_sender ? r.node : r.peer)), "\",\"to\":\"",
                    Sv(name(at_sender ? r.peer : r.node)), "\"");
  } else if (r.node >= 0) {
    absl::StrAppend(&s, ",\"node\":\"", Sv(name(r.node)), "\"");
  }
  if (IsClientOp(r.type)) {
    AppendClientOp(s, r);
  } else if (r.msg_id != 0) {
    absl::StrAppend(&s, ",\"msg\":", r.msg_id);
  }
  if (r.has_message) {
    const MessageKinds::Info& info = kinds_->info(r.kind);
    absl::StrAppend(&s, ",\"kind\":\"", info.name, "\",\"body\":{");
    for (size_t i = 0; i < info.field_names.size(); ++i) {
      if (i > 0) s.push_back(',');
      AppendJsonString(s, info.field_names[i]);
      s.push_back(':');
      if (r.fields[i] == kNil) {
        s += "null";
      } else {
        absl::StrAppend(&s, r.fields[i]);
      }
    }
    s.push_back('}');
  }
  switch (r.type) {
    case TraceType::kDeliver:
    case TraceType::kDrop:
      absl::StrAppend(&s, ",\"sent\":", r.a);
      break;
    case TraceType::kTimer:
      absl::StrAppend(&s, ",\"tag\":", r.a);
      break;
    case TraceType::kClock:
      absl::StrAppend(&s, ",\"local\":", r.a);
      break;
    default:
      break;
  }
  if (!r.text.empty()) {
    const char* key = r.type == TraceType::kDrop       ? "reason"
                      : r.type == TraceType::kComplete ? "outcome"
                                                       : "text";
    absl::StrAppend(&s, ",\"", key, "\":");
    AppendJsonString(s, r.text);
  }
  s += "}\n";
  if (std::fwrite(s.data(), 1, s.size(), out_) != s.size()) {
    write_failed_ = true;  // the caller reports it; the hash stays valid
    out_ = nullptr;
  }
}

}  // namespace faultline::sim
