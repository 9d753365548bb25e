// The colours and shapes of the DOT space-time diagram, shared by what draws the items
// (dot_items.cc, dot_writer.cc) and the legend that explains them (dot_legend.cc), so the
// two cannot drift apart. Message kinds take their colour from viz/kind_colours.h.
#ifndef FAULTLINE_VIZ_INTERNAL_DOT_STYLE_H_
#define FAULTLINE_VIZ_INTERNAL_DOT_STYLE_H_

#include <cstddef>

#include "viz/diagram.h"

namespace faultline::viz::internal::dot {

// A lost message: its arrow, its label and its X.
inline constexpr const char* kLostColour = "#d62728";
// The legend's generic message glyphs (duplicate, in flight), which stand for every kind.
inline constexpr const char* kNeutralColour = "#555555";
// Down and paused lane segments (with alpha: the lane shows through), and an opaque
// swatch of each for the legend (an HTML-like label's BGCOLOR takes no alpha).
inline constexpr const char* kDownColour = "#d62728b0";
inline constexpr const char* kPausedColour = "#7f7f7fb0";
inline constexpr const char* kDownSwatch = "#d62728";
inline constexpr const char* kPausedSwatch = "#7f7f7f";
// Partition and link-fault bands (translucent), their labels, and an opaque swatch of
// each for the legend.
inline constexpr const char* kPartitionFill = "#e4572e22";
inline constexpr const char* kPartitionText = "#b03a1a";
inline constexpr const char* kPartitionSwatch = "#f6cabd";
inline constexpr const char* kLinkFill = "#f5a62340";
inline constexpr const char* kLinkText = "#8a5f00";
inline constexpr const char* kLinkSwatch = "#fce6c4";
// The rule of a cluster note (a run phase) across every lane, and its legend sample.
inline constexpr const char* kClusterNoteRule = "#4a4a4a90";
inline constexpr const char* kClusterNoteColour = "#4a4a4a";

struct OpStyle {
  const char* line;
  const char* text;
  const char* name;
};
// Indexed by OpOutcome: kOk, kFail, kInfo, kPending.
inline constexpr OpStyle kOpStyles[] = {{"#2ca02c", "#1d6e1d", "ok"},
                                        {"#d62728", "#a01c1c", "fail"},
                                        {"#f0a500", "#8a5f00", "info"},
                                        {"#a0a0a0", "#606060", "pending"}};
inline const OpStyle& StyleOf(OpOutcome outcome) {
  return kOpStyles[static_cast<size_t>(outcome) % 4];
}

struct MarkStyle {
  const char* name;
  const char* colour;
  const char* shape;  // the Graphviz node shape on the lane
  bool hollow;
  const char* glyph;  // the same shape as an HTML entity, for the legend
};
// Indexed by MarkType: kStart, kCrash, kRestart, kPause, kResume, kTimer, kClock, kNote.
inline constexpr MarkStyle kMarkStyles[] = {{"start", "#444444", "circle", true, "&#9675;"},
                                            {"crash", "#d62728", "box", false, "&#9632;"},
                                            {"restart", "#2ca02c", "box", false, "&#9632;"},
                                            {"pause", "#7f7f7f", "box", false, "&#9632;"},
                                            {"resume", "#7f7f7f", "box", false, "&#9632;"},
                                            {"timer", "#8c6bb1", "circle", true, "&#9675;"},
                                            {"clock", "#1f77b4", "diamond", false, "&#9670;"},
                                            {"note", "#444444", "circle", false, "&#9679;"}};
inline const MarkStyle& StyleOf(MarkType type) {
  return kMarkStyles[static_cast<size_t>(type) % 8];
}

}  // namespace faultline::viz::internal::dot

#endif  // FAULTLINE_VIZ_INTERNAL_DOT_STYLE_H_
