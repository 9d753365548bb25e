// The `ordering` checker (and `exactly-once`, the same analysis with duplicates deciding):
// judges a messaging history (message_history.h) for the anomalies of issue 13, each
// counted separately with up to `examples_per_kind` pieces of evidence in plain words.
//
// Broker side (apply observations, pending ops): per key, the expected order is the
// producers' realtime order: when send A was acknowledged before send B of the same key
// was invoked, A must be applied (first) before B.
//   order-violation  B's first application came before A's;
//   duplicate        one message applied more than once;
//   lost             acknowledged, never applied, not pending at the end (or dead-lettered);
//   unseen           acknowledged, not applied, still pending at the end;
//   dead-letter      messages the broker dead-lettered.
// Log side (polls; Jepsen's jepsen.tests.kafka names): lost-write, duplicate, poll-skip,
// int-poll-skip, nonmonotonic-poll, int-nonmonotonic-poll, nonmonotonic-send,
// inconsistent-offsets, unseen; realtime lag as metrics. docs/ordering-checker.md says
// where ours differ from Jepsen's.
//
// Verdict: invalid when a kind DecidesVerdict names is found; duplicate decides only for
// exactly-once; unseen and dead-letter never decide.
//
//   OrderingReport r = CheckOrdering(history, {});
//   if (!r.Valid(/*exactly_once=*/false)) std::cout << r.anomalies.begin()->second.examples[0];
#ifndef FAULTLINE_CHECKERS_ORDERING_ORDERING_CHECKER_H_
#define FAULTLINE_CHECKERS_ORDERING_ORDERING_CHECKER_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "checkers/ordering/message_history.h"

namespace faultline::checkers::ordering {

struct Anomaly {
  int64_t count = 0;
  std::vector<std::string> examples;  // the first few, in history order
};

struct OrderingReport {
  std::map<std::string, Anomaly> anomalies;  // only the kinds found
  // Numbers only, so sweeps can chart them: messages, applied, requeues, ... (the docs).
  std::map<std::string, double> metrics;
  std::vector<std::string> notes;  // e.g. "no pending op: unapplied messages are unseen"
  bool broker = false;             // the history had broker-side facts (applies, pending)
  bool log = false;                // ... or log-side ones (polls, offsets)

  // False when an anomaly that decides the verdict was found.
  bool Valid(bool exactly_once) const;
};

struct OrderingOptions {
  int examples_per_kind = 5;
};

// Whether finding `kind` makes the history invalid (`duplicate` only under exactly-once).
bool DecidesVerdict(std::string_view kind, bool exactly_once);

OrderingReport CheckOrdering(const MessageHistory& history, const OrderingOptions& options = {});

}  // namespace faultline::checkers::ordering

#endif  // FAULTLINE_CHECKERS_ORDERING_ORDERING_CHECKER_H_
