#include "sim/op_metrics.h"

#include "absl/strings/str_format.h"
#include "base/check.h"

namespace faultline::sim {

std::optional<uint64_t> Availability::RatioPpm() const {
  if (ops == 0) return std::nullopt;
  // ok <= ops, and ops fits far below 2^44 in any run, so ok * 1e6 cannot overflow.
  return ok * 1'000'000 / ops;
}

std::string Availability::RatioText() const {
  const std::optional<uint64_t> ppm = RatioPpm();
  if (!ppm) return "";
  return absl::StrFormat("%d.%04d", *ppm / 1'000'000, (*ppm % 1'000'000) / 100);
}

void OpMetrics::Record(std::string_view f, bool invoked_in_fault, OpOutcome outcome,
                       Nanos latency) {
  FL_CHECK(latency >= 0);
  Availability& a = invoked_in_fault ? in_faults_ : outside_faults_;
  ++a.ops;
  if (outcome != OpOutcome::kOk) return;
  ++a.ok;
  auto it = ok_latency_by_f_.find(f);
  if (it == ok_latency_by_f_.end()) {
    it = ok_latency_by_f_.emplace(std::string(f), LatencyHistogram()).first;
  }
  it->second.Record(latency);
}

std::optional<uint64_t> PerOpMilli(uint64_t messages, uint64_t ops) {
  if (ops == 0) return std::nullopt;
  // Whole part, then thousandths of the remainder rounded half up: (2000 r + ops) / 2 ops,
  // which may carry into the whole part (0.9996 -> 1.000). r < ops < 2^50: no overflow.
  const uint64_t whole = messages / ops;
  const uint64_t milli = ((messages % ops) * 2000 + ops) / (2 * ops);
  return whole * 1000 + milli;
}

std::string PerOpText(uint64_t messages, uint64_t ops) {
  const std::optional<uint64_t> milli = PerOpMilli(messages, ops);
  if (!milli) return "";
  return absl::StrFormat("%d.%03d", *milli / 1000, *milli % 1000);
}

}  // namespace faultline::sim
