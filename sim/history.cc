#include "sim/history.h"

#include "absl/strings/str_cat.h"
#include "base/strings.h"

namespace faultline::sim {
namespace {

std::string_view TypeName(HistoryType t) {
  switch (t) {
    case HistoryType::kInvoke:
      return "invoke";
    case HistoryType::kOk:
      return "ok";
    case HistoryType::kFail:
      return "fail";
    case HistoryType::kInfo:
      return "info";
  }
  return "?";
}

}  // namespace

void HistoryWriter::Append(const HistoryEvent& e) {
  const uint64_t index = index_++;
  if (out_ == nullptr) return;
  std::string& s = line_;
  s.clear();
  absl::StrAppend(&s, "{\"index\":", index, ",\"time\":", e.time, ",\"process\":", e.process,
                  ",\"client\":");
  AppendJsonString(s, e.client);
  absl::StrAppend(&s, ",\"op\":", e.op_id, ",\"type\":\"", Sv(TypeName(e.type)), "\",\"f\":");
  AppendJsonString(s, e.op->f);
  s += ",\"key\":";
  e.op->key.AppendJson(s);
  s += ",\"value\":";
  (e.value != nullptr ? *e.value : e.op->value).AppendJson(s);
  s += "}\n";
  Write();
}

void HistoryWriter::AppendObservation(Nanos time, std::string_view node,
                                      const Observation& o) {
  const uint64_t index = index_++;
  if (out_ == nullptr) return;
  std::string& s = line_;
  s.clear();
  absl::StrAppend(&s, "{\"index\":", index, ",\"time\":", time, ",\"node\":");
  AppendJsonString(s, node);
  s += ",\"type\":\"observe\",\"f\":";
  AppendJsonString(s, o.f);
  s += ",\"key\":";
  o.key.AppendJson(s);
  s += ",\"value\":";
  o.value.AppendJson(s);
  if (!o.detail.empty()) {
    s += ",\"detail\":{";
    for (size_t i = 0; i < o.detail.size(); ++i) {
      if (i > 0) s += ',';
      AppendJsonString(s, o.detail[i].first);
      s += ':';
      o.detail[i].second.AppendJson(s);
    }
    s += '}';
  }
  s += "}\n";
  Write();
}

void HistoryWriter::Write() {
  if (std::fwrite(line_.data(), 1, line_.size(), out_) != line_.size()) {
    write_failed_ = true;
    out_ = nullptr;
  }
}

}  // namespace faultline::sim
