// The broker side of the ordering checker: what the downstream store applied (apply
// observations) against what the producers sent (send ops) and what was left (the last
// ok pending op).
#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "checkers/ordering/internal/findings.h"

namespace faultline::checkers::ordering::internal {
namespace {

using MessageId = std::pair<std::string, int64_t>;  // (key, value)

// A message's story: its send and what the nodes observed of it, in history order.
struct Path {
  const ClientOp* send = nullptr;
  std::vector<const NodeObservation*> applies;
  const NodeObservation* dead_letter = nullptr;
};

// "3 at 2.01s (consumer n3, delivery 1, 0 requeues)"
std::string ApplyText(const NodeObservation& a) {
  std::vector<std::string> how;
  how.push_back(a.consumer.empty() ? absl::StrCat("at node ", a.node)
                                   : absl::StrCat("consumer ", a.consumer));
  if (a.deliveries > 0) how.push_back(absl::StrCat("delivery ", a.deliveries));
  how.push_back(absl::StrCat(a.requeues, a.requeues == 1 ? " requeue" : " requeues"));
  return absl::StrCat(a.value, " at ", At(a.time_ns), " (", absl::StrJoin(how, ", "), ")");
}

// "3 (op 41, c2)" or "3" when no send produced it.
std::string MessageText(int64_t value, const ClientOp* send) {
  if (send == nullptr) return absl::StrCat(value);
  return absl::StrCat(value, " (op ", send->id, ", ", ClientName(*send), ")");
}

// Per key, each applied message B whose first application came before that of a message
// A acknowledged before B was invoked. Among such A, the evidence names the one applied
// last (the clearest inversion).
void OrderViolations(const std::map<MessageId, Path>& paths, Findings& findings,
                     int64_t* violations) {
  std::map<std::string, std::vector<const Path*>> by_key;
  for (const auto& [id, path] : paths) {
    if (path.send != nullptr) by_key[id.first].push_back(&path);
  }
  for (auto& [key, all] : by_key) {
    // Acknowledged sends by completion time, with the running latest first application.
    std::vector<const Path*> acked;
    for (const Path* p : all) {
      if (p->send->status == OpStatus::kOk) acked.push_back(p);
    }
    std::sort(acked.begin(), acked.end(), [](const Path* a, const Path* b) {
      return a->send->complete_ns < b->send->complete_ns;
    });
    std::vector<const Path*> latest(acked.size(), nullptr);  // prefix: applied last
    for (size_t i = 0; i < acked.size(); ++i) {
      latest[i] = i > 0 ? latest[i - 1] : nullptr;
      const Path* p = acked[i];
      if (!p->applies.empty() &&
          (latest[i] == nullptr || p->applies[0]->line > latest[i]->applies[0]->line)) {
        latest[i] = p;
      }
    }
    // Each applied B, in the order of its first application.
    std::vector<const Path*> applied;
    for (const Path* p : all) {
      if (!p->applies.empty()) applied.push_back(p);
    }
    std::sort(applied.begin(), applied.end(), [](const Path* a, const Path* b) {
      return a->applies[0]->line < b->applies[0]->line;
    });
    for (const Path* b : applied) {
      const auto before = std::partition_point(acked.begin(), acked.end(), [&](const Path* a) {
        return a->send->complete_ns < b->send->invoke_ns;
      });
      if (before == acked.begin()) continue;
      const Path* a = latest[static_cast<size_t>(before - acked.begin()) - 1];
      if (a == nullptr || a->applies[0]->line < b->applies[0]->line) continue;
      ++*violations;
      findings.Add(
          "order-violation",
          absl::StrCat(key, ": ", OpName(*b->send), " sent ", b->send->value, " after ",
                       OpName(*a->send), " sent ", a->send->value, " was acknowledged (",
                       At(a->send->complete_ns), "), but ", b->send->value,
                       " was applied first: ", ApplyText(*b->applies[0]), ", ",
                       ApplyText(*a->applies[0])));
    }
  }
}

}  // namespace

void CheckApplyOrder(const MessageHistory& history, Findings& findings) {
  std::map<MessageId, Path> paths;
  for (const ClientOp& op : history.ops) {
    if (op.f == "send") paths[{op.key, op.value}].send = &op;
  }
  int64_t applies = 0, requeues = 0, redeliveries = 0, wasted_ns = 0, unknown_applies = 0;
  int64_t first_apply_ns = 0, last_apply_ns = 0;
  for (const NodeObservation& o : history.observations) {
    switch (o.kind) {
      case ObservationKind::kApply: {
        if (applies == 0) first_apply_ns = o.time_ns;
        ++applies;
        last_apply_ns = o.time_ns;
        const auto it = paths.find({o.key, o.value});
        if (it == paths.end() || it->second.send == nullptr) {
          ++unknown_applies;
          paths[{o.key, o.value}].applies.push_back(&o);
        } else {
          it->second.applies.push_back(&o);
        }
        break;
      }
      case ObservationKind::kRequeue:
        ++requeues;
        wasted_ns += o.held_ns;
        break;
      case ObservationKind::kRedeliver:
        ++redeliveries;
        break;
      case ObservationKind::kDeadLetter: {
        Path& p = paths[{o.key, o.value}];
        if (p.dead_letter != nullptr) break;
        p.dead_letter = &o;
        findings.Add("dead-letter",
                     absl::StrCat(o.key, ": ", MessageText(o.value, p.send), " dead-lettered at ",
                                  At(o.time_ns), " by ", o.node, " after ", o.deliveries,
                                  o.deliveries == 1 ? " delivery" : " deliveries"));
        break;
      }
      case ObservationKind::kOther:
        break;
    }
  }
  if (unknown_applies > 0) {
    findings.Note(absl::StrCat(unknown_applies,
                               " application(s) of a message no send in the history produced"));
  }
  // The broker's end state: the last ok pending op.
  const ClientOp* end = nullptr;
  for (const ClientOp& op : history.ops) {
    if (op.f == "pending" && op.status == OpStatus::kOk &&
        (end == nullptr || op.complete_ns >= end->complete_ns)) {
      end = &op;
    }
  }
  std::set<MessageId> pending;
  if (end != nullptr) {
    for (const KeyValue& kv : end->pending) pending.insert({kv.key, kv.value});
  } else {
    findings.Note(
        "no ok pending op (the broker's queue at the end): unapplied messages are unseen, not "
        "lost, unless dead-lettered");
  }
  int64_t messages = 0, applied = 0, duplicates = 0, lost = 0, unseen = 0, dead = 0;
  std::vector<int64_t> latency_ns;
  int64_t first_send_ns = first_apply_ns;
  bool any_send = false;
  for (const auto& [id, p] : paths) {
    if (p.dead_letter != nullptr) ++dead;
    if (p.send != nullptr && (!any_send || p.send->invoke_ns < first_send_ns)) {
      first_send_ns = p.send->invoke_ns;
      any_send = true;
    }
    if (!p.applies.empty() && p.send != nullptr) {
      ++applied;
      latency_ns.push_back(p.applies[0]->time_ns - p.send->invoke_ns);
    }
    if (p.applies.size() > 1) {
      ++duplicates;
      std::vector<std::string> times;
      for (const NodeObservation* a : p.applies) times.push_back(ApplyText(*a));
      findings.Add("duplicate", absl::StrCat(id.first, ": ", MessageText(id.second, p.send),
                                             " applied ", p.applies.size(),
                                             " times: ", absl::StrJoin(times, "; ")));
    }
    if (p.send == nullptr || p.send->status != OpStatus::kOk) continue;
    ++messages;
    if (!p.applies.empty()) continue;
    const std::string what = absl::StrCat(id.first, ": ", MessageText(id.second, p.send),
                                          " acknowledged at ", At(p.send->complete_ns),
                                          ", never applied");
    if (p.dead_letter != nullptr) {
      ++lost;
      findings.Add("lost", absl::StrCat(what, ": dead-lettered at ", At(p.dead_letter->time_ns),
                                        " after ", p.dead_letter->deliveries, " deliveries"));
    } else if (end == nullptr || pending.count(id) > 0) {
      ++unseen;
      findings.Add("unseen",
                   end == nullptr
                       ? absl::StrCat(what, " (no pending op tells whether it was still queued)")
                       : absl::StrCat(what, ", still pending at the end (", OpName(*end), " at ",
                                      At(end->complete_ns), "): the run ended before the drain"));
    } else {
      ++lost;
      findings.Add("lost", absl::StrCat(what, " and not pending at the end (", OpName(*end),
                                        " at ", At(end->complete_ns), ")"));
    }
  }
  findings.Metric("messages", static_cast<double>(messages));
  findings.Metric("applied", static_cast<double>(applied));
  findings.Metric("applies", static_cast<double>(applies));
  findings.Metric("requeues", static_cast<double>(requeues));
  findings.Metric("requeues_per_message",
                  messages > 0 ? static_cast<double>(requeues) / static_cast<double>(messages) : 0);
  findings.Metric("requeue_wasted_ns", static_cast<double>(wasted_ns));
  findings.Metric("redeliveries", static_cast<double>(redeliveries));
  findings.Metric("dead_lettered", static_cast<double>(dead));
  findings.Metric("duplicates", static_cast<double>(duplicates));
  findings.Metric("lost", static_cast<double>(lost));
  findings.Metric("unseen", static_cast<double>(unseen));
  int64_t violations = 0;
  OrderViolations(paths, findings, &violations);
  findings.Metric("order_violations", static_cast<double>(violations));
  std::sort(latency_ns.begin(), latency_ns.end());
  findings.Metric("latency_p50_ns", latency_ns.empty() ? 0 : Percentile(latency_ns, 0.50));
  findings.Metric("latency_p99_ns", latency_ns.empty() ? 0 : Percentile(latency_ns, 0.99));
  findings.Metric("latency_max_ns", latency_ns.empty() ? 0 : latency_ns.back());
  // Applications per second of the span from the first send to the last application.
  const int64_t span_ns = last_apply_ns - (any_send ? first_send_ns : first_apply_ns);
  findings.Metric("applies_per_second",
                  span_ns > 0 ? static_cast<double>(applies) * 1e9 / static_cast<double>(span_ns)
                              : 0);
}

}  // namespace faultline::checkers::ordering::internal
