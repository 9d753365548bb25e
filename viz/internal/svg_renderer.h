// The space-time SVG renderer behind RenderSvg (viz/svg.h), split by layer:
//   svg_renderer.cc  the document, header, time axis, lanes and lane names;
//   svg_legend.cc    the legend (only what the picture contains);
//   svg_items.cc     bands, down/paused spans, op bars, lane marks and cluster notes;
//   svg_arrows.cc    message arrows;
//   svg_labels.cc    text labels placed without overlap (LabelPlacer).
// Layers are written into separate strings and joined in drawing order (bands at the
// back, text on top), while labels are placed in order of importance: cluster notes, lane
// marks and fault bands first, then client ops, then messages.
#ifndef FAULTLINE_VIZ_INTERNAL_SVG_RENDERER_H_
#define FAULTLINE_VIZ_INTERNAL_SVG_RENDERER_H_

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "viz/diagram.h"
#include "viz/internal/label_placer.h"
#include "viz/internal/svg_layout.h"
#include "viz/render_options.h"

namespace faultline::viz::internal::svg {

// Where a label may go: its anchor point (baseline) and alignment.
enum class Align : uint8_t { kStart, kMiddle, kEnd };
struct Spot {
  int64_t x = 0;
  int64_t y = 0;  // baseline
  Align align = Align::kStart;
};

// Where a message arrow is drawn (after lost-at-send stubs and clamping).
struct ArrowPath {
  int64_t x1 = 0, y1 = 0, x2 = 0, y2 = 0;
  int colour = 0;             // the kind's colour slot (kind_colours.h)
  bool lost = false;          // ends in an X at (x2, y2)
  bool lost_at_send = false;  // a short stub from the sender ...
  int64_t aim_x = 0;          // ... and a dotted line on to the receiver's lane, at y2
  bool self = false;          // from == to: a loop
};

inline bool ValidLane(const Diagram& d, int lane) {
  return lane >= 0 && static_cast<size_t>(lane) < d.lanes.size();
}

class SvgRenderer {
 public:
  SvgRenderer(const Diagram& d, const RenderOptions& o);
  std::string Render();
  // The layout Render() used. REQUIRES: Render() was called.
  const SvgLayout& layout() const { return layout_; }

 private:
  // svg_renderer.cc
  int64_t WriteHeader(std::string* out);               // returns the header's height
  int64_t WriteLegend(int64_t top, std::string* out);  // svg_legend.cc; returns its bottom
  void WriteAxis(std::string* out);
  void WriteLanes(std::string* out);
  void WriteLaneNames(std::string* out);
  // svg_items.cc
  void WriteBands(std::string* out);
  void WriteSpans(std::string* out);
  void WriteOps(std::string* out);
  void WriteStoryMarks(const OpBar& op, int64_t x, int64_t y0, int64_t y1, std::string* out);
  // svg_arrows.cc
  ArrowPath PathOf(const Arrow& a) const;
  void ReserveGlyphs();  // keeps labels off the X of lost messages and off lane marks
  void WriteArrows(std::string* out);
  void WriteArrow(const Arrow& a, std::string* out);
  void WriteMarks(std::string* out);
  void WriteClusterNotes(std::string* out);
  // svg_labels.cc: draws `text` at the first spot where it overlaps no other label;
  // returns false (and draws nothing) when every spot is taken. `char_width` is the
  // font's advance per character, `cls` the text's classes.
  bool PlaceLabel(std::string_view text, std::string_view cls, int64_t char_width,
                  std::span<const Spot> spots, std::string_view title);
  // Draws `text` along the arrow's line, just above it, rotated to its slope, at the
  // middle or nearer either end, wherever it overlaps no other label.
  bool PlaceAlong(std::string_view text, std::string_view cls, const ArrowPath& path,
                  std::string_view title);
  // Reserves the box of fixed text so labels keep clear of it.
  void ReserveText(int64_t x, int64_t y, Align align, int64_t chars, int64_t char_width);

  const Diagram& d_;
  const RenderOptions& o_;
  SvgLayout layout_;
  std::map<std::string, int> kind_slot_;  // the kinds drawn -> colour slot (kind_colours.h)
  std::optional<LabelPlacer> placer_;
  std::string labels_;  // the text layer, drawn last
};

// Texts for hover titles and labels (svg_labels.cc).
std::string ArrowTitle(const Diagram& d, const Arrow& a);
std::string OpLabel(const OpBar& op);
std::string OpTitle(const Diagram& d, const OpBar& op);
std::string MarkTitle(const Diagram& d, const Mark& m);
std::string SpanTitle(const Diagram& d, const Span& s);
std::string BandTitle(const Band& b);
const char* MarkName(MarkType type);

}  // namespace faultline::viz::internal::svg

#endif  // FAULTLINE_VIZ_INTERNAL_SVG_RENDERER_H_
