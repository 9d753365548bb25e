#include "models/shard/group_dedup.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "sim/op.h"

namespace faultline::models::shard {

std::unique_ptr<sim::Node> DedupGroupModel::CreateNode(sim::EndpointId node) {
  std::unique_ptr<sim::Node> inner = inner_->CreateNode(node);
  if (inner == nullptr) return nullptr;
  return std::make_unique<DedupGroupNode>(std::move(inner));
}

void DedupGroupNode::OnMessage(const sim::Envelope& msg, sim::Context& ctx) {
  if (msg.body.As<sim::ClientRequest>() != nullptr) {
    if (msg.id <= seen_floor_ || !seen_.insert(msg.id).second) {
      ++dropped_;
      ctx.Note(absl::StrCat("dropped a duplicate of client request message ", msg.id));
      return;
    }
    if (seen_.size() > kSeenMax) {
      seen_floor_ = *seen_.begin();
      seen_.erase(seen_.begin());
    }
  }
  inner_->OnMessage(msg, ctx);
}

std::string DedupGroupNode::Describe() const {
  std::string out = inner_->Describe();
  if (dropped_ > 0) absl::StrAppend(&out, " duplicates_dropped=", dropped_);
  return out;
}

}  // namespace faultline::models::shard
