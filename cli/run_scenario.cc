#include "cli/run_scenario.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "base/check.h"
#include "models/builtin_models.h"

namespace faultline::cli {
namespace {

struct FileCloser {
  void operator()(std::FILE* f) const {
    if (f != nullptr) std::fclose(f);
  }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

// The CLI's one registry and what SetExtraModels asked for, both process-wide: every
// subcommand reads the same models.
struct ModelsState {
  std::function<void(sim::ModelRegistry&)> extra;
  const sim::ModelRegistry* registry = nullptr;
};
ModelsState& Models() {
  static ModelsState* state = new ModelsState();
  return *state;
}

bool Wants(const sim::ScenarioSpec& spec, std::string_view output) {
  return std::find(spec.outputs.begin(), spec.outputs.end(), output) != spec.outputs.end();
}

// The run dir is locked and emptied of the previous run's files (cli/run_dir.h), so the
// trace and history are created afresh: never through a symlink someone put there since.
absl::StatusOr<File> OpenForWrite(const std::string& path) {
  const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0666);
  File f(fd < 0 ? nullptr : fdopen(fd, "wb"));
  if (!f) {
    const int err = errno;
    if (fd >= 0) close(fd);
    return absl::PermissionDeniedError(
        absl::StrCat("cannot write ", path, ": ", std::strerror(err)));
  }
  // A large buffer: the trace is written line by line on the hot path.
  std::setvbuf(f.get(), nullptr, _IOFBF, 1 << 20);
  return f;
}

}  // namespace

std::string HashHex(uint64_t hash) { return absl::StrFormat("%016x", hash); }

void SetExtraModels(std::function<void(sim::ModelRegistry&)> register_models) {
  FL_CHECK_MSG(Models().registry == nullptr, "SetExtraModels after the registry was built");
  Models().extra = std::move(register_models);
}

const sim::ModelRegistry& RegisteredModels() {
  ModelsState& state = Models();
  if (state.registry == nullptr) {
    auto* r = new sim::ModelRegistry();
    models::RegisterBuiltinModels(*r);
    if (state.extra) state.extra(*r);
    state.registry = r;
  }
  return *state.registry;
}

absl::StatusOr<ExecutedRun> ExecuteScenario(const sim::ScenarioSpec& spec,
                                            const sim::ModelRegistry& models, uint64_t seed,
                                            const std::string& out_dir, bool progress,
                                            RunLimits limits) {
  File trace_file;
  File history_file;
  if (!out_dir.empty()) {
    if (Wants(spec, "trace.jsonl")) {
      auto f = OpenForWrite(out_dir + "/trace.jsonl");
      if (!f.ok()) return f.status();
      trace_file = std::move(*f);
    }
    if (Wants(spec, "history.jsonl")) {
      auto f = OpenForWrite(out_dir + "/history.jsonl");
      if (!f.ok()) return f.status();
      history_file = std::move(*f);
    }
  }
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  auto last_print = start;
  sim::RunOptions options;
  options.seed = seed;
  options.max_events = limits.max_events;
  options.max_trace_bytes = limits.max_trace_bytes;
  options.trace_file = trace_file.get();
  options.history_file = history_file.get();
  const double total_s = static_cast<double>(spec.duration_ns + spec.recovery_ns) / 1e9;
  if (progress) {
    options.progress = [&](Nanos now, uint64_t events) {
      const auto t = Clock::now();
      if (t - start < std::chrono::seconds(2) || t - last_print < std::chrono::seconds(1)) {
        return;
      }
      last_print = t;
      std::fprintf(stderr, "progress: simulated %.1fs of %.1fs (+ final reads), %.1fM events, %.1fs wall\n",
                   static_cast<double>(now) / 1e9, total_s, static_cast<double>(events) / 1e6,
                   std::chrono::duration<double>(t - start).count());
    };
  }
  sim::Simulator simulator(spec, models, std::move(options));
  absl::StatusOr<sim::RunResult> result = simulator.Run();
  if (!result.ok()) return result.status();
  ExecutedRun run;
  run.wall_s = std::chrono::duration<double>(Clock::now() - start).count();
  run.result = std::move(*result);
  for (File* f : {&trace_file, &history_file}) {
    if (*f && std::fflush(f->get()) != 0) run.result.output_write_failed = true;
  }
  if (run.result.output_write_failed) {
    return absl::UnavailableError(absl::StrCat(
        "writing the trace or history in ", out_dir, " failed (disk full?); the files are incomplete"));
  }
  return run;
}

}  // namespace faultline::cli
