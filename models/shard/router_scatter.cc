// RouterNode's multi-key ops: scatter a `multi-read` / `multi-write` as one single-key
// read / write per key, each handled as a client's request would be (so the gate holds a
// part to a moving key, and the directory looks up an uncached one), then gather the
// parts' answers into the one answer the client gets (router_node.h states the rule).
#include <utility>

#include "absl/strings/str_cat.h"
#include "base/check.h"
#include "models/shard/multi_key_workload.h"
#include "models/shard/router_node.h"

namespace faultline::models::shard {

using sim::ClientReply;
using sim::ClientRequest;
using sim::Context;
using sim::EndpointId;
using sim::Value;

void RouterNode::ScatterMulti(EndpointId client, const ClientRequest& req, Context& ctx) {
  // Every key must name a shard's key before any part is sent: a bad list fails whole.
  const std::vector<Value> keys = req.key.is_list() ? req.key.as_list() : std::vector<Value>{};
  bool known = !keys.empty();
  for (const Value& k : keys) known = known && KeyIndex(k).has_value();
  if (!known) {
    ++unknown_keys_;
    ctx.Note(absl::StrCat("op ", req.op, ": ", req.f, " keys ", req.key.ToJson(),
                          " are not a list of k<i>: no shard owns them, failed"));
    return Reject(client, req, ctx);
  }
  const uint64_t id = next_scatter_++;
  Scatter& s = scatters_[id];
  s.client = client;
  s.req = req;
  s.parts.resize(keys.size());
  s.pending = static_cast<int>(keys.size());
  const bool write = req.f == kMultiWrite;
  // Record every part before sending any: a part may be answered at once (rejected).
  std::vector<ClientRequest> parts;
  for (size_t i = 0; i < keys.size(); ++i) {
    const uint64_t part = next_part_++;
    parts_[part] = {id, i};
    parts.push_back(ClientRequest{.op = part,
                                  .f = write ? "write" : "read",
                                  .key = keys[i],
                                  .value = write ? req.value : Value()});
  }
  for (const ClientRequest& part : parts) Handle(kGatherClient, part, ctx);
}

void RouterNode::GatherPart(uint64_t part, const std::optional<ClientReply>& reply, Context& ctx) {
  auto it = parts_.find(part);
  FL_CHECK(it != parts_.end());
  const auto [id, index] = it->second;
  parts_.erase(it);
  Scatter& s = scatters_.at(id);
  if (reply) {
    s.parts[index] = *reply;
  } else {
    s.unknown = true;
  }
  if (--s.pending == 0) FinishScatter(id, ctx);
}

void RouterNode::FinishScatter(uint64_t id, Context& ctx) {
  auto it = scatters_.find(id);
  FL_CHECK(it != scatters_.end());
  const Scatter s = std::move(it->second);
  scatters_.erase(it);
  int ok = 0;
  std::vector<Value> values;
  for (const std::optional<ClientReply>& p : s.parts) {
    if (p && p->ok) ++ok;
    values.push_back(p && p->ok ? p->value : Value());
  }
  const int n = static_cast<int>(s.parts.size());
  const bool write = s.req.f == kMultiWrite;
  if (ok == n) {
    ++multi_ok_;
    ctx.Send(s.client, ClientReply::Ok(s.req, write ? Value() : Value::List(std::move(values))));
  } else if (!write || (ok == 0 && !s.unknown)) {
    // A read changed nothing; a write none of whose parts took effect did not either.
    ++multi_failed_;
    ctx.Send(s.client, ClientReply::Fail(s.req));
  } else {
    // Some parts of the write may have taken effect: neither ok nor fail is true.
    ++multi_silent_;
    ctx.Note(absl::StrCat("op ", s.req.op, ": ", s.req.f, " ", s.req.key.ToJson(), ": ", ok, " of ",
                          n, " parts ok", s.unknown ? ", some unanswered" : "",
                          ": not answered (it may be partly applied)"));
  }
}

}  // namespace faultline::models::shard
