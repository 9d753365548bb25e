// Internal to the scenario loader: readers for each section of a scenario file. Each takes
// the section's YamlValue and fills its part of the ScenarioSpec, or returns the first
// error with its position. Split out of scenario_loader.cc to keep files small.
#ifndef FAULTLINE_SCENARIO_SCENARIO_SECTIONS_H_
#define FAULTLINE_SCENARIO_SCENARIO_SECTIONS_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "scenario/scenario_loader.h"
#include "scenario/yaml_reader.h"
#include "sim/distribution.h"
#include "sim/model.h"
#include "sim/scenario.h"

namespace faultline::scenario::internal {

// The spec types this folder fills in, from sim/ (an internal header, so the names can be
// brought in here once rather than qualified on every line of the section readers).
using sim::ClockSpec;
using sim::ClusterSpec;
using sim::CpuSpec;
using sim::DiagramOutput;
using sim::Distribution;
using sim::FaultAction;
using sim::FaultsSpec;
using sim::KeysSpec;
using sim::LinkOverride;
using sim::ModelInfo;
using sim::ModelParam;
using sim::ModelRegistry;
using sim::NemesisSpec;
using sim::NetworkSpec;
using sim::PartitionSpec;
using sim::CheckerUse;
using sim::Route;
using sim::RoutePolicy;
using sim::WorkloadInfo;
using sim::ScenarioSpec;
using sim::WorkloadSpec;

inline constexpr int kMaxNodes = 64;
inline constexpr int kMaxClients = 1000;  // the network keeps a (nodes+clients)^2 link table

// What a distribution's numbers measure: durations need units, plain numbers must not.
enum class Quantity { kDuration, kNumber };

// A bare value (constant) or {dist: NAME, ...}. `allow_negative`: skews and drifts may
// be negative, latencies and service times may not.
absl::StatusOr<Distribution> ReadDistribution(const YamlValue& value, Quantity quantity,
                                              bool allow_negative);

// The endpoints a scenario can name: nodes n1..nN and clients c1..cC.
struct Endpoints {
  int nodes = 0;
  int clients = 0;
};
// Which names an endpoint field accepts.
enum EndpointKinds : unsigned {
  kNodes = 1,     // n1..nN
  kClients = 2,   // c1..cC
  kRoles = 4,     // primary, leader, random (resolved when the fault fires)
  kWildcard = 8,  // *
};
absl::StatusOr<std::string> ReadEndpoint(const YamlValue& value, const Endpoints& endpoints,
                                         unsigned kinds);

absl::Status ReadCluster(const YamlValue& value, const ModelRegistry& models, ClusterSpec* cluster,
                         const ModelInfo** model);
absl::Status ReadWorkload(const YamlValue& value, const ModelInfo& model, WorkloadSpec* workload);
absl::Status ReadNetwork(const YamlValue& value, const Endpoints& endpoints, NetworkSpec* network);
// Reads the optional latency, loss, duplicate and reorder keys of `m` into `link`;
// `*any` tells whether any of them was present.
absl::Status ReadLinkFields(const YamlMap& m, LinkOverride* link, bool* any);
absl::Status ReadClocks(const YamlValue& value, ClockSpec* clocks);
absl::Status ReadFaults(const YamlValue& value, const Endpoints& endpoints, Nanos duration_ns,
                        FaultsSpec* faults);

// Flow collections ([...], {...}) nested deeper than this are refused before yaml-cpp
// parses them: its own guard stops at 500 levels with the bare message "bad file", and
// no scenario needs more than a few.
inline constexpr int kMaxYamlFlowDepth = 64;

// The offset of the first '[' or '{' that opens flow level `max_depth + 1` in `text`,
// skipping quoted scalars and comments, or npos. Brackets inside a plain scalar count:
// the scan may refuse a scalar holding 64 unclosed '[', never miss deep nesting.
size_t FindYamlFlowDepthOverflow(std::string_view text, int max_depth);

// Applies "a.b.c=VALUE" overrides to `root` in order, recording the nodes they add in
// `source` so later errors can name the override. REQUIRES: root is a mapping.
absl::Status ApplyOverrides(const std::vector<std::string>& overrides, YAML::Node& root,
                            YamlSource& source);

// `outputs:`: the data files and diagrams (with their options) into spec->outputs and
// spec->diagrams. REQUIRES: spec->checkers is read (a diagram around a violation needs a
// checker).
absl::Status ReadOutputs(const YamlValue& value, const Endpoints& endpoints,
                         const std::vector<std::string>& diagram_extensions, ScenarioSpec* spec);

// `variants:` (scenario_variants.cc): a mapping NAME -> {PATH: VALUE}, as --set strings.
absl::StatusOr<std::vector<ScenarioVariant>> ReadVariants(const YamlValue& value);
// Letters, digits, '-', '_' and '.', 1 to 60 bytes: a variant name names files.
bool IsVariantName(std::string_view name);

// The whole document, after overrides.
absl::StatusOr<ScenarioSpec> ReadScenario(const YamlValue& root, const std::string& file,
                                          const ModelRegistry& models,
                                          const std::vector<std::string>& checkers,
                                          const std::vector<std::string>& diagram_extensions);

// The 1-based line where a second YAML document starts (a '---' after content, or any
// '...'), or 0 when `text` holds one document. yaml-cpp 0.7's LoadAll can loop forever
// on a stray ',' (yaml-cpp #1040), so callers load one document and check with this.
int SecondDocumentLine(std::string_view text);

}  // namespace faultline::scenario::internal

#endif  // FAULTLINE_SCENARIO_SCENARIO_SECTIONS_H_
