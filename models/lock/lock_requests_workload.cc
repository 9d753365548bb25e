#include "models/lock/lock_requests_workload.h"

#include <memory>
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "sim/key_chooser.h"

namespace faultline::models {
namespace {

using sim::Op;
using sim::OpOutcome;
using sim::Value;

class LockRequestsWorkload final : public sim::Workload {
 public:
  explicit LockRequestsWorkload(const sim::WorkloadSetup& setup) : locks_(setup.spec.keys) {}

  std::optional<Op> NextOp(int /*client*/, sim::Rng& rng) override {
    return Op{.f = "request", .key = LockName(locks_.Next(rng)), .role = "pod"};
  }

  Value OnComplete(int /*client*/, const Op& /*op*/, OpOutcome outcome,
                   const Value& result) override {
    // ok: the token; fail: the pod's reason; info: nothing known.
    return outcome == OpOutcome::kInfo ? Value() : result;
  }

  std::optional<Op> NextFinalOp(int /*client*/) override { return std::nullopt; }

  std::string FinalPhaseNote() const override {
    return "no final phase: a lock leaves nothing to read back";
  }

 private:
  sim::KeyChooser locks_;
};

}  // namespace

Value LockName(int64_t index) { return Value::Str(absl::StrCat("L", index + 1)); }

sim::WorkloadInfo LockRequestsWorkloadInfo() {
  sim::WorkloadInfo info;
  info.name = "lock-requests";
  info.summary = "open-loop requests that each need a lock (L1..LN) to role:pod; ok carries "
                 "the fencing token, fail the reason (rejected, busy, lock-timeout, fenced)";
  info.functions = {"request"};
  info.default_ops = {{"request", 1.0}};
  info.checkers = {{"mutual-exclusion", "mutex"}, {"mutex", "mutex"}};
  info.create = [](const sim::WorkloadSetup& setup) -> std::unique_ptr<sim::Workload> {
    return std::make_unique<LockRequestsWorkload>(setup);
  };
  return info;
}

}  // namespace faultline::models
