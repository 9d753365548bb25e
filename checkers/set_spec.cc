#include "checkers/set_spec.h"

#include <cstdint>
#include <string>
#include <vector>

namespace faultline::checkers {
namespace {

// The state is the elements in increasing order, 8 bytes each: big-endian with the sign
// bit flipped, so byte order is numeric order and equal sets are equal strings.
constexpr size_t kElemBytes = 8;

std::string EncodeElem(int64_t x) {
  const uint64_t u = static_cast<uint64_t>(x) ^ (uint64_t{1} << 63);
  std::string out(kElemBytes, '\0');
  for (size_t b = 0; b < kElemBytes; ++b) {
    out[b] = static_cast<char>((u >> (8 * (kElemBytes - 1 - b))) & 0xff);
  }
  return out;
}

int64_t DecodeElem(std::string_view bytes) {
  uint64_t u = 0;
  for (size_t b = 0; b < kElemBytes; ++b) u = (u << 8) | static_cast<unsigned char>(bytes[b]);
  return static_cast<int64_t>(u ^ (uint64_t{1} << 63));
}

// The position (in elements) of the first element >= `elem`: a binary search.
size_t LowerBound(std::string_view state, std::string_view elem) {
  size_t lo = 0;
  size_t hi = state.size() / kElemBytes;
  while (lo < hi) {
    const size_t mid = lo + (hi - lo) / 2;
    if (state.substr(mid * kElemBytes, kElemBytes) < elem) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

bool SameSet(std::string_view state, const std::vector<int64_t>& elems) {
  if (state.size() != elems.size() * kElemBytes) return false;
  for (size_t n = 0; n < elems.size(); ++n) {
    if (DecodeElem(state.substr(n * kElemBytes, kElemBytes)) != elems[n]) return false;
  }
  return true;
}

}  // namespace

std::string SetSpec::ValueError(const Operation& op) const {
  if (op.f == "add" && op.input.kind != Value::Kind::kInt) {
    return "an integer to add, found " + op.input.ToString();
  }
  const bool seen = op.status == Status::kOk && op.output.kind != Value::Kind::kUnknown;
  if (op.f == "read" && seen && op.output.kind != Value::Kind::kSet) {
    return "a set of integers as its result, such as [1,3,5], found " + op.output.ToString();
  }
  return {};
}

std::optional<std::string> SetSpec::Step(std::string_view state, const Operation& op) const {
  if (op.f == "add" && op.input.kind == Value::Kind::kInt) {
    const std::string elem = EncodeElem(op.input.i);
    const size_t at = LowerBound(state, elem);
    std::string next(state);
    if (state.substr(at * kElemBytes, kElemBytes) != elem) next.insert(at * kElemBytes, elem);
    return next;
  }
  if (op.f == "read") {
    if (op.output.kind == Value::Kind::kUnknown) return std::string(state);
    // Value::elems is sorted and unique, as the state is.
    if (op.output.kind == Value::Kind::kSet && SameSet(state, op.output.elems)) {
      return std::string(state);
    }
  }
  return std::nullopt;
}

std::optional<PureRead> SetSpec::AsPureRead(const Operation& op) const {
  if (op.f != "read") return std::nullopt;
  if (op.output.kind == Value::Kind::kUnknown) return PureRead{.any_state = true, .states = {}};
  // A read of anything but a set is legal nowhere, as in Step.
  PureRead read;
  if (op.output.kind == Value::Kind::kSet) {
    std::string state;
    for (int64_t x : op.output.elems) state += EncodeElem(x);
    read.states.push_back(std::move(state));
  }
  return read;
}

std::string SetSpec::DescribeState(std::string_view state) const {
  std::vector<int64_t> elems;
  for (size_t at = 0; at + kElemBytes <= state.size(); at += kElemBytes) {
    elems.push_back(DecodeElem(state.substr(at, kElemBytes)));
  }
  return Value::Set(std::move(elems)).ToString();
}

}  // namespace faultline::checkers
