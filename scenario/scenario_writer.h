// The scenario writer: a sim::ScenarioSpec -> a plain, commented scenario file in the
// format of docs/scenario-format.md, the inverse of the loader (scenario_loader.h).
// `faultline fuzz` shrinks a failing scenario in code and writes the result with it, as a
// repro.yaml a person can read, edit and run.
//
//   ScenarioComments comments;
//   comments.header = {"repro: shrunk from seed 7", "", "faultline run repro.yaml exits 1"};
//   comments.sections["faults"] = {"3 of the 12 scheduled faults are enough"};
//   std::string yaml = WriteScenarioYaml(spec, comments);
//
// LoadScenarioText(yaml) gives back `spec`: every field, durations and probabilities
// exactly. A key is written when its value differs from the format's default; version,
// name, seed, duration, cluster.model and cluster.nodes are always written. What cannot
// come back bit for bit, and why:
//   - A lognormal is stored as mu and sigma but written as its median and p99, rounded to
//     whole nanoseconds for durations: it reloads to within that rounding. (A lognormal
//     that was loaded from a file reloads exactly: its median and p99 were whole
//     nanoseconds.)
//   - Fields no file can set are not written: `file` and the source locations.
//   - Settings that have no effect are left out: a random nemesis that is disabled or has
//     no kinds, link overrides or link faults that set none of latency, loss, duplicate,
//     reorder, and a `for` on a fault that takes none (heal, restart, resume, clock).
//   - An empty workload.ops mix is written as no key (the workload's default mix).
// The output is deterministic: maps are written in the order the spec keeps them.
#ifndef FAULTLINE_SCENARIO_SCENARIO_WRITER_H_
#define FAULTLINE_SCENARIO_SCENARIO_WRITER_H_

#include <map>
#include <string>
#include <vector>

#include "sim/scenario.h"

namespace faultline::scenario {

// Comment lines to put into a written scenario, each without the leading "# ". A line
// holding '\n' becomes several comment lines; an empty line is written as a bare "#".
struct ScenarioComments {
  // The file's top comment, before `version:`.
  std::vector<std::string> header;
  // Top-level key ("faults", "workload", ...) -> lines just above that key. Lines for a
  // key the file leaves out (a default) go where the key would be; lines for a name that
  // is no top-level key go at the end of the file.
  std::map<std::string, std::vector<std::string>> sections;
};

// The scenario as YAML text. REQUIRES: `spec` is one the loader can produce (loaded, or
// built or edited within the format's ranges: durations up to 1000h, probabilities up to
// 1 000 000 ppm, numbers below 10^18); out-of-range values are written as they are and
// the loader will refuse them.
std::string WriteScenarioYaml(const sim::ScenarioSpec& spec, const ScenarioComments& comments = {});

// A duration in its most readable exact form: "0s", "2s", "1500ms", "250us", "7ns",
// "2m", "12.5s", "1.234567ms"; ParseDuration reads it back to `d`. Used for every
// duration the writer emits; exposed for `faultline fuzz` messages and tests.
std::string FormatExactDuration(Nanos d);

}  // namespace faultline::scenario

#endif  // FAULTLINE_SCENARIO_SCENARIO_WRITER_H_
