// Models (systems under test) register by name with their parameters, the message types
// they send, the workloads they serve and, through those, the checkers that judge them,
// so the CLI can list them and the scenario loader can check a scenario before it runs
// (ApplyModelParam); the simulator turns the params into the ModelConfig a model is
// created with (MakeModelConfig).
//
//   registry.Add(ModelInfo{.name = "kv.raft", .params = {...}, .workloads = {KvWorkloadInfo()},
//                          .create = ...});
//   const ModelInfo* info = registry.Find("kv.raft");
//
// A planted bug is a choice parameter named "bug" ({"none", "vote-twice", ...}).
#ifndef FAULTLINE_SIM_MODEL_H_
#define FAULTLINE_SIM_MODEL_H_

#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "base/time.h"
#include "sim/message.h"
#include "sim/node.h"
#include "sim/op.h"
#include "sim/scenario.h"
#include "sim/time.h"
#include "sim/workload.h"

namespace faultline::sim {

struct ModelParam {
  enum class Type { kChoice, kDuration, kInteger };
  std::string name;
  Type type = Type::kChoice;
  std::string default_value;         // as written in a scenario: "async", "50ms", "3"
  std::vector<std::string> choices;  // for kChoice
  std::string help;
  // The accepted range: nanoseconds for kDuration, the value for kInteger. A period that
  // schedules work (a heartbeat) needs a minimum above zero, or `heartbeat: 0s` would
  // spin at one instant and fill the disk with trace.
  int64_t min = 0;
  int64_t max = std::numeric_limits<int64_t>::max();
};

// Builders for a model's parameter table, so each ModelInfo reads as a list:
//   info.params = {IntegerParam("threads", "8", 1, 1024, "worker threads per pod"),
//                  DurationParam("ttl", "1s", kMillisecond, kHour, "the lock's lease")};
ModelParam ChoiceParam(std::string name, std::string default_value,
                       std::vector<std::string> choices, std::string help);
ModelParam IntegerParam(std::string name, std::string default_value, int64_t min, int64_t max,
                        std::string help);
ModelParam DurationParam(std::string name, std::string default_value, Nanos min, Nanos max,
                         std::string help);

// A validated parameter's value from one of ModelConfig's maps, or `fallback` when the
// config leaves it out (a test that builds a config by hand).
template <typename Map, typename T>
T ParamOr(const Map& map, const std::string& name, T fallback) {
  auto it = map.find(name);
  return it == map.end() ? fallback : static_cast<T>(it->second);
}

// Parameter values after validation: every declared parameter is present, durations are
// already in nanoseconds, integers parsed.
struct ModelConfig {
  int node_count = 0;
  std::map<std::string, std::string> choices;
  std::map<std::string, Nanos> durations;
  std::map<std::string, int64_t> integers;
};

// One model instance per run, made after it registered its message kinds: it creates the
// nodes.
class Model {
 public:
  virtual ~Model() = default;
  // A fresh node object for `node` (at start and at each restart).
  virtual std::unique_ptr<Node> CreateNode(EndpointId node) = 0;
};

struct ModelInfo {
  std::string name;
  std::string summary;  // one line for `faultline list models`
  std::vector<ModelParam> params;
  int min_nodes = 1;
  // The workloads its nodes serve; the first is the default of a scenario that names none.
  std::vector<WorkloadInfo> workloads;
  // Registers the model's message kinds (every type its nodes send) and builds the model.
  // `kinds` outlives the model (the simulator owns both and destroys the model first), so
  // a model may keep a reference to it, as CompositeModel (composite_model.h) does.
  std::function<std::unique_ptr<Model>(const ModelConfig&, MessageKinds&)> create;
  // Optional: checks the parameters against each other and the node count, once each is
  // valid on its own (kv.quorum: r, w <= n <= nodes). Returns "what is wrong; the fix",
  // naming the parameter, or nullopt. The scenario loader and MakeModelConfig call it.
  std::function<std::optional<std::string>(const ModelConfig&)> check_config;

  // The workload named `name` ("" = the default), or nullptr.
  const WorkloadInfo* FindWorkload(std::string_view name) const;
};

class ModelRegistry {
 public:
  void Add(ModelInfo info);
  const ModelInfo* Find(std::string_view name) const;
  // Sorted by name.
  const std::map<std::string, ModelInfo, std::less<>>& all() const { return models_; }

 private:
  std::map<std::string, ModelInfo, std::less<>> models_;
};

// Checks one parameter value written as in a scenario ("async", "50ms", "3") against
// `param` and stores it, typed, in `config`. On failure returns "what is wrong; the fix"
// for the caller to locate (the scenario loader adds FILE:LINE:COLUMN).
std::optional<std::string> ApplyModelParam(const ModelParam& param, std::string_view value,
                                           ModelConfig* config);

// The fix for a parameter name `model` does not declare: "did you mean 'x'?", or the list
// of the parameters it takes.
std::string UnknownParamHint(std::string_view name, const ModelInfo& model);

// The typed parameter values a model is created with: every parameter the model declares,
// from `cluster.params` or its default. Fails if a value is invalid or unknown (possible
// when the ClusterSpec was built in code rather than loaded), or if the model's
// check_config refuses the combination.
[[nodiscard]] absl::StatusOr<ModelConfig> MakeModelConfig(const ClusterSpec& cluster,
                                                          const ModelInfo& model);

}  // namespace faultline::sim

#endif  // FAULTLINE_SIM_MODEL_H_
