#include "cli/fuzz_shrink.h"

#include <algorithm>
#include <chrono>
#include <utility>

#include "absl/strings/str_cat.h"
#include "base/check.h"
#include "base/time.h"
#include "cli/commands.h"
#include "cli/fuzz_run.h"
#include "cli/run_scenario.h"
#include "scenario/scenario_loader.h"
#include "scenario/scenario_writer.h"
#include "viz/formats.h"

namespace faultline::cli {
namespace {

using Clock = std::chrono::steady_clock;
using sim::FaultAction;
using sim::ScenarioSpec;

bool Contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

std::string Plural(size_t n, const char* one, const char* many) {
  return absl::StrCat(n, " ", n == 1 ? one : many);
}

class Shrinker {
 public:
  explicit Shrinker(const ShrinkRequest& request)
      : request_(request),
        context_{RegisteredModels(), KnownCheckers(), viz::FormatExtensions()},
        start_(Clock::now()) {}

  // The failing scenario as written must fail to begin with.
  absl::Status Start() {
    ScenarioSpec first = request_.failing;
    first.seed = request_.seed;
    absl::StatusOr<bool> fails = Try(std::move(first), "");
    if (!fails.ok()) return fails.status();
    started_ = true;
    if (!*fails) {
      return absl::FailedPreconditionError(absl::StrCat(
          "the failing scenario, written out as YAML and run again with seed ", request_.seed,
          ", no longer fails ", request_.checker, "; nothing to shrink from"));
    }
    result_.events_before = result_.events_after;
    result_.faults_before = best_faults_.size();
    return absl::OkStatus();
  }

  // Rounds of every pass until one keeps nothing or the budget is spent.
  absl::Status Run() {
    for (;;) {
      const int kept = kept_;
      FL_RETURN_IF_ERROR(NemesisToSchedule());
      FL_RETURN_IF_ERROR(ShorterRun());
      FL_RETURN_IF_ERROR(FewerFaults());
      FL_RETURN_IF_ERROR(ShorterFaults());
      FL_RETURN_IF_ERROR(SmallerWorkload());
      FL_RETURN_IF_ERROR(MilderNetwork());
      FL_RETURN_IF_ERROR(FewerNodes());
      if (kept_ == kept || OutOfBudget()) break;
    }
    result_.budget_spent = OutOfBudget();
    result_.faults_after = best_faults_.size();
    return absl::OkStatus();
  }

  ShrinkResult Take() { return std::move(result_); }

 private:
  bool OutOfBudget() const {
    if (!started_) return false;  // the failing scenario itself always runs
    return result_.candidates >= request_.max_runs ||
           (request_.stop != nullptr && request_.stop->load()) ||
           std::chrono::duration<double>(Clock::now() - start_).count() >= request_.max_seconds;
  }

  const ScenarioSpec& best() const { return result_.spec; }

  // Runs `candidate` on the seed; keeps it when the checker still fails. A candidate the
  // loader refuses (a fault naming a node that is gone) is simply not kept.
  absl::StatusOr<bool> Try(ScenarioSpec candidate, const std::string& step) {
    if (OutOfBudget()) return false;
    candidate.seed = request_.seed;
    std::string yaml = scenario::WriteScenarioYaml(candidate);
    absl::StatusOr<ScenarioSpec> loaded =
        scenario::LoadScenarioText(yaml, "repro.yaml", context_, {});
    if (!loaded.ok()) {
      if (!started_) {
        return absl::InternalError(absl::StrCat("the failing scenario, written out, does not load: ",
                                                loaded.status().message()));
      }
      return false;
    }
    ++result_.candidates;
    absl::StatusOr<FuzzRunResult> run = RunFuzzCase(
        FuzzRunSpec(*loaded, false), request_.seed, request_.scratch_dir, request_.check_time_limit);
    if (request_.on_candidate) {
      request_.on_candidate(result_.candidates, static_cast<int>(result_.steps.size()));
    }
    // A simplification the loader let through but the simulator refuses is not kept; the
    // failing scenario itself must run.
    if (!run.ok()) return started_ ? absl::StatusOr<bool>(false) : run.status();
    if (!Contains(FailedCheckers(*run), request_.checker)) return false;
    result_.spec = *std::move(loaded);
    result_.yaml = std::move(yaml);
    result_.events_after = run->trace_events;
    best_faults_ = std::move(run->faults_applied);
    if (!step.empty()) {
      Note(step);
      ++kept_;
    }
    return true;
  }

  // Keeps `step`; "recovery 1s -> 500ms" after "recovery 2s -> 1s" becomes one step,
  // "recovery 2s -> 500ms".
  void Note(const std::string& step) {
    const size_t arrow = step.rfind(" -> ");
    if (arrow != std::string::npos && !result_.steps.empty()) {
      std::string& last = result_.steps.back();
      const size_t last_arrow = last.rfind(" -> ");
      const size_t space = step.rfind(' ', arrow - 1);
      if (last_arrow != std::string::npos && space != std::string::npos &&
          step.substr(0, space) == last.substr(0, last.rfind(' ', last_arrow - 1)) &&
          step.substr(space + 1, arrow - space - 1) == last.substr(last_arrow + 4)) {
        last = last.substr(0, last_arrow) + step.substr(arrow);
        return;
      }
    }
    result_.steps.push_back(step);
  }

  absl::Status NemesisToSchedule() {
    if (!best().faults.random.enabled) return absl::OkStatus();
    ScenarioSpec c = best();
    c.faults.random = sim::NemesisSpec{};
    c.faults.schedule = best_faults_;
    std::stable_sort(c.faults.schedule.begin(), c.faults.schedule.end(),
                     [](const FaultAction& a, const FaultAction& b) { return a.at_ns < b.at_ns; });
    return Try(std::move(c), absl::StrCat("the random nemesis -> the ",
                                          Plural(best_faults_.size(), "fault", "faults"),
                                          " it drew, as an explicit schedule"))
        .status();
  }

  // Halves the duration while the failure stays, dropping the faults past the end; the
  // same for the recovery period.
  absl::Status ShorterRun() {
    for (Nanos d = best().duration_ns / 2; d >= 100 * kMillisecond; d = best().duration_ns / 2) {
      ScenarioSpec c = best();
      c.duration_ns = d / kMillisecond * kMillisecond;
      std::erase_if(c.faults.schedule, [&](const FaultAction& a) { return a.at_ns >= c.duration_ns; });
      const std::string step = absl::StrCat("duration ", FormatDuration(best().duration_ns), " -> ",
                                            FormatDuration(c.duration_ns));
      FL_ASSIGN_OR_RETURN(bool kept, Try(std::move(c), step));
      if (!kept) break;
    }
    for (Nanos r = best().recovery_ns / 2; r >= 100 * kMillisecond; r = best().recovery_ns / 2) {
      ScenarioSpec c = best();
      c.recovery_ns = r / kMillisecond * kMillisecond;
      const std::string step = absl::StrCat("recovery ", FormatDuration(best().recovery_ns), " -> ",
                                            FormatDuration(c.recovery_ns));
      FL_ASSIGN_OR_RETURN(bool kept, Try(std::move(c), step));
      if (!kept) break;
    }
    return absl::OkStatus();
  }

  // Delta debugging over the schedule: drop chunks of half, a quarter, ..., one entry.
  absl::Status FewerFaults() {
    for (size_t chunk = std::max<size_t>(best().faults.schedule.size() / 2, 1); chunk >= 1;
         chunk /= 2) {
      for (size_t i = 0; i < best().faults.schedule.size() && !OutOfBudget();) {
        ScenarioSpec c = best();
        auto& s = c.faults.schedule;
        const size_t n = std::min(chunk, s.size() - i);
        s.erase(s.begin() + static_cast<ptrdiff_t>(i), s.begin() + static_cast<ptrdiff_t>(i + n));
        const std::string step = absl::StrCat(
            "faults ", best().faults.schedule.size(), " -> ", s.size());
        FL_ASSIGN_OR_RETURN(bool kept, Try(std::move(c), step));
        if (!kept) i += n;
      }
      if (chunk == 1) break;
    }
    return absl::OkStatus();
  }

  // Halves each fault's length while the failure stays (down to 1ms).
  absl::Status ShorterFaults() {
    for (size_t i = 0; i < best().faults.schedule.size(); ++i) {
      for (;;) {
        const Nanos f = best().faults.schedule[i].for_ns;
        if (f < 2 * kMillisecond || OutOfBudget()) break;
        ScenarioSpec c = best();
        c.faults.schedule[i].for_ns = f / 2 / kMillisecond * kMillisecond;
        const std::string step = absl::StrCat("fault ", i + 1, " lasts ", FormatDuration(f),
                                              " -> ", FormatDuration(c.faults.schedule[i].for_ns));
        FL_ASSIGN_OR_RETURN(bool shorter, Try(std::move(c), step));
        if (!shorter) break;
      }
    }
    return absl::OkStatus();
  }

  // Halves an integer field down to `floor` while the failure stays.
  template <typename Get>
  absl::Status Halve(const char* what, int floor, Get field) {
    while (field(result_.spec) > floor) {
      ScenarioSpec c = best();
      const int before = field(c);
      field(c) = std::max(floor, before / 2);
      FL_ASSIGN_OR_RETURN(bool kept,
                          Try(std::move(c), absl::StrCat(what, " ", before, " -> ",
                                                         std::max(floor, before / 2))));
      if (!kept) break;
    }
    return absl::OkStatus();
  }

  absl::Status SmallerWorkload() {
    FL_RETURN_IF_ERROR(Halve("clients", 1, [](ScenarioSpec& s) -> int& { return s.workload.clients; }));
    FL_RETURN_IF_ERROR(Halve("keys", 1, [](ScenarioSpec& s) -> int& { return s.workload.keys.count; }));
    while (best().workload.rate_per_s > 1) {
      ScenarioSpec c = best();
      c.workload.rate_per_s = std::max(1.0, static_cast<double>(static_cast<int64_t>(c.workload.rate_per_s / 2)));
      const std::string step = absl::StrCat("rate ", best().workload.rate_per_s, "/s -> ",
                                            c.workload.rate_per_s, "/s");
      FL_ASSIGN_OR_RETURN(bool kept, Try(std::move(c), step));
      if (!kept) break;
    }
    for (size_t i = 0; i < best().workload.ops.size(); ++i) {
      const auto& ops = best().workload.ops;
      if (ops[i].second == 0) continue;
      int others = 0;
      for (size_t j = 0; j < ops.size(); ++j) others += (j != i && ops[j].second > 0);
      if (others == 0) continue;
      ScenarioSpec c = best();
      c.workload.ops[i].second = 0;
      FL_RETURN_IF_ERROR(Try(std::move(c), absl::StrCat("no ", ops[i].first, " ops")).status());
    }
    return absl::OkStatus();
  }

  absl::Status MilderNetwork() {
    struct Edit {
      const char* step;
      bool (*applies)(const ScenarioSpec&);
      void (*apply)(ScenarioSpec&);
    };
    static const Edit kEdits[] = {
        {"no per-link settings", [](const ScenarioSpec& s) { return !s.network.links.empty(); },
         [](ScenarioSpec& s) { s.network.links.clear(); }},
        {"no per-kind latency", [](const ScenarioSpec& s) { return !s.network.kind_latency.empty(); },
         [](ScenarioSpec& s) { s.network.kind_latency.clear(); }},
        {"constant 1ms latency",
         [](const ScenarioSpec& s) {
           const sim::Distribution& l = s.network.defaults.latency;
           return !(l.kind() == sim::Distribution::Kind::kConstant && l.param_a() == 1e6);
         },
         [](ScenarioSpec& s) { s.network.defaults.latency = sim::LinkSpec{}.latency; }},
        {"no loss", [](const ScenarioSpec& s) { return s.network.defaults.loss_ppm > 0; },
         [](ScenarioSpec& s) { s.network.defaults.loss_ppm = 0; }},
        {"no duplication", [](const ScenarioSpec& s) { return s.network.defaults.duplicate_ppm > 0; },
         [](ScenarioSpec& s) { s.network.defaults.duplicate_ppm = 0; }},
        {"FIFO links", [](const ScenarioSpec& s) { return s.network.defaults.reorder; },
         [](ScenarioSpec& s) { s.network.defaults.reorder = false; }},
        {"no clock skew", [](const ScenarioSpec& s) { return !s.clocks.skew_ns.IsConstantZero(); },
         [](ScenarioSpec& s) { s.clocks.skew_ns = sim::Distribution(); }},
        {"no clock drift", [](const ScenarioSpec& s) { return !s.clocks.drift_ppm.IsConstantZero(); },
         [](ScenarioSpec& s) { s.clocks.drift_ppm = sim::Distribution(); }},
        {"no CPU model",
         [](const ScenarioSpec& s) {
           const sim::CpuSpec& cpu = s.cluster.cpu;
           const sim::CpuSpec plain;
           return cpu.workers != plain.workers || cpu.queue_limit != plain.queue_limit ||
                  !cpu.service_ns.IsConstantZero() || !cpu.service_by_kind.empty();
         },
         [](ScenarioSpec& s) { s.cluster.cpu = sim::CpuSpec{}; }},
    };
    for (const Edit& e : kEdits) {
      if (!e.applies(best())) continue;
      ScenarioSpec c = best();
      e.apply(c);
      FL_RETURN_IF_ERROR(Try(std::move(c), e.step).status());
    }
    return absl::OkStatus();
  }

  absl::Status FewerNodes() {
    while (best().cluster.nodes > 1) {
      ScenarioSpec c = best();
      --c.cluster.nodes;
      FL_ASSIGN_OR_RETURN(bool kept, Try(std::move(c), absl::StrCat("nodes ", best().cluster.nodes,
                                                                    " -> ", best().cluster.nodes - 1)));
      if (!kept) break;
    }
    return absl::OkStatus();
  }

  const ShrinkRequest& request_;
  const scenario::LoaderContext context_;
  const Clock::time_point start_;
  ShrinkResult result_;
  std::vector<FaultAction> best_faults_;  // what the kept scenario's run applied
  int kept_ = 0;                          // candidates kept (steps may merge in the list)
  bool started_ = false;                  // the failing scenario ran (budgets apply after)
};

}  // namespace

absl::StatusOr<ShrinkResult> ShrinkFailure(const ShrinkRequest& request) {
  Shrinker shrinker(request);
  FL_RETURN_IF_ERROR(shrinker.Start());
  FL_RETURN_IF_ERROR(shrinker.Run());
  return shrinker.Take();
}

}  // namespace faultline::cli
