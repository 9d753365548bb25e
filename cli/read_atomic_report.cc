#include "cli/read_atomic_report.h"

#include <map>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/time.h"
#include "checkers/multikey/read_atomic_checker.h"
#include "cli/anomaly_report.h"

namespace faultline::cli {
namespace {

namespace mk = checkers::multikey;
using nlohmann::json;

constexpr size_t kReadAtomicEvidenceMax = 100;  // fractured reads listed in the report
constexpr size_t kReadAtomicExamplesMax = 3;    // and described in words

struct ReadAtomicAnomaly {
  int64_t count = 0;
  std::vector<std::string> examples{};
};

// "op 13" or "op 13 (c3)": how the history and the diagrams name an op.
std::string ReadAtomicOpName(const mk::MultiKeyOp& op) {
  return absl::StrCat("op ", op.op, op.client.empty() ? "" : absl::StrCat(" (", op.client, ")"));
}

// "op 13 (c3) multi-read [k1,k7] saw op 12 (c4)'s multi-write of 5 at k1, yet at k7 read 2,
// written by op 4 (c2), which completed before op 12 began"
std::string FracturedReadWords(const mk::FracturedRead& f) {
  const std::string stale =
      f.stale_value
          ? absl::StrCat(*f.stale_value, ", written by ", ReadAtomicOpName(*f.stale_write),
                         ", which completed before ", ReadAtomicOpName(*f.write), " began")
          : std::string("nothing (never written), though op ") + std::to_string(f.write->op) +
                " wrote it";
  return absl::StrCat(ReadAtomicOpName(*f.read), " multi-read [", absl::StrJoin(f.read->keys, ","),
                      "] saw ", ReadAtomicOpName(*f.write), "'s multi-write of ", f.write->written,
                      " at ", f.saw_key, ", yet at ", f.stale_key, " read ", stale);
}

json FracturedReadJson(const mk::FracturedRead& f) {
  return {{"read_op", f.read->op},
          {"read_client", f.read->client},
          {"keys", f.read->keys},
          {"write_op", f.write->op},
          {"write_client", f.write->client},
          {"saw_key", f.saw_key},
          {"value", f.write->written},
          {"stale_key", f.stale_key},
          {"stale_value", f.stale_value ? json(*f.stale_value) : json(nullptr)},
          {"stale_write_op", f.stale_write ? json(f.stale_write->op) : json(nullptr)}};
}

}  // namespace

ReadAtomicOutcome RunReadAtomicChecker(const mk::MultiKeyHistory& history) {
  const mk::ReadAtomicReport r = mk::CheckReadAtomic(history);
  ReadAtomicOutcome out;
  const bool valid = r.Valid();
  out.violation = !valid;
  std::map<std::string, ReadAtomicAnomaly> anomalies;
  json evidence = json::array();
  if (!valid) {
    ReadAtomicAnomaly& a = anomalies["fractured-read"];
    a.count = static_cast<int64_t>(r.fractured.size());
    for (const mk::FracturedRead& f : r.fractured) {
      if (a.examples.size() < kReadAtomicExamplesMax) a.examples.push_back(FracturedReadWords(f));
      if (evidence.size() < kReadAtomicEvidenceMax) evidence.push_back(FracturedReadJson(f));
    }
  }
  AnomalyLines described = DescribeAnomalies(
      absl::StrCat(kReadAtomicChecker, " (", history.ops.size(),
                   " multi-key ops: ", r.multi_reads_ok, " ok multi-reads judged): "),
      valid, anomalies, [](const std::string&) { return true; });
  out.report = {{"checker", kReadAtomicChecker},
                {"valid", valid},
                {"verdict", valid ? "valid" : "invalid"},
                {"ops", history.ops.size()},
                {"anomalies", described.json},
                {"metrics", MetricsJson(r.metrics)},
                {"fractured", std::move(evidence)},
                {"notes", r.notes}};
  out.lines = std::move(described.lines);
  if (!valid) {
    out.lines.push_back(absl::StrCat("  ", r.fractured_reads, " of ", r.multi_reads_ok,
                                     " ok multi-reads saw part of a multi-write"));
  }
  const auto& m = r.metrics;
  const std::pair<const char*, const char*> kinds[] = {{"multi_read", "multi-read"},
                                                       {"multi_write", "multi-write"}};
  for (const auto& [metric, f] : kinds) {
    const auto p50 = m.find(absl::StrCat(metric, "_latency_p50_ns"));
    const auto p99 = m.find(absl::StrCat(metric, "_latency_p99_ns"));
    if (p50 == m.end() || p99 == m.end()) continue;
    out.lines.push_back(absl::StrCat("  ", f, " (cross-shard) latency: p50 ",
                                     FormatDuration(static_cast<Nanos>(p50->second)), ", p99 ",
                                     FormatDuration(static_cast<Nanos>(p99->second))));
  }
  for (const std::string& note : r.notes) out.lines.push_back(absl::StrCat("  note: ", note));
  for (const std::string& note : history.notes) {
    out.lines.push_back(absl::StrCat("  note: ", note));
  }
  return out;
}

}  // namespace faultline::cli
