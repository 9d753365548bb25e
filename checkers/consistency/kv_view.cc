#include "checkers/consistency/kv_view.h"

#include <algorithm>
#include <limits>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace faultline::checkers::consistency {
namespace {

constexpr size_t kAmbiguous = std::numeric_limits<size_t>::max();

// The identity of a written value: integers and strings; an integer element of a sibling
// list has the same identity as the integer a write wrote.
std::optional<std::string> ValueId(const Value& v) {
  if (v.kind == Value::Kind::kInt) return std::to_string(v.i);
  if (v.kind == Value::Kind::kString) return absl::StrCat("\"", v.s, "\"");
  return std::nullopt;
}

}  // namespace

absl::StatusOr<KvView> KvView::Build(const History& history) {
  KvView view;
  view.history_ = &history;
  std::map<std::string, size_t>& index = view.key_index_;
  for (size_t i = 0; i < history.ops.size(); ++i) {
    const Operation& op = history.ops[i];
    if (op.f != "read" && op.f != "write" && op.f != "cas") {
      return absl::InvalidArgumentError(absl::StrCat(
          history.source, ":", op.line,
          ": the consistency checkers judge kv histories of "
          "read, write and cas ops, found f '",
          op.f, "'; check this history with linearizability (--checkers linearizability)"));
    }
    if (op.status == Status::kFail) continue;
    auto [it, inserted] = index.try_emplace(op.key, 0);
    if (inserted) {
      it->second = view.keys_.size();
      view.keys_.push_back(Key{op.key, {}, {}, {}});
      view.writers_.emplace_back();
    }
    Key& key = view.keys_[it->second];
    key.ops.push_back(i);
    ++view.judged_ops_;
    if (IsWrite(op)) {
      key.writes.push_back(i);
      if (std::optional<std::string> id = ValueId(Written(op))) {
        auto [w, fresh] = view.writers_[it->second].try_emplace(*id, i);
        if (!fresh && w->second != kAmbiguous) {
          w->second = kAmbiguous;
          ++view.ambiguous_values_;
        }
      }
    } else if (op.status == Status::kOk && op.output.kind != Value::Kind::kUnknown) {
      key.reads.push_back(i);
    }
  }
  // Keys sorted by name, so every checker walks them (and reports) in one order.
  std::vector<size_t> order(view.keys_.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return view.keys_[a].name < view.keys_[b].name; });
  std::vector<Key> keys;
  std::vector<std::map<std::string, size_t>> writers;
  for (size_t i : order) {
    index[view.keys_[i].name] = keys.size();
    keys.push_back(std::move(view.keys_[i]));
    writers.push_back(std::move(view.writers_[i]));
  }
  view.keys_ = std::move(keys);
  view.writers_ = std::move(writers);
  return view;
}

Observation KvView::Observe(size_t read) const {
  const Operation& op = history_->ops[read];
  const std::map<std::string, size_t>& writers = writers_[key_index_.at(op.key)];
  auto writer_of = [&](const Value& v) -> std::optional<size_t> {
    std::optional<std::string> id = ValueId(v);
    if (!id) return std::nullopt;
    auto it = writers.find(*id);
    if (it == writers.end() || it->second == kAmbiguous) return std::nullopt;
    return it->second;
  };
  Observation o;
  if (op.output.kind == Value::Kind::kSet) {
    for (int64_t e : op.output.elems) o.writers.push_back(writer_of(Value::Int(e)));
  } else if (op.output.kind != Value::Kind::kNil) {
    o.writers.push_back(writer_of(op.output));
  }
  return o;
}

bool KvView::Precedes(size_t a, size_t b) const {
  const Operation& x = history_->ops[a];
  const Operation& y = history_->ops[b];
  if (a == b || x.status != Status::kOk) return false;
  // A process's ops run one after another, so index order is its program order.
  return x.ret < y.call || (x.process == y.process && a < b);
}

bool KvView::ObservationPrecedes(const Observation& o, size_t w) const {
  for (const std::optional<size_t>& x : o.writers) {
    if (!x || !Precedes(*x, w)) return false;
  }
  return true;
}

bool KvView::Contains(const Observation& o, size_t w) {
  return std::find(o.writers.begin(), o.writers.end(), std::optional<size_t>(w)) != o.writers.end();
}

std::string ReadValueText(const Value& v) {
  if (v.kind == Value::Kind::kSet) return absl::StrCat("[", absl::StrJoin(v.elems, ", "), "]");
  return v.ToString();
}

}  // namespace faultline::checkers::consistency
