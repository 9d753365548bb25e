#include "viz/mermaid.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "viz/label_text.h"

// Staying inside Mermaid's grammar (sequenceDiagram.jison and its preprocessing):
//   - free text runs to the end of the line but stops at `#` and `;`; Mermaid first
//     replaces entity codes `#name;` / `#123;` with placeholders, so every special
//     character in our text is written as an entity code (MermaidText);
//   - `:` is escaped too: Mermaid strips the last `;` of any line matching
//     /style.*:\S*#.*;/ (meant for style statements), which would break an entity;
//     with no `:` of ours left, only the statement's own ": " remains, and it is always
//     followed by a space;
//   - participant ids are the lane names only when they are plain identifiers that do not
//     start with a keyword (see IsPlainId); any other lane gets the id L<index> and its
//     name as the alias (`participant L3 as c#35;1`);
//   - every `activate` has its `deactivate` and every `rect` its `end`, also when the
//     item cap cuts the diagram short (Mermaid rejects deactivating an idle participant).

namespace faultline::viz {
namespace {

constexpr size_t kLabelChars = 48;

// The sequence-diagram lexer's keywords. Its rules are tried in order and the first match
// wins (jison without `flex`), so an id that merely starts with one ("endpoint", "offline",
// "note1") is cut into a keyword and a rest: such lanes get an alias.
constexpr const char* kKeywords[] = {
    "accdescr",   "acctitle",    "activate",   "actor", "alt",    "and",
    "as",         "autonumber",  "box",        "break", "create", "critical",
    "deactivate", "destroy",     "details",    "else",  "end",    "left",
    "link",       "loop",        "note",       "off",   "opt",    "over",
    "par",        "participant", "properties", "rect",  "right",  "sequencediagram",
    "title"};

// Whether `name` can be a participant id as it is: an identifier, not too long, starting
// with no keyword (compared case-insensitively, as the lexer does).
bool IsPlainId(const std::string& name) {
  if (name.empty() || name.size() > 32 || !std::isalpha(static_cast<unsigned char>(name[0]))) {
    return false;
  }
  std::string lower;
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
    lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  for (std::string_view keyword : kKeywords) {
    if (lower.compare(0, keyword.size(), keyword) == 0) return false;
  }
  return true;
}

bool IsWordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// One line of the diagram body, placed by (row, order, sequence number).
struct Item {
  int64_t row = 0;
  int order = 0;  // within a row: 0 open band, 1 activate, 2 message/note, 3 op end, 4 close
  size_t seq = 0;
  enum Kind { kOpenBand, kActivate, kLine, kOpEnd, kCloseBand } kind = kLine;
  int lane = 0;
  size_t index = 0;  // into bands (band items)
  std::string text;  // the statement (kLine, kOpEnd's note)
};

class MermaidWriter {
 public:
  MermaidWriter(const Diagram& d, const RenderOptions& o, int64_t items_max)
      : d_(d), o_(o), items_max_(std::max<int64_t>(items_max, 1)) {}

  std::string Render() {
    out_ = "sequenceDiagram\n";
    absl::StrAppend(&out_, "%% faultline: each arrow is drawn when its message arrives or is\n",
                    "%% lost (send and receive collapse into one line); see viz/mermaid.h.\n");
    std::string title = o_.title.empty() ? d_.source : o_.title;
    if (!title.empty()) absl::StrAppend(&out_, "  title ", MermaidText(title, false), "\n");
    Participants();
    if (d_.lanes.empty()) return std::move(out_);
    std::string intro =
        "Each arrow is drawn when its message arrives (or is lost):\n"
        "arrows are in arrival order; sends happened earlier.";
    if (!d_.note.empty()) intro = absl::StrCat(d_.note, "\n", intro);
    absl::StrAppend(&out_, "  Note over ", AllLanes(), ": ", MermaidText(intro), "\n");
    CollectItems();
    Body();
    return std::move(out_);
  }

 private:
  void Participants() {
    std::set<std::string> used;
    for (size_t i = 0; i < d_.lanes.size(); ++i) {
      const std::string& name = d_.lanes[i].name;
      std::string id = IsPlainId(name) && used.count(name) == 0 ? name : absl::StrCat("L", i);
      while (used.count(id) > 0) id += "_";  // an "L3" lane name taken before lane 3
      used.insert(id);
      ids_.push_back(id);
    }
    if (d_.lanes.empty()) {
      out_ += "  participant L0 as no events selected\n";
      return;
    }
    for (size_t i = 0, j = 0; i < d_.lanes.size(); i = j + 1) {
      j = i;
      while (j + 1 < d_.lanes.size() && d_.lanes[j + 1].kind == d_.lanes[i].kind) ++j;
      const bool clients = d_.lanes[i].kind == LaneKind::kClient;
      absl::StrAppend(&out_, "  box ",
                      clients ? "rgb(246,234,214) clients" : "rgb(220,232,246) nodes", "\n");
      for (size_t k = i; k <= j; ++k) {
        absl::StrAppend(&out_, "    participant ", ids_[k]);
        if (ids_[k] != d_.lanes[k].name) {
          absl::StrAppend(&out_, " as ", MermaidText(ShortenText(d_.lanes[k].name, 32), false));
        }
        out_ += "\n";
      }
      out_ += "  end\n";
    }
  }

  // "first,last" for a note across every lane ("n1" when there is one).
  std::string AllLanes() const {
    return ids_.size() == 1 ? ids_.front() : absl::StrCat(ids_.front(), ",", ids_.back());
  }

  const std::string& Id(int lane) const {
    static const std::string kNone = "L0";
    if (lane < 0 || static_cast<size_t>(lane) >= ids_.size()) return kNone;
    return ids_[static_cast<size_t>(lane)];
  }

  void Add(Item item) {
    item.seq = items_.size();
    items_.push_back(std::move(item));
  }

  void CollectItems() {
    for (const Arrow& a : d_.arrows) {
      std::string label =
          ShortenText(o_.message_labels && !a.label.empty() ? a.label : a.kind, kLabelChars);
      std::string arrow = a.duplicate ? "-->>" : "->>";
      int64_t row = a.end.row;
      if (a.duplicate) label += " (dup)";
      if (a.fate == Fate::kDropped) {
        arrow = a.duplicate ? "--x" : "-x";
        absl::StrAppend(&label, " (lost", a.drop_reason.empty() ? "" : ": ", a.drop_reason, ")");
      } else if (a.fate == Fate::kInFlight) {
        arrow = a.duplicate ? "--)" : "-)";
        row = a.send.row;
        label += " (in flight)";
      }
      Add({row, 2, 0, Item::kLine, 0, 0,
           absl::StrCat("  ", Id(a.from), arrow, Id(a.to), ": ", MermaidText(label), "\n")});
    }
    for (const OpBar& op : d_.ops) {
      Add({op.invoke.row, 1, 0, Item::kActivate, op.lane, 0, ""});
      std::string note = ShortenText(op.label, kLabelChars);
      if (op.outcome == OpOutcome::kPending && note.find("pending") == std::string::npos) {
        note += " (pending)";
      }
      Add({std::max(op.complete.row, op.invoke.row), 3, 0, Item::kOpEnd, op.lane, 0,
           absl::StrCat("  Note right of ", Id(op.lane), ": ", MermaidText(note), "\n")});
    }
    for (const Mark& m : d_.marks) {
      if (m.type == MarkType::kStart) continue;  // every lane starts; the heads say so
      Add({m.at.row, 2, 0, Item::kLine, 0, 0,
           absl::StrCat("  Note over ", Id(m.lane), ": ", MermaidText(MarkText(m)), "\n")});
    }
    for (const ClusterNote& n : d_.cluster_notes) {
      Add({n.at.row, 2, 0, Item::kLine, 0, 0,
           absl::StrCat("  Note over ", AllLanes(), ": ",
                        MermaidText(ShortenText(n.text, kLabelChars * 2)), "\n")});
    }
    for (size_t k = 0; k < d_.bands.size(); ++k) {
      const Band& b = d_.bands[k];
      const std::string what = b.type == BandType::kPartition ? "partition " : "link fault ";
      const std::string note = absl::StrCat(
          "  Note over ", AllLanes(), ": ",
          MermaidText(absl::StrCat(what, b.text, " at ", ShortTime(b.begin.time))), "\n");
      if (b.end.row <= b.begin.row) {  // nothing inside: a note is enough
        Add({b.begin.row, 2, 0, Item::kLine, 0, 0, note});
        continue;
      }
      Add({b.begin.row, 0, 0, Item::kOpenBand, 0, k, ""});
      Add({b.begin.row, 0, 0, Item::kLine, 0, 0, note});
      Add({b.end.row, 4, 0, Item::kCloseBand, 0, k, ""});
    }
    std::stable_sort(items_.begin(), items_.end(), [](const Item& x, const Item& y) {
      return std::tie(x.row, x.order, x.seq) < std::tie(y.row, y.order, y.seq);
    });
  }

  static std::string MarkText(const Mark& m) {
    const char* what = "note";
    switch (m.type) {
      case MarkType::kStart:
        what = "start";
        break;
      case MarkType::kCrash:
        what = "crash";
        break;
      case MarkType::kRestart:
        what = "restart";
        break;
      case MarkType::kPause:
        what = "pause";
        break;
      case MarkType::kResume:
        what = "resume";
        break;
      case MarkType::kTimer:
        what = "timer";
        break;
      case MarkType::kClock:
        what = "clock";
        break;
      case MarkType::kNote:
        return ShortenText(m.text, kLabelChars * 2);
    }
    return ShortenText(
        absl::StrCat(what, m.text.empty() ? "" : " ", m.text, " at ", ShortTime(m.at.time)),
        kLabelChars);
  }

  const char* BandColour(size_t k) const {
    return d_.bands[k].type == BandType::kPartition ? "rgba(228,87,46,0.12)"
                                                    : "rgba(245,166,35,0.15)";
  }

  void Body() {
    int64_t shown = 0, left_out = 0;
    std::vector<size_t> open_bands;  // a stack of band indices
    std::map<int, int64_t> active;   // lane -> open activations
    for (const Item& item : items_) {
      const bool counts = item.kind == Item::kLine || item.kind == Item::kOpEnd;
      if (shown >= items_max_) {
        left_out += counts ? 1 : 0;
        continue;
      }
      switch (item.kind) {
        case Item::kOpenBand:
          absl::StrAppend(&out_, "  rect ", BandColour(item.index), "\n");
          open_bands.push_back(item.index);
          break;
        case Item::kCloseBand:
          CloseBand(item.index, &open_bands);
          break;
        case Item::kActivate:
          absl::StrAppend(&out_, "  activate ", Id(item.lane), "\n");
          ++active[item.lane];
          break;
        case Item::kOpEnd:
          if (active[item.lane] > 0) {
            absl::StrAppend(&out_, "  deactivate ", Id(item.lane), "\n");
            --active[item.lane];
          }
          out_ += item.text;
          break;
        case Item::kLine:
          out_ += item.text;
          break;
      }
      shown += counts ? 1 : 0;
    }
    // Close what the cap left open, innermost first.
    for (const auto& [lane, count] : active) {
      for (int64_t k = 0; k < count; ++k) absl::StrAppend(&out_, "  deactivate ", Id(lane), "\n");
    }
    for (size_t k = open_bands.size(); k > 0; --k) out_ += "  end\n";
    if (left_out > 0) {
      absl::StrAppend(&out_, "  Note over ", AllLanes(), ": ",
                      MermaidText(absl::StrCat(
                          left_out, " more messages and notes left out: an excerpt keeps ",
                          items_max_, ", as Mermaid slows down past a few hundred. Pick a ",
                          "shorter window (--from/--to, --max-events) or use --format svg ",
                          "or dot for the whole run.")),
                      "\n");
    }
  }

  // Ends band `k`'s rect. Blocks nest, so bands opened inside it are ended first and
  // reopened after it, and go on.
  void CloseBand(size_t k, std::vector<size_t>* open) {
    const auto it = std::find(open->begin(), open->end(), k);
    if (it == open->end()) return;
    const std::vector<size_t> inner(it + 1, open->end());
    for (size_t n = 0; n <= inner.size(); ++n) out_ += "  end\n";
    open->erase(it, open->end());
    for (size_t b : inner) {
      absl::StrAppend(&out_, "  rect ", BandColour(b), "\n");
      open->push_back(b);
    }
  }

  const Diagram& d_;
  const RenderOptions& o_;
  const int64_t items_max_;
  std::vector<std::string> ids_;
  std::vector<Item> items_;
  std::string out_;
};

}  // namespace

std::string MermaidText(std::string_view text, bool line_breaks) {
  const std::string clean = CleanText(text);
  std::string out;
  out.reserve(clean.size() + 8);
  for (size_t i = 0; i < clean.size(); ++i) {
    const char c = clean[i];
    // The whole word "end" (any case): its first letter as an entity code.
    if ((c == 'e' || c == 'E') && i + 3 <= clean.size() &&
        (clean.compare(i + 1, 2, "nd") == 0 || clean.compare(i + 1, 2, "ND") == 0 ||
         clean.compare(i + 1, 2, "Nd") == 0 || clean.compare(i + 1, 2, "nD") == 0) &&
        (i == 0 || !IsWordChar(clean[i - 1])) &&
        (i + 3 == clean.size() || !IsWordChar(clean[i + 3]))) {
      out += c == 'e' ? "#101;" : "#69;";
      continue;
    }
    switch (c) {
      case '#':
        out += "#35;";
        break;
      case ';':
        out += "#59;";
        break;
      case ':':
        out += "#58;";
        break;
      case '%':
        out += "#37;";
        break;
      case '"':
        out += "#quot;";
        break;
      case '&':
        out += "#amp;";
        break;
      case '<':
        out += "#lt;";
        break;
      case '\n':
        out += line_breaks ? "<br/>" : " ";
        break;
      default:
        out += c;
    }
  }
  // Mermaid trims statement text; blank text would leave "A->>B:" with nothing after it.
  if (out.find_first_not_of(' ') == std::string::npos) return "-";
  return out;
}

std::string RenderMermaid(const Diagram& diagram, const RenderOptions& options) {
  return MermaidWriter(diagram, options, kMermaidItemsMax).Render();
}

std::string RenderMermaidWithCap(const Diagram& diagram, const RenderOptions& options,
                                 int64_t items_max) {
  return MermaidWriter(diagram, options, items_max).Render();
}

}  // namespace faultline::viz
