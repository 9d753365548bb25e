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

void AppendValue(std::string& s, int64_t v) {
  if (v == kNil) {
    s += "null";
  } else {
    absl::StrAppend(&s, v);
  }
}

}  // namespace

void AppendOpValue(std::string& s, OpFunction f, int64_t value, int64_t expect) {
  if (f == OpFunction::kCas) {
    s.push_back('[');
    AppendValue(s, expect);
    s.push_back(',');
    AppendValue(s, value);
    s.push_back(']');
  } else {
    AppendValue(s, value);
  }
}

void HistoryWriter::Append(const HistoryEvent& e) {
  const uint64_t index = index_++;
  if (out_ == nullptr) return;
  std::string& s = line_;
  s.clear();
  absl::StrAppend(&s, "{\"index\":", index, ",\"time\":", e.time, ",\"process\":", e.process,
                  ",\"type\":\"", Sv(TypeName(e.type)), "\",\"f\":\"", Sv(OpFunctionName(e.f)),
                  "\",\"key\":\"k", e.key, "\",\"value\":");
  AppendOpValue(s, e.f, e.value, e.expect);
  s += "}\n";
  if (std::fwrite(s.data(), 1, s.size(), out_) != s.size()) {
    write_failed_ = true;
    out_ = nullptr;
  }
}

}  // namespace faultline::sim
