// The shared vocabulary of client operations: {f, key, value}. Models declare which fs
// they serve; workloads and checkers stay model-agnostic.
#ifndef FAULTLINE_SIM_OP_H_
#define FAULTLINE_SIM_OP_H_

#include <cstdint>
#include <optional>
#include <string_view>

namespace faultline::sim {

enum class OpFunction : uint8_t {
  kRead = 0,
  kWrite,
  kCas,
  kAppend,
  kEnqueue,
  kDequeue,
  kAcquire,
  kRelease,
};
inline constexpr int kOpFunctionCount = 8;

std::string_view OpFunctionName(OpFunction f);
std::optional<OpFunction> ParseOpFunction(std::string_view name);

// How an operation ended, as Jepsen records it.
enum class OpOutcome : uint8_t {
  kOk = 1,    // took effect; the value is the result
  kFail = 2,  // definitely did not take effect
  kInfo = 3,  // indeterminate: timed out, may or may not have taken effect
};
std::string_view OpOutcomeName(OpOutcome o);

// Fields of the built-in client request / reply messages every model answers.
namespace client_msg {
inline constexpr int kOpId = 0;    // both
inline constexpr int kF = 1;       // request: OpFunction
inline constexpr int kKey = 2;     // request
inline constexpr int kValue = 3;   // request: value to write / cas new value
inline constexpr int kExpect = 4;  // request: cas expected value
inline constexpr int kOutcome = 1;      // reply: OpOutcome (kOk or kFail)
inline constexpr int kResult = 2;       // reply: the op's result value (kNil for none)
inline constexpr int kLeaderHint = 3;   // reply: node the client should try, or -1
}  // namespace client_msg

}  // namespace faultline::sim

#endif  // FAULTLINE_SIM_OP_H_
