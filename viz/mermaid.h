// Mermaid `sequenceDiagram` of a short excerpt of the space-time diagram, for Markdown
// (GitHub, slides).
//
//   std::string text = RenderMermaid(diagram, RenderOptions{});
//   // faultline viz run/trace.jsonl --format mermaid --from 5s --to 5.2s > excerpt.mmd
//
// A sequence diagram orders things but has no time axis, so each message is ONE
// horizontal arrow drawn where it arrives: a message's send and receive collapse into a
// single line at its delivery (or loss), and the order of arrows is the order of
// arrivals. A note at the top says so. What is drawn:
//   - participants in lane order: nodes, then clients, in two `box` groups;
//   - delivered messages `->>`, duplicates `-->>` marked "(dup)", lost messages `-x`
//     with the reason, messages still in flight `-)` at their send, marked "(in flight)";
//   - client ops as activations of the client from invoke to completion, with a note
//     "write k1 5 -> ok" (ok / fail / info / pending) at the completion;
//   - crashes, restarts, pauses, resumes, timers, clock changes and notes as `Note over`;
//   - partitions as `rect` blocks from cut to heal, named by a note inside;
//   - the run's phase notes across every participant;
//   - at most kMermaidItemsMax messages and notes; a closing note says how many were left
//     out, since Mermaid slows to a crawl on thousands.
// Messages are not coloured by kind (viz/kind_colours.h): a sequence diagram has no
// per-arrow colour (only the theme's one `signalColor`, and `rect` backgrounds, which
// here mean partitions); the label names the kind instead.
// All text is escaped with MermaidText, so labels cannot break the grammar. Output is
// byte-identical for the same Diagram and options; RenderOptions::scale does not apply.
#ifndef FAULTLINE_VIZ_MERMAID_H_
#define FAULTLINE_VIZ_MERMAID_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "viz/diagram.h"
#include "viz/render_options.h"

namespace faultline::viz {

inline constexpr int64_t kMermaidItemsMax = 300;

std::string RenderMermaid(const Diagram& diagram, const RenderOptions& options);

// RenderMermaid with another cap on messages and notes. REQUIRES: items_max >= 1.
std::string RenderMermaidWithCap(const Diagram& diagram, const RenderOptions& options,
                                 int64_t items_max);

// `text` made safe for the free text of a Mermaid statement (message text, notes, titles,
// participant aliases): valid UTF-8 (see CleanText); `#`, `;`, `:`, `%`, `"`, `&` and `<`
// written as Mermaid entity codes (#35; #59; ...), which Mermaid turns back into the
// characters (`<` and `&` so the text cannot become HTML; a lone `>` is harmless); newlines as
// <br/> (or spaces, with `line_breaks` false); the word `end` as #101;nd so it can never close a
// block; blank text as "-".
std::string MermaidText(std::string_view text, bool line_breaks = true);

}  // namespace faultline::viz

#endif  // FAULTLINE_VIZ_MERMAID_H_
