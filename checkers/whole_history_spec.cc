#include "checkers/whole_history_spec.h"

#include <cstdint>
#include <cstring>
#include <map>
#include <string>

#include "absl/strings/str_cat.h"

namespace faultline::checkers {
namespace {

// The state encodes std::map<partition, inner state> as length-prefixed pairs in key
// order, so equal maps have equal bytes.
using StateMap = std::map<std::string, std::string, std::less<>>;

void AppendSized(std::string* out, std::string_view s) {
  const auto n = static_cast<uint32_t>(s.size());
  char len[sizeof n];
  std::memcpy(len, &n, sizeof n);
  out->append(len, sizeof n);
  out->append(s);
}

std::string_view TakeSized(std::string_view* in) {
  uint32_t n = 0;
  std::memcpy(&n, in->data(), sizeof n);
  std::string_view s = in->substr(sizeof n, n);
  in->remove_prefix(sizeof n + n);
  return s;
}

StateMap Decode(std::string_view state) {
  StateMap map;
  while (!state.empty()) {
    std::string_view key = TakeSized(&state);
    map.emplace(key, TakeSized(&state));
  }
  return map;
}

std::string Encode(const StateMap& map) {
  std::string out;
  for (const auto& [key, inner] : map) {
    AppendSized(&out, key);
    AppendSized(&out, inner);
  }
  return out;
}

}  // namespace

std::optional<std::string> WholeHistorySpec::Step(std::string_view state,
                                                  const Operation& op) const {
  StateMap map = Decode(state);
  const std::string key = inner_.Partition(op);
  auto it = map.find(key);
  const std::string current = it == map.end() ? inner_.Init() : it->second;
  std::optional<std::string> next = inner_.Step(current, op);
  if (!next) return std::nullopt;
  map[key] = std::move(*next);
  return Encode(map);
}

std::string WholeHistorySpec::DescribeState(std::string_view state) const {
  std::string out = "{";
  for (const auto& [key, inner] : Decode(state)) {
    absl::StrAppend(&out, out.size() > 1 ? ", " : "", key, ": ", inner_.DescribeState(inner));
  }
  return out + "}";
}

}  // namespace faultline::checkers
