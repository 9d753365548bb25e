#include "viz/internal/failure_model.h"

#include <algorithm>
#include <map>

#include "absl/strings/str_cat.h"
#include "base/strings.h"
#include "viz/label_text.h"

namespace faultline::viz::internal::failure {
namespace {

constexpr size_t kValueChars = 12;  // longer values are shortened on bars (not in the table)

}  // namespace

FailureModel BuildFailureModel(const CheckReport& report, const TraceEvents* trace) {
  FailureModel m;
  m.report = &report;
  m.violation = &*report.violation;
  m.times_ns = report.history_format == "faultline";
  m.trace = trace;
  const ReportViolation& v = *m.violation;
  // Ordered by history index, so the page lists ops in invocation order.
  std::map<int64_t, ViewOp> by_index;
  for (size_t i = 0; i < v.prefix.size(); ++i) {
    ViewOp& o = by_index[v.prefix[i].index];
    o.op = &v.prefix[i];
    if (o.prefix_pos == 0) o.prefix_pos = static_cast<int64_t>(i) + 1;
  }
  for (const ReportOp& op : v.concurrent) {
    ViewOp& o = by_index[op.index];
    if (o.op == nullptr) o.op = &op;
    o.concurrent = true;
  }
  ViewOp& stuck = by_index[v.stuck.index];
  stuck.op = &v.stuck;
  stuck.stuck = true;
  m.from = v.stuck.call;
  m.to = v.stuck.ret.value_or(v.stuck.call);
  for (auto& [index, o] : by_index) {
    m.from = std::min(m.from, o.op->call);
    m.to = std::max(m.to, o.op->ret.value_or(o.op->call));
    m.ops.push_back(o);
  }
  if (trace == nullptr) return m;
  for (Fault& f : FaultsFromTrace(*trace)) {
    if (Touches(f, m.from, m.to)) {
      m.faults.push_back(std::move(f));
    } else {
      ++m.faults_elsewhere;
    }
  }
  m.fault_nodes = FaultNodes(m.faults);
  return m;
}

std::string TimeText(const FailureModel& m, int64_t t) {
  return m.times_ns ? ShortTime(t) : absl::StrCat(t);
}

std::string ValueText(std::string_view json_text) {
  return json_text == "null" ? "nil" : std::string(json_text);
}

bool ReadsAValue(const ReportOp& op) {
  return op.f == "read" || op.f == "get" || op.f == "dequeue";
}

std::string ProcessName(const ReportOp& op) {
  if (op.client.empty()) return absl::StrCat("process ", op.process);
  return absl::StrCat(op.client, " (process ", op.process, ")");
}

std::string ShortOpLabel(const ReportOp& op) {
  const auto value = [](std::string_view text) {
    return ShortenText(ValueText(text), kValueChars);
  };
  std::string label = op.f;
  if (op.f == "cas") {
    absl::StrAppend(&label, " ", value(op.input), "->", value(op.input2.value_or("null")));
  } else if (op.input != "null") {
    absl::StrAppend(&label, " ", value(op.input));
  }
  if (ReadsAValue(op)) absl::StrAppend(&label, " -> ", op.output ? value(*op.output) : "?");
  return label;
}

int64_t StuckEnd(const FailureModel& m) { return m.violation->stuck.ret.value_or(m.to); }

}  // namespace faultline::viz::internal::failure
