// Internal to the diagram builder: the short labels and full hover titles of arrows and
// op bars, and the note that says what a selection left out.
//
//   ArrowLabel("replicate", R"({"epoch":1,"seq":4,"key":2,"value":9})")  // "replicate seq=4 key=2 value=9"
//   OpLabel(bar)                                                 // "op 12 write k8 1 -> ok"
//   WithThousands(16730)                                                // "16,730"
#ifndef FAULTLINE_VIZ_INTERNAL_DIAGRAM_TEXT_H_
#define FAULTLINE_VIZ_INTERNAL_DIAGRAM_TEXT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "viz/diagram.h"

namespace faultline::viz::internal {

// The kind and the fields of the body (compact JSON) that explain it.
//
// With `fields` (the model's declaration, from the trace's kinds header): each path's
// value, as name=value with the path's last name ("epoch=2"); a path through a list takes
// that field of every element ("entries.value" -> "value=[5,7]"); null values and empty
// lists are left out; a "key" followed by a "value" reads "k3=5".
//   ArrowLabel("replicate", R"({"epoch":2,"seq":4,"key":"k3","value":9})",
//              {"key", "value", "epoch"})                       // "replicate k3=9 epoch=2"
//
// Without (nullptr: a trace from before declarations, or a kind that declares none): the
// first of seq, op, index, id, term, epoch that is present and not null, then the key and
// the value; or the body's first non-null field. Just the kind when the body has none.
std::string ArrowLabel(std::string_view kind, std::string_view body,
                       const std::vector<std::string>* fields = nullptr);

// Everything about one arrow, for hover text, e.g.
//   "replicate #568 n1 -> n3 {"epoch":1,"seq":46}; sent at 302.78ms; delivered at 310.1ms
//    (after 7.32ms)"
// `sent_ns`: the true send time (the arrow's own send point may be clamped to the start
// of the selection); `end_ns`: its delivery, drop or the end of the selection.
struct ArrowFacts {
  std::string_view from;
  std::string_view to;
  std::string_view body;
  int64_t sent_ns = 0;
  bool sent_before_selection = false;
  bool loss_at_send = false;
};
std::string ArrowTitle(const Arrow& arrow, const ArrowFacts& facts);

// "write k8 1 -> ok", "read k0 -> 7", "cas k1 [4,9] -> fail", "write k3 2 (pending)".
std::string OpLabel(const OpBar& op);

// 16730 -> "16,730".
std::string WithThousands(int64_t n);

}  // namespace faultline::viz::internal

#endif  // FAULTLINE_VIZ_INTERNAL_DIAGRAM_TEXT_H_
