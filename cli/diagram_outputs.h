// Diagrams for the CLI: the selection options `faultline viz` flags and a scenario's
// `outputs:` entries share, the time a failure diagram centres on (from a checker
// report), and the diagrams a run draws into its run directory.
//
//   FL_ASSIGN_OR_RETURN(nlohmann::json report, ReadCheckReport("runs/x-seed1"));
//   FL_ASSIGN_OR_RETURN(std::optional<int64_t> t, ViolationTime(report, "runs/x-seed1"));
#ifndef FAULTLINE_CLI_DIAGRAM_OUTPUTS_H_
#define FAULTLINE_CLI_DIAGRAM_OUTPUTS_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"
#include "sim/scenario.h"
#include "viz/render_options.h"
#include "viz/selection.h"

namespace faultline::cli {

// A run directory's results.json, or a `faultline check --report` file. NotFound or
// InvalidArgument (not JSON) naming the file.
absl::StatusOr<nlohmann::json> ReadCheckReport(const std::string& run_dir_or_report);

// The time a failure diagram centres on: the completion of the op the linearizability
// checker could not place (its invocation when it never completed). `report` is a
// results.json (checkers.linearizability), a check report, or the checker's own object.
// nullopt when it records no violation; InvalidArgument naming `source` when the
// violation has no usable time.
absl::StatusOr<std::optional<int64_t>> ViolationTime(const nlohmann::json& report,
                                                     const std::string& source);

// Draws each diagram of `spec.diagrams` into out_dir from out_dir/trace.jsonl, titled
// `title`. `checkers` is results.json's "checkers" object (for around_violation). Errors:
// InvalidArgument (a selection the trace cannot satisfy), PermissionDenied (unwritable).
// REQUIRES: the run wrote out_dir/trace.jsonl.
absl::Status WriteDiagramOutputs(const sim::ScenarioSpec& spec, const std::string& out_dir,
                                 const nlohmann::json& checkers, const std::string& title);

// A scenario output's options as a Selection and RenderOptions.
viz::Selection SelectionOf(const sim::DiagramOutput& output);
viz::RenderOptions RenderOptionsOf(const sim::DiagramOutput& output);

}  // namespace faultline::cli

#endif  // FAULTLINE_CLI_DIAGRAM_OUTPUTS_H_
