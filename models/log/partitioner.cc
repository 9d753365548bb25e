#include "models/log/partitioner.h"

#include "absl/strings/str_cat.h"

namespace faultline::models {

uint64_t PartitionHash(std::string_view bytes) {
  uint64_t h = 14695981039346656037ULL;
  for (const char c : bytes) {
    h ^= static_cast<uint8_t>(c);
    h *= 1099511628211ULL;
  }
  return h;
}

std::string PartitionKeyOf(const sim::Value& key, LogOptions::PartitionKey choice) {
  const std::string text = key.is_string() ? key.as_string()
                           : key.is_int()  ? std::to_string(key.as_int())
                                           : std::string("nil");
  if (choice == LogOptions::PartitionKey::kEntity || text.size() < 2 || text[0] != 'e') {
    return text;
  }
  int64_t entity = 0;
  for (size_t i = 1; i < text.size(); ++i) {
    if (text[i] < '0' || text[i] > '9') return text;
    entity = entity * 10 + (text[i] - '0');
  }
  const std::string region = absl::StrCat("r", entity % 2);
  return choice == LogOptions::PartitionKey::kPoor ? region : absl::StrCat(region, "/", text);
}

int Partitioner::Choose(const sim::Value& key, sim::Nanos now_ns) {
  const int n = options_.partitions;
  switch (options_.partitioner) {
    case LogOptions::Partitioner::kHash:
      return static_cast<int>(PartitionHash(PartitionKeyOf(key, options_.partition_key)) %
                              static_cast<uint64_t>(n));
    case LogOptions::Partitioner::kRoundRobin:
      return static_cast<int>(next_++ % n);
    case LogOptions::Partitioner::kSticky:
      if (now_ns >= sticky_until_ns_) {
        if (sticky_until_ns_ >= 0) sticky_ = (sticky_ + 1) % n;
        sticky_until_ns_ = now_ns + options_.sticky_interval_ns;
      }
      return sticky_;
  }
  return 0;
}

}  // namespace faultline::models
