#include "models/kv/replica_rounds.h"

#include "absl/strings/str_cat.h"
#include "base/check.h"
#include "models/kv/kv_workload.h"

namespace faultline::models {

std::optional<sim::Op> ReplicaRounds::Next() {
  if (done_ || nodes_ <= 0 || keys_ <= 0) return std::nullopt;
  const int64_t key = next_ / nodes_;
  const auto node = static_cast<sim::EndpointId>(next_ % nodes_);
  ++next_;
  return sim::Op{.f = kReadLocal,
                 .key = KvKey(key),
                 .value = sim::Value::Str(absl::StrCat("n", node + 1)),
                 .node = node,
                 .probe = true};
}

void ReplicaRounds::Record(sim::OpOutcome outcome, const sim::Value& result) {
  FL_CHECK(next_ > 0);
  const int64_t index = next_ - 1;
  if (outcome == sim::OpOutcome::kInfo && ++attempts_ < kReadAttempts) {
    --next_;  // the same read again: one lost message says nothing about the copies
    return;
  }
  attempts_ = 0;
  if (index % nodes_ == 0) first_copy_.reset();  // a new key
  switch (outcome) {
    case sim::OpOutcome::kOk:
      if (!first_copy_) {
        first_copy_ = result;
      } else if (*first_copy_ != result) {
        agreed_ = false;
      }
      break;
    case sim::OpOutcome::kFail:  // this node keeps no copy of the key
      break;
    case sim::OpOutcome::kInfo:  // unseen after every try: the round cannot show agreement
      agreed_ = false;
      break;
  }
  if (next_ < keys_ * nodes_) return;
  ++round_;
  done_ = agreed_ || round_ >= kMaxRounds;
  next_ = 0;
  agreed_ = true;
  first_copy_.reset();
}

}  // namespace faultline::models
