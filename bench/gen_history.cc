// Writes a generated history (checkers/history_generator.h) as faultline history.jsonl,
// the format sim/history.cc writes and `faultline check` reads, so the whole command-line
// path (reading, checking, peak RSS) can be measured on histories of any size:
//
//   gen_history --ops 1000000 --clients 32 --keys 1000 > /tmp/h.jsonl
//   /usr/bin/time -f %M faultline check /tmp/h.jsonl --model kv
//
// Options (all optional): --seed N, --ops N, --clients N, --keys N (1: a single register
// with the key ""), --info-ppm N, --fail-ppm N, --mutation NAME (read-never-written,
// read-of-failed-write, read-from-future, stale-read, swap-writes: the history is then
// not linearizable; stderr says what changed).
//
// Events are written in time order, an invocation before a completion at the same time.
// An info op's completion line carries its invocation's time: the checker treats an info
// op as open-ended whatever that time is.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "checkers/history_generator.h"
#include "checkers/operation.h"

namespace {

using namespace faultline::checkers;

constexpr char kUsage[] =
    "usage: gen_history [--seed N] [--ops N] [--clients N] [--keys N] [--info-ppm N]\n"
    "                   [--fail-ppm N] [--mutation NAME] > history.jsonl\n";

void AppendValue(std::string& s, const Value& v) {
  switch (v.kind) {
    case Value::Kind::kInt:
      absl::StrAppend(&s, v.i);
      return;
    case Value::Kind::kString:
      absl::StrAppend(&s, "\"", v.s, "\"");  // the generator writes integers only
      return;
    default:
      s += "null";
  }
}

// The value field of one event of `op`: a cas's [expected,new]; a write's value; a read's
// output on its ok line and null on its invocation.
void AppendEventValue(std::string& s, const Operation& op, bool completion) {
  if (op.f == "cas") {
    s += '[';
    AppendValue(s, op.input);
    s += ',';
    AppendValue(s, op.input2);
    s += ']';
  } else if (op.f == "read") {
    AppendValue(s, completion && op.status == Status::kOk ? op.output : Value::Nil());
  } else {
    AppendValue(s, op.input);
  }
}

const char* CompletionType(Status s) {
  switch (s) {
    case Status::kOk:
      return "ok";
    case Status::kFail:
      return "fail";
    case Status::kInfo:
      return "info";
  }
  return "info";
}

bool ParseFlag(int argc, char** argv, int& i, std::string_view name, int64_t& out) {
  if (argv[i] != name) return false;
  if (i + 1 >= argc || !absl::SimpleAtoi(argv[i + 1], &out) || out < 0) {
    std::fprintf(stderr, "gen_history: %s needs a non-negative integer\n%s", argv[i], kUsage);
    std::exit(64);
  }
  ++i;
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  GeneratorOptions o;
  int64_t seed = 1, info_ppm = 0, fail_ppm = 0;
  std::string mutation;
  for (int i = 1; i < argc; ++i) {
    if (ParseFlag(argc, argv, i, "--seed", seed) || ParseFlag(argc, argv, i, "--ops", o.ops) ||
        ParseFlag(argc, argv, i, "--clients", o.clients) ||
        ParseFlag(argc, argv, i, "--keys", o.keys) ||
        ParseFlag(argc, argv, i, "--info-ppm", info_ppm) ||
        ParseFlag(argc, argv, i, "--fail-ppm", fail_ppm)) {
      continue;
    }
    if (std::string_view(argv[i]) == "--mutation" && i + 1 < argc) {
      mutation = argv[++i];
      continue;
    }
    std::fprintf(stderr, "gen_history: unknown argument '%s'\n%s", argv[i], kUsage);
    return 64;
  }
  if (o.clients < 1 || o.keys < 1 || info_ppm + fail_ppm > 1'000'000) {
    std::fprintf(stderr, "gen_history: need clients >= 1, keys >= 1, info + fail <= 1e6 ppm\n");
    return 64;
  }
  o.seed = static_cast<uint64_t>(seed);
  o.info_ppm = static_cast<uint32_t>(info_ppm);
  o.fail_ppm = static_cast<uint32_t>(fail_ppm);
  History h = GenerateHistory(o);
  if (!mutation.empty()) {
    const auto m = std::find_if(kAllMutations.begin(), kAllMutations.end(),
                                [&](Mutation x) { return MutationName(x) == mutation; });
    if (m == kAllMutations.end()) {
      std::fprintf(stderr, "gen_history: unknown mutation '%s'\n%s", mutation.c_str(), kUsage);
      return 64;
    }
    const MutationOutcome outcome = Mutate(h, *m, o.seed);
    std::fprintf(stderr, "gen_history: %s\n", outcome.description.c_str());
    if (!outcome.applied) return 1;
  }

  // (time, completion?, op): invocations sort before completions at the same time.
  std::vector<std::tuple<int64_t, bool, size_t>> events;
  events.reserve(2 * h.ops.size());
  for (size_t i = 0; i < h.ops.size(); ++i) {
    const Operation& op = h.ops[i];
    events.emplace_back(op.call, false, i);
    events.emplace_back(op.status == Status::kInfo ? op.call : op.ret, true, i);
  }
  std::sort(events.begin(), events.end());
  std::string line;
  uint64_t index = 0;
  for (const auto& [time, completion, i] : events) {
    const Operation& op = h.ops[i];
    line.clear();
    absl::StrAppend(&line, "{\"index\":", index++, ",\"time\":", time, ",\"process\":", op.process,
                    ",\"type\":\"", completion ? CompletionType(op.status) : "invoke",
                    "\",\"f\":\"", op.f, "\",\"key\":\"", op.key, "\",\"value\":");
    AppendEventValue(line, op, completion);
    line += "}\n";
    if (std::fwrite(line.data(), 1, line.size(), stdout) != line.size()) {
      std::perror("gen_history: write");
      return 74;
    }
  }
  return std::fflush(stdout) == 0 ? 0 : 74;
}
