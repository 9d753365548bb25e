// The words of a story (viz/story.h): its caption and its gap marks.
#include "viz/internal/story_caption.h"

#include <algorithm>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"
#include "viz/internal/diagram_text.h"
#include "viz/label_text.h"

namespace faultline::viz::internal {

std::optional<std::string> Written(std::string_view f, std::string_view value,
                                   const std::optional<std::string>& cas_new) {
  if (f == "write" || f == "put") return std::string(value);
  if (f != "cas") return std::nullopt;
  if (cas_new) return cas_new;  // a report keeps the new value apart (ReportOp::input2)
  const nlohmann::json pair =
      nlohmann::json::parse(value.begin(), value.end(), nullptr, /*allow_exceptions=*/false);
  if (!pair.is_array() || pair.size() != 2) return std::nullopt;
  return pair[1].dump();
}

std::string Shown(std::string_view json_text) {
  return json_text == "null" ? std::string("nil") : std::string(json_text);
}

std::string StoryCaption(const CaptionFacts& f) {
  const ReportOp& s = f.v.stuck;
  const std::string key = s.key.empty() ? "the object" : s.key;
  // A valid run's last read that did miss an acknowledged write (a run whose checker did
  // not run, or a key it did not judge) is told as a violation is.
  if (!f.violation && f.lost.empty()) {
    std::string c =
        absl::StrCat("op ", s.id, ", the last read of ", key, ", returned ", Shown(f.returned));
    if (f.source_op != 0) {
      absl::StrAppend(&c, ", written by op ", f.source_op, " at ", ShortTime(f.source_call),
                      f.source_last_acknowledged
                          ? ", the last write of " + key + " acknowledged before the read began"
                          : "");
    }
    return c;
  }
  if (f.returned.empty()) {
    return absl::StrCat("op ", s.id, " ", s.f, " ", key, " cannot be placed: ", f.v.explanation);
  }
  std::string c = absl::StrCat("op ", s.id, " ", s.f, " ", key, " returned ", Shown(f.returned));
  if (f.source_op == 0 && f.returned == "null") {
    absl::StrAppend(&c, ", as if no write of ", key, " had happened");
  } else if (f.source_op == 0) {
    absl::StrAppend(&c, ", a value no write of ", key, " begun before the read ended wrote");
  } else {
    absl::StrAppend(&c, ", written by op ", f.source_op, " at ", ShortTime(f.source_call));
  }
  if (!f.lost.empty()) {
    const ReportOp& last = *f.lost.front();
    absl::StrAppend(&c, "; but op ", last.id, " wrote ",
                    Shown(Written(last.f, last.input, last.input2).value_or(last.input)),
                    ", acknowledged at ", ShortTime(*last.ret),
                    f.source_op != 0 ? ", after that write and" : "", " before the read began");
    if (f.lost_total > 1) {
      absl::StrAppend(&c, " (", f.lost_total - 1, " more acknowledged write",
                      f.lost_total > 2 ? "s" : "", " of ", key, " like it)");
    }
  } else if (!f.v.state_after_prefix.empty()) {
    absl::StrAppend(&c, "; the checker's longest linearizable prefix leaves ", key, " = ",
                    f.v.state_after_prefix);
  }
  return c;
}

TraceEvent StoryGapMark(const TraceEvents& trace, size_t from, size_t to) {
  std::map<std::string, int64_t> sends;
  int64_t other = 0;
  for (size_t p = from; p < to; ++p) {
    const TraceEvent& e = trace.events[p];
    switch (e.type) {
      case EventType::kSend:
        ++sends[e.kind];
        break;
      case EventType::kDeliver:  // the send counts the message
      case EventType::kDrop:
      case EventType::kDuplicate:
        break;
      default:
        ++other;
    }
  }
  std::vector<std::pair<int64_t, std::string>> by_count;
  for (const auto& [kind, n] : sends) by_count.push_back({-n, kind});
  std::sort(by_count.begin(), by_count.end());
  std::string text = absl::StrCat(
      "\xE2\x80\xA6 ", WithThousands(static_cast<int64_t>(to - from)), " events left out (",
      ShortTime(trace.events[to - 1].time - trace.events[from].time), ")");
  for (size_t i = 0; i < by_count.size() && i < 3; ++i) {
    absl::StrAppend(&text, i == 0 ? ": " : ", ", -by_count[i].first, " ", by_count[i].second);
  }
  if (by_count.size() > 3) text.append(", \xE2\x80\xA6");
  if (other > 0) absl::StrAppend(&text, by_count.empty() ? ": " : "; ", other, " other");
  TraceEvent gap;
  gap.type = EventType::kNote;
  gap.index = trace.events[from].index;
  gap.time = trace.events[from].time;
  gap.text = std::move(text);
  return gap;
}

}  // namespace faultline::viz::internal
