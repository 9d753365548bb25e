#include "viz/kind_colours.h"

#include <cstddef>
#include <cstdint>

#include "base/check.h"

namespace faultline::viz {
namespace {

// The palette. How it was chosen: candidate colours on a grid in CIE L*C*h, kept when
// their WCAG contrast on white is >= 4.5 (labels are 10 px text), their hue is not a red,
// orange, amber, yellow or green (those mean lost / fail / info / ok), and they are at
// least 15 CIEDE2000 from every colour the diagrams reserve (loss #d62728, fail
// #b71c1c/#ef5350, info #c68400/#9a6700, ok #2e7d32/#66bb6a, heartbeat grey, text greys);
// then a greedy farthest-point pick by CIEDE2000 in normal vision and under protanopia
// and deuteranopia (Machado 2009), tidied by hand.
//
// Figures (CIEDE2000): slots 0-3 are >= 26.8 apart in normal vision and >= 14.0 apart
// for protanopes and deuteranopes, so the four kinds drawn most (see kPins) stay apart for
// red-green colour-blind readers too. Across all twelve the nearest pair is 10.6 apart in
// normal vision (purple / indigo); for colour-blind readers some pairs of the later slots
// merge (as low as 1.3): no twelve dark colours without red or green stay apart for them,
// and the labels name the kind anyway. Contrast on white: 4.5 (teal) to 9.4.
constexpr std::string_view kPalette[kNoiseKindSlot + 1] = {
    "#1f62d0",  // 0 blue
    "#5b4221",  // 1 dark brown
    "#00838f",  // 2 teal
    "#7d1e62",  // 3 plum
    "#a8328f",  // 4 magenta
    "#7b3fa0",  // 5 purple
    "#075e5a",  // 6 dark teal
    "#094b6c",  // 7 petrol blue
    "#8a6156",  // 8 rose brown
    "#767158",  // 9 olive grey
    "#5b4fc4",  // 10 indigo
    "#6d6687",  // 11 slate violet
    "#a0a0a0",  // kNoiseKindSlot: light grey, for heartbeats
};

// The shipped models' kinds. Within one model (and together with the clients' kinds)
// every slot differs; a request and its reply sit on slots that stay apart. The same
// role in different models gets the same slot (the bulk replication message is blue, its
// acknowledgement brown), so moving between models' pictures reads the same way.
struct Pin {
  std::string_view kind;
  int slot;
};
constexpr Pin kPins[] = {
    // Clients (sim/op.h), in every model's pictures.
    {"client.req", 2},
    {"client.reply", 3},
    // kv.primary-backup (models/primary_backup/primary_backup_messages.h).
    {"replicate", 0},
    {"ack", 1},
    {"catch_up", 5},
    {"catch_up_reply", 8},
    // raft (models/raft/raft_messages.h).
    {"append_entries", 0},
    {"append_entries_reply", 1},
    {"request_vote", 5},
    {"request_vote_reply", 8},
    {"read_index", 4},
    {"read_index_reply", 7},
    // quorum (models/quorum/quorum_messages.h).
    {"put", 0},
    {"put_ack", 1},
    {"get", 5},
    {"get_reply", 8},
    {"read_repair", 4},
    {"handoff", 7},
    {"handoff_ack", 9},
    {"ae_digest", 10},
    {"ae_sync", 6},
};

// FNV-1a, 64 bits: defined byte by byte, so the same name gives the same slot in every
// process and build (std::hash and absl::Hash promise neither).
uint64_t Fnv1a64(std::string_view bytes) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (const char c : bytes) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

// "shard:2/replicate" -> "replicate"; "replicate" -> "replicate".
std::string_view BaseName(std::string_view kind) {
  const size_t slash = kind.rfind('/');
  return slash == std::string_view::npos ? kind : kind.substr(slash + 1);
}

}  // namespace

bool IsNoiseKind(std::string_view kind) { return kind.find("heartbeat") != std::string_view::npos; }

int KindColourSlot(std::string_view kind) {
  if (IsNoiseKind(kind)) return kNoiseKindSlot;
  const std::string_view base = BaseName(kind);
  for (const Pin& pin : kPins) {
    if (pin.kind == base) return pin.slot;
  }
  return static_cast<int>(Fnv1a64(base) % kKindPaletteSize);
}

std::string_view SlotColourHex(int slot) {
  FL_CHECK(slot >= 0 && slot <= kNoiseKindSlot);
  return kPalette[slot];
}

std::string_view KindColourHex(std::string_view kind) {
  return SlotColourHex(KindColourSlot(kind));
}

}  // namespace faultline::viz
