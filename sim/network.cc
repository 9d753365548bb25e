#include "sim/network.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "base/check.h"

namespace faultline::sim {

Network::Network(std::vector<std::string> endpoint_names, const NetworkSpec& spec,
                 const MessageKinds& kinds, Rng rng)
    : endpoints_(static_cast<int>(endpoint_names.size())),
      names_(std::move(endpoint_names)),
      spec_(spec),
      fifo_last_(static_cast<size_t>(endpoints_) * endpoints_, 0),
      blocked_(static_cast<size_t>(endpoints_) * endpoints_, 0),
      rng_(rng) {
  // Pointers into kind_latency_storage_ stay valid: it is sized once, here.
  kind_latency_storage_.reserve(spec_.kind_latency.size());
  kind_latency_.assign(kinds.size(), nullptr);
  for (const auto& [name, dist] : spec_.kind_latency) {
    kind_latency_storage_.push_back(dist);
    if (auto kind = kinds.Find(name)) kind_latency_[*kind] = &kind_latency_storage_.back();
  }
  Resolve();
}

bool Network::Matches(std::string_view pattern, EndpointId id) const {
  return pattern == "*" || pattern == names_[id];
}

void Network::Apply(const LinkOverride& o) {
  for (EndpointId from = 0; from < endpoints_; ++from) {
    if (!Matches(o.from, from)) continue;
    for (EndpointId to = 0; to < endpoints_; ++to) {
      if (!Matches(o.to, to)) continue;
      LinkSpec& link = links_[Index(from, to)];
      if (o.latency) link.latency = *o.latency;
      if (o.loss_ppm) link.loss_ppm = *o.loss_ppm;
      if (o.duplicate_ppm) link.duplicate_ppm = *o.duplicate_ppm;
      if (o.reorder) link.reorder = *o.reorder;
    }
  }
}

void Network::Resolve() {
  links_.assign(static_cast<size_t>(endpoints_) * endpoints_, spec_.defaults);
  for (const LinkOverride& o : spec_.links) Apply(o);
  for (const auto& [id, layer] : degradations_) {
    for (const LinkOverride& o : layer) Apply(o);
  }
}

Network::Plan Network::PlanSend(Nanos now, EndpointId from, EndpointId to, MessageKind kind) {
  FL_CHECK(from >= 0 && from < endpoints_ && to >= 0 && to < endpoints_);
  Plan plan;
  const size_t index = Index(from, to);
  if (blocked_[index]) {
    plan.drop_reason = "partition";
    return plan;
  }
  const LinkSpec& link = links_[index];
  if (rng_.ChancePpm(link.loss_ppm)) {
    plan.drop_reason = "loss";
    return plan;
  }
  plan.copies = rng_.ChancePpm(link.duplicate_ppm) ? 2 : 1;
  const Distribution* latency = kind < kind_latency_.size() && kind_latency_[kind] != nullptr
                                    ? kind_latency_[kind]
                                    : &link.latency;
  for (int c = 0; c < plan.copies; ++c) {
    Nanos at = now + latency->SampleNanos(rng_);
    if (!link.reorder) {
      // FIFO: never overtake an earlier message on the same directed link. Equal times
      // keep send order because the scheduler breaks ties by sequence number.
      at = std::max(at, fifo_last_[index]);
      fifo_last_[index] = at;
    }
    plan.deliver_at[c] = at;
  }
  return plan;
}

bool Network::AnyPartition() const {
  return std::find(blocked_.begin(), blocked_.end(), 1) != blocked_.end();
}

uint64_t Network::DegradeLinks(std::vector<LinkOverride> layer, std::string* description) {
  std::string& what = *description;
  what.clear();
  for (const LinkOverride& o : layer) {
    if (!what.empty()) what += "; ";
    absl::StrAppend(&what, o.from, "->", o.to, ":");
    if (o.latency) absl::StrAppend(&what, " latency ", o.latency->Describe(true));
    if (o.loss_ppm) absl::StrAppend(&what, " loss ", *o.loss_ppm / 10000.0, "%");
    if (o.duplicate_ppm) absl::StrAppend(&what, " duplicate ", *o.duplicate_ppm / 10000.0, "%");
    if (o.reorder) absl::StrAppend(&what, *o.reorder ? " reorder" : " fifo");
  }
  const uint64_t id = next_layer_id_++;
  degradations_.emplace_back(id, std::move(layer));
  Resolve();
  return id;
}

void Network::RestoreLinks(uint64_t id) {
  const size_t before = degradations_.size();
  std::erase_if(degradations_, [id](const auto& d) { return d.first == id; });
  if (degradations_.size() != before) Resolve();
}

void Network::RestoreAllLinks() {
  degradations_.clear();
  Resolve();
}

}  // namespace faultline::sim
