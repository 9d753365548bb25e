#include "checkers/ordering/ordering_checker.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "base/time.h"
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

std::string OpName(const ClientOp& op) {
  return absl::StrCat("op ", op.id, " (", ClientName(op), ")");
}

std::string At(int64_t time_ns) { return FormatDuration(time_ns); }

int64_t Percentile(const std::vector<int64_t>& sorted, double p) {
  const size_t rank = static_cast<size_t>(std::ceil(p * static_cast<double>(sorted.size())));
  return sorted[std::clamp<size_t>(rank, 1, sorted.size()) - 1];
}

}  // namespace internal

bool DecidesVerdict(std::string_view kind, bool exactly_once) {
  if (kind == "duplicate") return exactly_once;
  for (std::string_view k :
       {"order-violation", "lost", "lost-write", "poll-skip", "int-poll-skip", "nonmonotonic-poll",
        "int-nonmonotonic-poll", "nonmonotonic-send", "inconsistent-offsets"}) {
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

namespace {

// When the sends name their partitions (a partitioned log): how many partitions took
// acknowledged sends and the busiest one's share of them, so a hot partition (a poor
// partition key) shows as a number a sweep can chart. (The history does not say how
// many partitions the topic has, so no mean over them.)
void PartitionLoad(const MessageHistory& history, OrderingReport& report) {
  std::map<std::string, int64_t> sends;
  for (const ClientOp& op : history.ops) {
    if (op.f == "send" && op.status == OpStatus::kOk && !op.partition.empty()) {
      ++sends[op.partition];
    }
  }
  if (sends.empty()) return;
  int64_t total = 0;
  auto hot = sends.begin();
  for (auto it = sends.begin(); it != sends.end(); ++it) {
    total += it->second;
    if (it->second > hot->second) hot = it;
  }
  report.metrics["partitions_used"] = static_cast<double>(sends.size());
  report.metrics["partition_sends_max"] = static_cast<double>(hot->second);
  report.metrics["partition_sends_max_share"] =
      static_cast<double>(hot->second) / static_cast<double>(total);
  int64_t id = 0;
  if (absl::SimpleAtoi(hot->first, &id)) report.metrics["hot_partition"] = static_cast<double>(id);
}

}  // namespace

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
  PartitionLoad(history, report);
  return report;
}

}  // namespace faultline::checkers::ordering
