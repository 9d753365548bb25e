// Runs a scenario with its trace captured in memory and parsed back, for tests that
// check properties of the trace.
#ifndef FAULTLINE_TESTS_TRACE_CAPTURE_H_
#define FAULTLINE_TESTS_TRACE_CAPTURE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "nlohmann/json.hpp"
#include "sim/model.h"
#include "sim/scenario.h"

namespace faultline::testing {

struct CapturedRun {
  bool ok = false;  // Simulator::Run succeeded
  uint64_t hash = 0;
  std::vector<nlohmann::json> events;            // empty unless keep_trace
  nlohmann::json kinds;                          // the trace's kinds header line
  std::vector<std::string> node_states;          // RunResult::node_states
  std::vector<sim::FaultAction> faults_applied;  // RunResult::faults_applied
};

CapturedRun RunCapturingTrace(const sim::ScenarioSpec& spec, const sim::ModelRegistry& models,
                              uint64_t seed, bool keep_trace = true);

}  // namespace faultline::testing

#endif  // FAULTLINE_TESTS_TRACE_CAPTURE_H_
