#include "tests/trace_capture.h"

#include <cstdio>
#include <cstdlib>
#include <string>

#include "sim/simulator.h"

namespace faultline::testing {

CapturedRun RunCapturingTrace(const sim::ScenarioSpec& spec, const sim::ModelRegistry& models,
                              uint64_t seed, bool keep_trace) {
  char* buffer = nullptr;
  size_t size = 0;
  std::FILE* mem = keep_trace ? open_memstream(&buffer, &size) : nullptr;
  sim::RunOptions options;
  options.seed = seed;
  options.trace_file = mem;
  CapturedRun out;
  {
    sim::Simulator simulator(spec, models, options);
    auto result = simulator.Run();
    out.ok = result.ok();
    if (result.ok()) {
      out.hash = result->trace_hash;
      out.node_states = result->node_states;
      out.faults_applied = result->faults_applied;
    }
  }
  if (mem == nullptr) return out;
  std::fclose(mem);
  const std::string text(buffer, size);
  std::free(buffer);
  for (size_t start = 0; start < text.size();) {
    const size_t end = text.find('\n', start);
    nlohmann::json line = nlohmann::json::parse(text.substr(start, end - start));
    start = end + 1;
    // The kinds header (sim/trace.h WriteKinds) describes the run; it is not an event.
    if (out.events.empty() && line.value("type", "") == "kinds" && !line.contains("i")) {
      out.kinds = std::move(line);
      continue;
    }
    out.events.push_back(std::move(line));
  }
  return out;
}

}  // namespace faultline::testing
