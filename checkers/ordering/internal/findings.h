// What the two halves of the ordering checker (apply_order.cc, log_anomalies.cc) share:
// the report they fill, with a bound on examples, and the phrases evidence is made of.
#ifndef FAULTLINE_CHECKERS_ORDERING_INTERNAL_FINDINGS_H_
#define FAULTLINE_CHECKERS_ORDERING_INTERNAL_FINDINGS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "checkers/ordering/message_history.h"
#include "checkers/ordering/ordering_checker.h"

namespace faultline::checkers::ordering::internal {

class Findings {
 public:
  Findings(OrderingReport* report, int examples) : report_(*report), examples_(examples) {}
  // Counts one `kind`; keeps `example` while fewer than the bound are kept.
  void Add(const std::string& kind, std::string example);
  void Metric(const std::string& name, double value) { report_.metrics[name] = value; }
  void Note(std::string note) { report_.notes.push_back(std::move(note)); }

 private:
  OrderingReport& report_;
  int examples_;
};

// "c2", or "process 3" when the history names no client.
std::string ClientName(const ClientOp& op);

// "op 41 (c2)", "op 41 (process 3)".
std::string OpName(const ClientOp& op);

// "1.2s": a time in the run.
std::string At(int64_t time_ns);

// Nearest-rank percentile of `sorted` (ascending, non-empty), p in (0, 1].
int64_t Percentile(const std::vector<int64_t>& sorted, double p);

// Fills the broker side: order-violation, duplicate, lost, unseen, dead-letter, metrics.
void CheckApplyOrder(const MessageHistory& history, Findings& findings);

// Fills the log side: Jepsen's kafka anomalies and realtime lag.
void CheckLogAnomalies(const MessageHistory& history, Findings& findings);

}  // namespace faultline::checkers::ordering::internal

#endif  // FAULTLINE_CHECKERS_ORDERING_INTERNAL_FINDINGS_H_
