#include "sim/trace.h"

#include <array>

#include "absl/strings/str_cat.h"
#include "base/check.h"
#include "base/json_string.h"
#include "base/strings.h"
#include "sim/message_fields.h"

namespace faultline::sim {
namespace {

constexpr std::array<std::string_view, 17> kTypeNames = {
    "start", "send",  "deliver", "drop",  "duplicate", "timer",  "crash",    "restart", "pause",
    "resume", "partition", "heal", "clock", "link",      "invoke", "complete", "note"};

bool IsClientOp(TraceType t) { return t == TraceType::kInvoke || t == TraceType::kComplete; }

// ,"op":12,"process":3,"f":"cas","key":"k1","value":[4,9]  (as in history.jsonl)
void AppendClientOp(std::string& s, const TraceRecord& r) {
  absl::StrAppend(&s, ",\"op\":", r.msg_id, ",\"process\":", r.a, ",\"f\":");
  AppendJsonString(s, r.op->f);
  s += ",\"key\":";
  r.op->key.AppendJson(s);
  s += ",\"value\":";
  (r.value != nullptr ? *r.value : r.op->value).AppendJson(s);
}

}  // namespace

std::string_view TraceTypeName(TraceType type) {
  return kTypeNames.at(static_cast<size_t>(type));
}

Trace::Trace(const std::vector<std::string>* endpoint_names, const MessageKinds* kinds)
    : names_(endpoint_names), kinds_(kinds) {}

uint64_t Trace::Finish() const {
  uint64_t z = mixer_.h ^ count_;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

void Trace::WriteKinds() {
  FL_CHECK_MSG(count_ == 0, "the kinds header must come before every event");
  if (out_ == nullptr) return;
  std::string s = "{\"type\":\"kinds\",\"kinds\":{";
  for (size_t k = 0; k < kinds_->size(); ++k) {
    const MessageKinds::Info& info = kinds_->info(static_cast<MessageKind>(k));
    if (k > 0) s.push_back(',');
    AppendJsonString(s, info.name);
    s += ":{";
    if (!info.type->label_fields.empty()) {
      s += "\"label\":[";
      for (size_t f = 0; f < info.type->label_fields.size(); ++f) {
        if (f > 0) s.push_back(',');
        AppendJsonString(s, info.type->label_fields[f]);
      }
      s.push_back(']');
    }
    s.push_back('}');
  }
  s += "}}\n";
  bytes_written_ += s.size();
  if (std::fwrite(s.data(), 1, s.size(), out_) != s.size()) {
    write_failed_ = true;
    out_ = nullptr;
  }
}

void Trace::Record(const TraceRecord& r) {
  // The hashed encoding: every field that defines the event, in a fixed order. Message
  // kinds are hashed by index, which is fixed by the model's registration order.
  HashMixer& m = mixer_;
  const bool has_message = r.body != nullptr;
  m.Mix(static_cast<uint64_t>(r.time));
  m.Mix(static_cast<uint64_t>(r.type) | (static_cast<uint64_t>(r.kind) << 8) |
        (static_cast<uint64_t>(has_message) << 24));
  m.Mix(static_cast<uint64_t>(static_cast<uint32_t>(r.node)) |
        (static_cast<uint64_t>(static_cast<uint32_t>(r.peer)) << 32));
  m.Mix(r.msg_id);
  // A body is hashed once, when it is sent: bodies are immutable, and every later event
  // of the message (deliver, drop, duplicate) names it by msg_id, which is hashed.
  if (has_message && r.type == TraceType::kSend) r.body->type().hash(r.body->data(), m);
  if (r.op != nullptr) {
    m.MixText(r.op->f);
    HashFieldVisitor::HashValue(m, r.op->key);
    HashFieldVisitor::HashValue(m, r.value != nullptr ? *r.value : r.op->value);
  }
  m.Mix(static_cast<uint64_t>(r.a));
  if (!r.text.empty()) m.MixText(r.text);
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
  if (IsClientOp(r.type) && r.op != nullptr) {
    AppendClientOp(s, r);
  } else if (r.msg_id != 0) {
    absl::StrAppend(&s, ",\"msg\":", r.msg_id);
  }
  if (r.body != nullptr) {
    absl::StrAppend(&s, ",\"kind\":\"", kinds_->info(r.kind).name, "\",\"body\":");
    r.body->type().append_json(r.body->data(), s);
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
  bytes_written_ += s.size();
  if (std::fwrite(s.data(), 1, s.size(), out_) != s.size()) {
    write_failed_ = true;  // the caller reports it; the hash stays valid
    out_ = nullptr;
  }
}

}  // namespace faultline::sim
