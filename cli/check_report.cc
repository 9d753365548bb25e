#include "cli/check_report.h"

#include <chrono>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "cli/exit_codes.h"
#include "viz/check_report_reader.h"
#include "viz/failure_view.h"

namespace faultline::cli {
namespace {

using nlohmann::json;

// null, a number, a string or an array (a set). An Unknown value has no JSON form: the
// caller leaves the field out.
json ValueJson(const checkers::Value& v) {
  switch (v.kind) {
    case checkers::Value::Kind::kInt:
      return v.i;
    case checkers::Value::Kind::kString:
      return v.s;
    case checkers::Value::Kind::kSet:
      return v.elems;
    case checkers::Value::Kind::kNil:
    case checkers::Value::Kind::kUnknown:
      break;
  }
  return nullptr;
}

std::string_view StatusName(checkers::Status s) {
  switch (s) {
    case checkers::Status::kOk:
      return "ok";
    case checkers::Status::kFail:
      return "fail";
    case checkers::Status::kInfo:
      return "info";
  }
  return "info";
}

json HistoryJson(const checkers::History& history) {
  size_t ok = 0, fail = 0, info = 0;
  for (const checkers::Operation& op : history.ops) {
    if (op.status == checkers::Status::kOk) ++ok;
    if (op.status == checkers::Status::kFail) ++fail;
    if (op.status == checkers::Status::kInfo) ++info;
  }
  return {{"source", history.source},
          {"format", history.format.empty() ? "empty" : history.format},
          {"ops", history.ops.size()},
          {"ok", ok},
          {"fail", fail},
          {"info", info}};
}

json OpsJson(const checkers::History& history, const std::vector<size_t>& indices) {
  json ops = json::array();
  for (size_t i : indices) ops.push_back(OpJson(history, i));
  return ops;
}

}  // namespace

CheckRun RunCheck(const checkers::History& history, const checkers::Spec& spec,
                  const CheckLimits& limits) {
  using Clock = std::chrono::steady_clock;
  const Clock::time_point start = Clock::now();
  const Clock::time_point deadline = start + std::chrono::nanoseconds(limits.time_limit_ns);
  checkers::CheckOptions options;
  options.out_of_budget = [deadline] { return Clock::now() >= deadline; };
  options.memory_limit_bytes = static_cast<size_t>(limits.memory_limit_bytes);
  options.split_partitions = limits.split_partitions;
  CheckRun run;
  run.history = &history;
  run.spec = std::string(spec.name());
  run.limits = limits;
  run.result = checkers::CheckLinearizability(history, spec, options);
  run.elapsed_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  return run;
}

json OpJson(const checkers::History& history, size_t index) {
  const checkers::Operation& op = history.ops[index];
  const bool open_ended = op.status == checkers::Status::kInfo;
  json j = {{"index", index},
            {"id", op.id},
            {"line", op.line},
            {"process", op.process},
            {"f", op.f},
            {"key", op.key},
            {"status", StatusName(op.status)},
            {"call", op.call},
            {"ret", open_ended ? json(nullptr) : json(op.ret)},
            {"input", ValueJson(op.input)}};
  if (!op.client.empty()) j["client"] = op.client;
  if (op.f == "cas") j["input2"] = ValueJson(op.input2);
  if (op.output.kind != checkers::Value::Kind::kUnknown) j["output"] = ValueJson(op.output);
  j["op"] = checkers::DescribeOp(op);
  return j;
}

json CheckReportJson(const CheckRun& run) {
  const checkers::CheckResult& r = run.result;
  json j = {{"checker", "linearizability"},
            {"model", run.spec},
            {"verdict", std::string(checkers::VerdictName(r.verdict))}};
  switch (r.verdict) {
    case checkers::Verdict::kLinearizable:
      j["valid"] = true;
      break;
    case checkers::Verdict::kNotLinearizable:
      j["valid"] = false;
      break;
    case checkers::Verdict::kUnknown:
      j["valid"] = "unknown";
      break;
  }
  j["history"] = HistoryJson(*run.history);
  j["limits"] = {{"time_ms", run.limits.time_limit_ns / kMillisecond},
                 {"memory_bytes", run.limits.memory_limit_bytes},
                 {"split_partitions", run.limits.split_partitions}};
  j["states_explored"] = r.states_explored;
  // Microseconds are plenty, and keep the number short.
  j["elapsed_ms"] = std::round(run.elapsed_ms * 1000) / 1000;
  if (r.verdict == checkers::Verdict::kUnknown) j["unknown_reason"] = r.unknown_reason;
  if (r.verdict == checkers::Verdict::kNotLinearizable && r.violation) {
    const checkers::Violation& v = *r.violation;
    j["violation"] = {{"key", v.key},
                      {"longest_linearizable_prefix", OpsJson(*run.history, v.longest_prefix)},
                      {"stuck_op", OpJson(*run.history, v.stuck_op)},
                      {"concurrent", OpsJson(*run.history, v.concurrent)},
                      {"explanation", v.explanation}};
  }
  return j;
}

absl::StatusOr<std::string> FailureViewHtml(const json& report, const std::string& source,
                                            const viz::TraceEvents* trace) {
  absl::StatusOr<viz::CheckReport> read = viz::ParseCheckReport(report, source);
  if (!read.ok()) {
    return absl::InternalError(
        absl::StrCat("the failure view cannot read its own report: ", read.status().message()));
  }
  return viz::RenderFailureView(*read, trace);
}

int VerdictExitCode(checkers::Verdict verdict) {
  switch (verdict) {
    case checkers::Verdict::kLinearizable:
      return kExitOk;
    case checkers::Verdict::kNotLinearizable:
      return kExitViolation;
    case checkers::Verdict::kUnknown:
      return kExitUnknown;
  }
  return kExitInternal;
}

}  // namespace faultline::cli
