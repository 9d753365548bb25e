// The space-time (Lamport) diagram as a self-contained SVG, written by us.
//
// One vertical lane per node, then one per client (grouped apart), names on top, time
// flowing down. Messages are slanted arrows from send to delivery, coloured by kind (the
// same colour in every picture and in DOT: viz/kind_colours.h); a lost message ends in an
// X, a duplicate is dashed and labelled "dup", a message still in flight runs to the
// bottom edge. Down and paused intervals are hatched on their lane,
// with crash / restart / pause marks; partitions and link faults are shaded bands across
// the lanes, named; client ops are bars from invoke to completion coloured by outcome.
// Every item has a <title> (hover text) with the full story. The vertical scale is
// compact (one row per event) or true simulated time with a time axis (RenderOptions).
// The legend names only what the picture draws, and each message kind in its colour.
//
// Pure and deterministic: integer coordinates, no locale, no hash-table order; the same Diagram
// and options give byte-identical output. Cost is linear in the number of items.
//
//   std::string svg = RenderSvg(diagram, {.scale = Scale::kTime});
#ifndef FAULTLINE_VIZ_SVG_H_
#define FAULTLINE_VIZ_SVG_H_

#include <cstdint>
#include <string>

#include "viz/diagram.h"
#include "viz/render_options.h"

namespace faultline::viz {

std::string RenderSvg(const Diagram& d, const RenderOptions& o);

// Where RenderSvg put the lanes and the vertical scale, for a page that draws over the
// picture (the failure view's step cursor, failure_view.h). Lengths in tenths of a px.
struct SvgGeometry {
  int64_t lanes_left = 0;  // the lane area, left and right of every lane
  int64_t lanes_right = 0;
  Scale scale = Scale::kCompact;
  int64_t first_y = 0;       // row 0 / the diagram's first instant
  int64_t scale_height = 0;  // first_y + scale_height: the last row / instant
  int64_t rows = 1;
  int64_t time_begin = 0;
  int64_t time_span = 1;
  // The y of an instant, as the picture draws it (clamped to the diagram).
  int64_t Y(const At& at) const;
};

// The same picture, and its geometry in `*geometry`.
std::string RenderSvg(const Diagram& d, const RenderOptions& o, SvgGeometry* geometry);

}  // namespace faultline::viz

#endif  // FAULTLINE_VIZ_SVG_H_
