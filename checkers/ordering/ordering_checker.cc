#include "checkers/ordering/ordering_checker.h"

#include <algorithm>
#include <cmath>

#include "base/time.h"
#include "absl/strings/str_cat.h"
#include "checkers/ordering/internal/findings.h"

namespace faultline::checkers::ordering {
namespace internal {

void Findings::Add(const std::string& kind, std::string example) {
  Anomaly& a = report_.anomalies[kind];
  ++a.count;
  if (static_cast<int>(a.examples.size()) < examples_) a.examples.push_back(std::move(example));
}

std::string ClientName(const ClientOp& op) {
  return op.client.empty() ? absl::StrCat("process ", op.process) : op.client;
}

std::string OpName(const ClientOp& op) { return absl::StrCat("op ", op.id, " (", ClientName(op), ")"); }

std::string At(int64_t time_ns) { return FormatDuration(time_ns); }

int64_t Percentile(const std::vector<int64_t>& sorted, double p) {
  const size_t rank = static_cast<size_t>(std::ceil(p * static_cast<double>(sorted.size())));
  return sorted[std::clamp<size_t>(rank, 1, sorted.size()) - 1];
}

}  // namespace internal

bool DecidesVerdict(std::string_view kind, bool exactly_once) {
  if (kind == "duplicate") return exactly_once;
  for (std::string_view k : {"order-violation", "lost", "lost-write", "poll-skip", "int-poll-skip",
                             "nonmonotonic-poll", "int-nonmonotonic-poll", "nonmonotonic-send",
                             "inconsistent-offsets"}) {
    if (k == kind) return true;
  }
  return false;
}

bool OrderingReport::Valid(bool exactly_once) const {
  for (const auto& [kind, a] : anomalies) {
    if (a.count > 0 && DecidesVerdict(kind, exactly_once)) return false;
  }
  return true;
}

OrderingReport CheckOrdering(const MessageHistory& history, const OrderingOptions& options) {
  OrderingReport report;
  for (const ClientOp& op : history.ops) {
    if (op.f == "poll" || op.offset.has_value()) report.log = true;
    if (op.f == "pending") report.broker = true;
  }
  for (const NodeObservation& o : history.observations) {
    if (o.kind != ObservationKind::kOther) report.broker = true;
  }
  // Sends alone (no poll, no broker fact) are judged as a broker's: every message unseen.
  if (!report.log) report.broker = true;
  internal::Findings findings(&report, options.examples_per_kind);
  if (report.broker) internal::CheckApplyOrder(history, findings);
  if (report.log) internal::CheckLogAnomalies(history, findings);
  return report;
}

}  // namespace faultline::checkers::ordering
