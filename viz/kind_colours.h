// The colour of a message kind: a pure function of the kind's name, so `replicate` is the
// same colour in every picture and every format that colours messages (SVG, DOT), whatever
// other kinds the picture happens to contain.
//
//   KindColourHex("replicate")          -> "#1f62d0"  (pinned: always this blue)
//   KindColourHex("shard:2/replicate")  -> "#1f62d0"  (a namespace does not change it)
//   KindColourHex("gossip")             -> one of the palette, by FNV-1a of "gossip"
//   KindColourHex("raft.heartbeat")     -> "#a0a0a0"  (noise: light grey)
//
// The rule, in order:
//   1. A kind whose name contains "heartbeat" is noise in most pictures: light grey.
//   2. The kind's base name (after the last '/': sub-models namespace their kinds, and the
//      same message in two groups should look the same) is looked up in a short table
//      pinning the shipped models' kinds, so the kinds one model sends together, and the
//      clients' `client.req` / `client.reply`, never share a colour.
//   3. Any other kind (an unknown model's) takes palette slot FNV-1a-64(base name) mod
//      kKindPaletteSize: stable across processes and builds (never std::hash), though it
//      may share a colour with another kind.
//
// The palette has kKindPaletteSize colours, each dark enough for 10 px text on white
// (WCAG contrast >= 4.5:1) and none of them a red, amber or green: those mean a lost
// message, a failed or indeterminate op and an ok op in every diagram. The pinned kinds
// that are drawn most often get the colours that stay apart for red-green colour-blind
// readers too (blue, dark brown, teal, plum); kind_colours.cc has the figures.
#ifndef FAULTLINE_VIZ_KIND_COLOURS_H_
#define FAULTLINE_VIZ_KIND_COLOURS_H_

#include <string_view>

namespace faultline::viz {

inline constexpr int kKindPaletteSize = 12;
// The slot of noise kinds (heartbeats), after the palette's slots.
inline constexpr int kNoiseKindSlot = kKindPaletteSize;

// True when `kind` is drawn as noise (light grey): its name contains "heartbeat".
bool IsNoiseKind(std::string_view kind);

// The colour slot of `kind`, in [0, kKindPaletteSize] (kNoiseKindSlot for noise). Renderers
// that name colours (SVG's CSS classes) use the slot; it is as stable as the colour.
int KindColourSlot(std::string_view kind);

// "#rrggbb" of a slot. REQUIRES: 0 <= slot <= kNoiseKindSlot.
std::string_view SlotColourHex(int slot);

// "#rrggbb" of `kind`: SlotColourHex(KindColourSlot(kind)).
std::string_view KindColourHex(std::string_view kind);

}  // namespace faultline::viz

#endif  // FAULTLINE_VIZ_KIND_COLOURS_H_
