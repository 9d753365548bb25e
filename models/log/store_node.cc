#include "models/log/store_node.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace faultline::models {

using sim::Value;

void LogStoreNode::AppendRoles(std::vector<std::string>& roles) const {
  roles.push_back("store");
}

std::string LogStoreNode::Describe() const {
  std::vector<std::string> load;
  for (const auto& [p, n] : per_partition_) load.push_back(absl::StrCat(p, ":", n));
  return absl::StrCat("store applied=", applied_, " per_partition=[", absl::StrJoin(load, " "),
                      "]");
}

void LogStoreNode::Handle(sim::EndpointId from, const ApplyRecord& a, sim::Context& ctx) {
  const int64_t deliveries = ++applications_[{a.key, a.value}];
  ++per_partition_[a.partition];
  ++applied_;
  ctx.Observe({.f = "apply",
               .key = a.key,
               .value = a.value,
               .detail = {{"op", Value::Int(static_cast<int64_t>(a.op))},
                          {"consumer", Value::Str(LogNodeName(from))},
                          {"partition", Value::Int(a.partition)},
                          {"offset", Value::Int(a.offset)},
                          {"deliveries", Value::Int(deliveries)},
                          {"requeues", Value::Int(0)}}});
  ctx.Send(from, RecordApplied{.partition = a.partition, .offset = a.offset});
}

}  // namespace faultline::models
