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

#include <string>

#include "viz/diagram.h"
#include "viz/render_options.h"

namespace faultline::viz {

std::string RenderSvg(const Diagram& d, const RenderOptions& o);

}  // namespace faultline::viz

#endif  // FAULTLINE_VIZ_SVG_H_
