#include "models/mq/ready_queue.h"

#include <algorithm>
#include <string>

#include "base/check.h"

namespace faultline::models {

int ConsumerOfKey(const sim::Value& key, int consumers) {
  FL_CHECK(consumers >= 1);
  // FNV-1a over the key's text: stable across runs, builds and platforms (unlike
  // std::hash), so the same key always lands on the same consumer.
  const std::string text = key.is_int() ? std::to_string(key.as_int())
                           : key.is_nil() ? std::string()
                                          : key.as_string();
  uint64_t h = 14695981039346656037ull;
  for (const char c : text) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return static_cast<int>(h % static_cast<uint64_t>(consumers));
}

ReadyQueue::ReadyQueue(MqOptions::Dispatch dispatch, int consumers)
    : dispatch_(dispatch), consumers_(consumers) {
  FL_CHECK(consumers >= 1);
  const size_t fifos = dispatch == MqOptions::Dispatch::kConsistentHash
                           ? static_cast<size_t>(consumers)
                           : size_t{1};
  fifos_.resize(fifos);
}

void ReadyQueue::Push(int64_t id, const sim::Value& key) {
  ++size_;
  switch (dispatch_) {
    case MqOptions::Dispatch::kShared:
      fifos_[0].push_back(id);
      return;
    case MqOptions::Dispatch::kConsistentHash:
      fifos_[static_cast<size_t>(ConsumerOfKey(key, consumers_))].push_back(id);
      return;
    case MqOptions::Dispatch::kGroups: {
      Group& g = groups_[key];
      FL_CHECK_MSG(g.ids.empty() || g.ids.back() < id, "ReadyQueue::Push: ids must ascend");
      g.ids.push_back(id);
      Refresh(key, g);
      return;
    }
  }
}

void ReadyQueue::Return(int64_t id, const sim::Value& key) {
  if (dispatch_ != MqOptions::Dispatch::kGroups) {
    const size_t fifo = dispatch_ == MqOptions::Dispatch::kShared
                            ? size_t{0}
                            : static_cast<size_t>(ConsumerOfKey(key, consumers_));
    ++size_;
    fifos_[fifo].push_back(id);
    return;
  }
  // A group keeps its order whatever happened to a delivery: the message goes back to its
  // place by id, which is the head of the group unless a later one was taken meanwhile.
  ++size_;
  Group& g = groups_[key];
  g.ids.insert(std::lower_bound(g.ids.begin(), g.ids.end(), id), id);
  Refresh(key, g);
}

std::optional<int64_t> ReadyQueue::Take(int consumer) {
  FL_CHECK(consumer >= 0 && consumer < consumers_);
  if (dispatch_ != MqOptions::Dispatch::kGroups) {
    std::deque<int64_t>& fifo =
        fifos_[dispatch_ == MqOptions::Dispatch::kShared ? size_t{0}
                                                         : static_cast<size_t>(consumer)];
    if (fifo.empty()) return std::nullopt;
    const int64_t id = fifo.front();
    fifo.pop_front();
    --size_;
    return id;
  }
  if (eligible_.empty()) return std::nullopt;
  const auto oldest = eligible_.begin();
  const int64_t id = oldest->first;
  const sim::Value key = oldest->second;
  eligible_.erase(oldest);
  eligible_of_key_.erase(key);
  Group& g = groups_.at(key);
  FL_CHECK(!g.ids.empty() && g.ids.front() == id);
  g.ids.pop_front();
  g.in_flight = true;
  --size_;
  return id;
}

void ReadyQueue::Release(const sim::Value& key) {
  if (dispatch_ != MqOptions::Dispatch::kGroups) return;
  auto it = groups_.find(key);
  if (it == groups_.end()) return;
  it->second.in_flight = false;
  Refresh(key, it->second);
  if (it->second.ids.empty()) groups_.erase(it);  // keeps the map to the keys in use
}

void ReadyQueue::Refresh(const sim::Value& key, const Group& group) {
  if (auto old = eligible_of_key_.find(key); old != eligible_of_key_.end()) {
    eligible_.erase(old->second);
    eligible_of_key_.erase(old);
  }
  if (group.in_flight || group.ids.empty()) return;
  eligible_.emplace(group.ids.front(), key);
  eligible_of_key_.emplace(key, group.ids.front());
}

}  // namespace faultline::models
