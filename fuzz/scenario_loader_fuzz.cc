// libFuzzer target: the scenario loader (scenario/), YAML text plus `--set` overrides.
//
// An input whose first lines start with "--set " gives those lines (without the prefix) as
// overrides, as the CLI's --set would; the rest is the scenario text. Seeds: scenarios/
// and tests/scenarios/bad/ (fuzz/run.sh adds copies with an override line in front).
// A returned error is the expected answer to most inputs; only a crash, a hang or a
// sanitizer report is a finding.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cli/commands.h"
#include "cli/run_scenario.h"
#include "scenario/scenario_loader.h"
#include "viz/formats.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  constexpr std::string_view kSet = "--set ";
  std::vector<std::string> overrides;
  while (text.substr(0, kSet.size()) == kSet) {
    const size_t eol = text.find('\n');
    const std::string_view line = text.substr(kSet.size(), eol == text.npos ? text.npos
                                                                            : eol - kSet.size());
    overrides.emplace_back(line);
    text = eol == text.npos ? std::string_view() : text.substr(eol + 1);
  }
  static const faultline::scenario::LoaderContext context{faultline::cli::RegisteredModels(),
                                                          faultline::cli::KnownCheckers(),
                                                          faultline::viz::FormatExtensions()};
  (void)faultline::scenario::LoadScenarioText(text, "fuzz.yaml", context, overrides);
  return 0;
}
