// The words of a story (viz/story.h), apart from the choice of its events (story.cc): the
// caption under the title, and the gap mark over each long stretch left out.
//
//   StoryCaption(facts)  // "op 772 read k0 returned 261, written by op 300 at 2.104s; but
//                        //  op 512 wrote 264, acknowledged at 3.010s, after that write and
//                        //  before the read began (2 more acknowledged writes of k0 like it)"
//   StoryGapMark(trace, 120, 432)  // a note: "… 312 events left out (1.2s): 150 replicate,
//                                  //  80 heartbeat, 40 client.req, …; 30 other"
#ifndef FAULTLINE_VIZ_INTERNAL_STORY_CAPTION_H_
#define FAULTLINE_VIZ_INTERNAL_STORY_CAPTION_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "viz/check_report_reader.h"
#include "viz/trace_events.h"

namespace faultline::viz::internal {

// The value an op of kind `f` writes, as compact JSON text: a write's or put's value, a
// cas's new value (the second of its [expected, new]); nullopt for other ops.
std::optional<std::string> Written(std::string_view f, std::string_view value,
                                   const std::optional<std::string>& cas_new = std::nullopt);

// A value for people: JSON null is "nil", strings keep their quotes.
std::string Shown(std::string_view json_text);

// What the story's planner found, for its caption.
struct CaptionFacts {
  const ReportViolation& v;   // the checker's violation, or a valid run's last read
  bool violation = true;      // StoryMarks::violation: whether `v` is the checker's
  std::string_view returned;  // the failing read's value (JSON text); "" when not a read
  uint64_t source_op = 0;     // the write whose value it returned (0: none found)
  int64_t source_call = 0;    // that write's call time, ns
  // Whether no ok write of the key was acknowledged after the source write and before the
  // failing op began.
  bool source_last_acknowledged = false;
  const std::vector<const ReportOp*>& lost;  // acknowledged writes it contradicts, latest first
  size_t lost_total = 0;                     // all of them (only some are drawn)
};

// The caption: what the failing op returned, whose write that was, and the acknowledged
// write it contradicts; for a valid run's key (violation false, nothing lost), its last
// read and the write it returned.
std::string StoryCaption(const CaptionFacts& f);

// "… 312 events left out (1.2s): 150 replicate, 80 heartbeat, 40 client.req, …": the
// positions [from, to) of `trace` summarised as a note that belongs to no lane.
TraceEvent StoryGapMark(const TraceEvents& trace, size_t from, size_t to);

}  // namespace faultline::viz::internal

#endif  // FAULTLINE_VIZ_INTERNAL_STORY_CAPTION_H_
