// The writer behind RenderDot (viz/dot.h): computes the pinned layout and writes the DOT
// text. dot_writer.cc has the layout, the graph header and the cluster-wide parts (group
// backgrounds, bands, lane heads, ticks, notes); dot_items.cc has what sits on lanes
// (event dots, X marks, marks, op labels) and every edge. viz/dot.cc says why positions
// are pinned.
#ifndef FAULTLINE_VIZ_INTERNAL_DOT_WRITER_H_
#define FAULTLINE_VIZ_INTERNAL_DOT_WRITER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "viz/diagram.h"
#include "viz/internal/dot_geometry.h"
#include "viz/render_options.h"

namespace faultline::viz::internal::dot {

inline constexpr int64_t kRowPt = 22;      // one compact row
inline constexpr int64_t kLanePt = 130;    // between neighbouring lanes...
inline constexpr int64_t kLanePtMin = 60;  // ...squeezed down to this for many lanes
// The body of the diagram (all rows) and the lanes (all lanes) squeeze into these many
// points when kRowPt per row or kLanePt per lane would take more, and the graph's `size`
// caps the drawing at kDrawingMaxInches: cairo refuses bitmaps over 32767 pixels a side
// (96 dpi), and `dot -Tpng` of a huge selection would otherwise warn and scale on its own.
inline constexpr int64_t kBodyMaxPt = 20000;
inline constexpr int64_t kLanesMaxPt = 16000;
inline constexpr int64_t kDrawingMaxInches = 300;
inline constexpr int64_t kGroupGapPt = 50;    // extra gap between node and client lanes
inline constexpr int64_t kTickX = 40;         // centre of the time-tick column
inline constexpr int64_t kFirstLaneX = 110;   // x of the first lane
inline constexpr int64_t kHeadY = 34;         // lane heads, above the first row (y = 0)
inline constexpr int64_t kHeadHalfPt = 13;    // half a lane head's height (0.36in)
inline constexpr int64_t kCaptionY = 62;      // "nodes" / "clients" above the heads
inline constexpr int64_t kTickEveryRows = 5;  // compact scale: a tick at most every 5 rows
inline constexpr int64_t kTickGapPt = 60;     // time scale: ticks at least this far apart
inline constexpr size_t kLabelChars = 36;     // labels are shortened to this
inline constexpr size_t kTitleChars = 2000;   // tooltips are shortened to this
inline constexpr int64_t kSmallFontPt = 8;
inline constexpr int64_t kSmallLinePt = 10;  // one line of text at kSmallFontPt
// A message lost at send time ends this far (percent) towards its receiver.
inline constexpr int64_t kLostAtSendPercent = 35;

class DotWriter {
 public:
  DotWriter(const Diagram& diagram, const RenderOptions& options);
  std::string Render();

 private:
  // dot_writer.cc
  void Header();
  void Box(const std::string& id, const char* fill, int64_t left, int64_t right, int64_t top,
           int64_t bottom, const std::string& extra);
  void Backgrounds();
  void Bands();
  void ClusterNotes();
  void Heads();
  void Ticks();
  // dot_items.cc
  void Points();
  void Marks();
  void OpLabels();
  void Edge(const std::string& from_id, const std::string& to_id, Point from, Point to,
            bool arrowhead, const std::string& attributes);
  void LaneEdges();
  void SpanEdges();
  void OpEdges();
  void ArrowEdges();
  // Where a message's label goes: the first of a few spots beside its line that overlaps
  // no label placed so far, else the middle of the line.
  class Placer;
  Point PlaceLabel(Placer& placer, Point from, Point to, int64_t width);
  Point DropPoint(const Arrow& a) const;

  // y of an instant: 0 at the first row, negative downwards (Graphviz's y points up).
  int64_t Y(const At& at) const;
  bool ValidLane(int lane) const;
  int64_t LaneX(int lane) const;
  Point P(int lane, const At& at) const { return {LaneX(lane), Y(at)}; }
  std::string LaneName(int lane) const;
  bool IsClient(int lane) const;

  const Diagram& d_;
  const RenderOptions& o_;
  std::vector<int64_t> lane_x_;
  int64_t lane_pt_ = kLanePt;
  int64_t rows_ = 1;
  int64_t left_x_ = 0;   // the left edge of the lanes' area
  int64_t right_x_ = 0;  // its right edge, where band and note labels start
  int64_t body_pt_ = kRowPt;
  int64_t ns_per_pt_ = 1;
  int64_t foot_y_ = 0;
  // Labels already placed (lane heads, marks, ops, bands, notes): message labels avoid them.
  std::vector<Rect> taken_;
  std::string out_;
};

// The node at (lane, row): "p" for message ends (drawn as dots), "q" for the ends of op
// bars and down/paused segments (invisible).
std::string PointId(const char* prefix, int lane, const At& at);
// "3.672ms (event 10)", for tooltips.
std::string TimeText(const At& at);
// "pos=\"x,y\"".
std::string Pos(Point p);
// `text` on one line (newlines become spaces), shortened to kLabelChars.
std::string OneLine(std::string_view text);
// `text` shortened to kTitleChars as a DOT string.
std::string Tooltip(std::string_view text);

}  // namespace faultline::viz::internal::dot

#endif  // FAULTLINE_VIZ_INTERNAL_DOT_WRITER_H_
