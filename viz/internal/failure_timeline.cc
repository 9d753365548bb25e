#include "viz/internal/failure_timeline.h"

#include <algorithm>
#include <map>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/strings.h"
#include "viz/internal/failure_svg.h"
#include "viz/label_text.h"
#include "viz/xml_text.h"

namespace faultline::viz::internal::failure {
namespace {

// Geometry, in px.
constexpr int64_t kLabelW = 96;        // the row names on the left
constexpr int64_t kX0 = kLabelW + 44;  // the first column (room for half a tick label)
constexpr int64_t kStepMin = 16;       // column spacing bounds
constexpr int64_t kStepMax = 56;
constexpr int64_t kPlotW = 860;  // spread few columns over about this much
constexpr int64_t kMinWidth = 780;
constexpr int64_t kAxisY = 62;   // the axis line; tick labels above it
constexpr int64_t kTrackH = 20;  // a fault track
constexpr int64_t kRowH = 40;    // a process row
constexpr int64_t kBarTop = 22;  // bar position inside its row
constexpr int64_t kBarH = 12;

// The end of an op's bar in time: its return, or none (open-ended).
bool OpenEnded(const ReportOp& op) { return !op.ret.has_value(); }

class Timeline {
 public:
  explicit Timeline(const FailureModel& m) : m_(m) {
    ChooseColumns();
    for (const ViewOp& o : m_.ops) {
      if (Drawn(*o.op)) rows_.emplace(o.op->process, 0);
    }
    int64_t row = 0;
    for (auto& [process, index] : rows_) index = row++;
    tracks_ = m_.trace == nullptr ? 1 : 1 + static_cast<int64_t>(m_.fault_nodes.size());
    rows_top_ = kAxisY + 8 + tracks_ * kTrackH + 10;
    rows_bottom_ = rows_top_ + static_cast<int64_t>(rows_.size()) * kRowH;
    right_ = X0() + static_cast<int64_t>(cols_.size() + 1) * step_;
    // The stuck op's label is always drawn whole, right of its call.
    const int64_t stuck_label_end = X(m_.violation->stuck.call) + TextW(StuckLabel()) + 16;
    width_ = std::max({right_ + 24, stuck_label_end, kMinWidth});
  }

  // The x of the stuck op's call: where a reader should look first.
  int64_t FocusX() const { return X(m_.violation->stuck.call); }

  void Append(std::string* out) {
    std::string body;
    AppendHeader(&body);
    AppendAxis(&body);
    AppendFaults(&body);
    AppendRows(&body);
    const int64_t legend_top = rows_bottom_ + 30;
    const int64_t height = AppendLegend(&body, legend_top, width_);
    absl::StrAppend(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"tl\" width=\"", width_,
                    "\" height=\"", height, "\" viewBox=\"0 0 ", width_, " ", height,
                    "\" role=\"img\" aria-labelledby=\"tl-title\">\n<title id=\"tl-title\">",
                    Esc(Headline()), "</title>\n");
    AppendStyleAndDefs(out);
    absl::StrAppend(out, "<rect width=\"", width_, "\" height=\"", height, "\" fill=\"#fff\"/>\n");
    out->append(body);
    out->append("</svg>\n");
  }

 private:
  // Every distinct op time from the cut-off on, and the fault boundaries between.
  void ChooseColumns() {
    std::vector<int64_t> op_times;
    for (const ViewOp& o : m_.ops) {
      op_times.push_back(o.op->call);
      if (o.op->ret) op_times.push_back(*o.op->ret);
    }
    std::sort(op_times.begin(), op_times.end());
    op_times.erase(std::unique(op_times.begin(), op_times.end()), op_times.end());
    cut_ = m_.from;
    if (static_cast<int64_t>(op_times.size()) > kMaxColumns) {
      cut_ = op_times[op_times.size() - static_cast<size_t>(kMaxColumns)];
    }
    for (int64_t t : op_times) {
      if (t >= cut_) cols_.push_back(t);
    }
    for (const Fault& f : m_.faults) {
      if (f.begin >= cut_ && f.begin <= m_.to) cols_.push_back(f.begin);
      if (f.end && *f.end >= cut_ && *f.end <= m_.to) cols_.push_back(*f.end);
    }
    std::sort(cols_.begin(), cols_.end());
    cols_.erase(std::unique(cols_.begin(), cols_.end()), cols_.end());
    const int64_t n = static_cast<int64_t>(cols_.size());
    step_ = std::clamp<int64_t>(kPlotW / (n + 1), kStepMin, kStepMax);
    for (const ViewOp& o : m_.ops) {
      if (!Drawn(*o.op)) ++hidden_ops_;
    }
  }

  bool Drawn(const ReportOp& op) const { return OpenEnded(op) || *op.ret >= cut_; }

  int64_t X0() const { return kX0; }

  // A time's x: its column; before the cut-off, the left clip edge; after the last
  // column, the right edge.
  int64_t X(int64_t t) const {
    if (cols_.empty() || t < cols_.front()) return X0() - step_;
    if (t > cols_.back()) return right_;
    const auto it = std::lower_bound(cols_.begin(), cols_.end(), t);
    const int64_t i = it - cols_.begin();
    return X0() + i * step_ - (*it == t ? 0 : step_ / 2);
  }

  std::string KeyName() const {
    const std::string& key = m_.violation->key;
    return key.empty() ? "the single object" : absl::StrCat("key '", key, "'");
  }

  std::string Headline() const {
    const ReportViolation& v = *m_.violation;
    std::string s =
        v.prefix.empty()
            ? absl::StrCat(KeyName(), ": op ", v.stuck.id, " cannot be placed, even first")
            : absl::StrCat(KeyName(), ": op ", v.stuck.id, " cannot be placed after a ",
                           v.prefix.size(), "-op linearizable prefix");
    if (!v.state_after_prefix.empty()) absl::StrAppend(&s, " (state ", v.state_after_prefix, ")");
    return s;
  }

  void AppendHeader(std::string* out) const {
    Text(out, 12, 20, "tt", Headline());
    std::string sub = absl::StrCat(
        "x: events in time order, evenly spaced (not to scale); ticks: ",
        m_.times_ns ? "simulated time" : "positions in the history file (it records no times)");
    if (hidden_ops_ > 0) {
      absl::StrAppend(&sub, "; ", hidden_ops_, " earlier prefix op(s) before ", TimeText(m_, cut_),
                      " not drawn (see the table)");
    }
    Text(out, 12, 38, "ts", sub);
  }

  // Tick labels where they fit: the stuck op's call and return first, then left to right.
  void AppendAxis(std::string* out) const {
    Line(out, X0() - step_, kAxisY, right_, kAxisY, "taxl");
    Extents taken;
    std::vector<int64_t> labelled;
    const auto try_label = [&](int64_t t) {
      const int64_t x = X(t);
      const int64_t half = TextW(TimeText(m_, t)) / 2 + 5;
      if (taken.Take(x - half, x + half)) labelled.push_back(t);
    };
    const ReportOp& stuck = m_.violation->stuck;
    if (stuck.call >= cut_) try_label(stuck.call);
    if (stuck.ret) try_label(*stuck.ret);
    for (int64_t t : cols_) try_label(t);
    std::sort(labelled.begin(), labelled.end());
    for (int64_t t : cols_) Line(out, X(t), kAxisY - 3, X(t), kAxisY, "taxl");
    for (int64_t t : labelled) {
      const int64_t x = X(t);
      Line(out, x, kAxisY, x, rows_bottom_, "tgrid");
      Text(out, x, kAxisY - 6, "tax", TimeText(m_, t));
    }
    Text(out, kLabelW, kAxisY - 6, "tfname", m_.times_ns ? "time" : "position");
  }

  int64_t TrackTop(int64_t track) const { return kAxisY + 8 + track * kTrackH; }

  void AppendFaults(std::string* out) const {
    if (m_.trace == nullptr) {
      Text(out, kLabelW, TrackTop(0) + 14, "tfname", "faults");
      Text(out, X0() - step_, TrackTop(0) + 14, "tnone",
           "no trace given: the faults active at the time are unknown");
      return;
    }
    Text(out, kLabelW, TrackTop(0) + 14, "tfname", "network");
    std::map<std::string, int64_t> node_track;
    for (size_t i = 0; i < m_.fault_nodes.size(); ++i) {
      node_track[m_.fault_nodes[i]] = static_cast<int64_t>(i) + 1;
      Text(out, kLabelW, TrackTop(static_cast<int64_t>(i) + 1) + 14, "tfname", m_.fault_nodes[i]);
    }
    bool any_network = false;
    std::map<int64_t, Extents> labels;  // per track: the labels drawn so far
    // Bands first, so their labels win over the markers'.
    for (const bool instants : {false, true}) {
      for (const Fault& f : m_.faults) {
        if (f.instant != instants || !Touches(f, cut_, m_.to)) continue;
        const int64_t track = f.node.empty() ? 0 : node_track[f.node];
        any_network = any_network || track == 0;
        AppendFault(out, f, TrackTop(track), &labels[track]);
      }
    }
    if (!any_network) {
      Text(out, X0() - step_, TrackTop(0) + 14, "tnone",
           "no partition or link fault in this window");
    }
  }

  std::string FaultTitle(const Fault& f) const {
    std::string s = FaultKindName(f.kind);
    if (!f.node.empty()) absl::StrAppend(&s, " ", f.node);
    if (!f.text.empty()) absl::StrAppend(&s, " ", f.text);
    if (f.instant) {
      absl::StrAppend(&s, " at ", TimeText(m_, f.begin));
    } else {
      absl::StrAppend(&s, " from ", TimeText(m_, f.begin), " to ",
                      f.end ? absl::StrCat(TimeText(m_, *f.end), " (", f.end_text, ")")
                            : std::string("the end of the trace"));
    }
    absl::StrAppend(&s, "; trace.jsonl line ", f.line);
    return s;
  }

  // `labels`: the labels already on the track; one that would overlap them is left to the
  // hover title.
  void AppendFault(std::string* out, const Fault& f, int64_t top, Extents* labels) const {
    absl::StrAppend(out, "<g>");
    Title(out, FaultTitle(f));
    out->append("\n");
    const int64_t x1 = X(f.begin);
    if (f.instant) {
      const int64_t cy = top + 10;
      const bool clock = f.kind == FaultKind::kClock;
      absl::StrAppend(out, "<path class=\"", clock ? "tclock" : "tlink", "\" d=\"",
                      clock ? absl::StrCat("M", x1, ",", cy - 6, "L", x1 + 6, ",", cy, "L", x1, ",",
                                           cy + 6, "L", x1 - 6, ",", cy, "z")
                            : absl::StrCat("M", x1 - 6, ",", cy - 5, "L", x1 + 6, ",", cy - 5, "L",
                                           x1, ",", cy + 6, "z"),
                      "\"/>\n");
      const std::string label = ShortenText(f.text, 18);
      if (!label.empty() && labels->Take(x1 + 9, x1 + 9 + TextW(label) + 6)) {
        Text(out, x1 + 9, top + 14, "tft", label);
      }
      out->append("</g>\n");
      return;
    }
    const int64_t x2 = f.end ? X(*f.end) : right_;
    const char* cls = f.kind == FaultKind::kPartition ? "tpart"
                      : f.kind == FaultKind::kDown    ? "tdown"
                                                      : "tpaused";
    Rect(out, x1, top + 3, x2 - x1, kTrackH - 6, cls);
    if (f.kind == FaultKind::kPartition) {
      Rect(out, x1, rows_top_, x2 - x1, rows_bottom_ - rows_top_, "tparts");
    }
    const std::string label = f.kind == FaultKind::kPartition ? absl::StrCat("partition ", f.text)
                              : f.kind == FaultKind::kDown    ? std::string("down")
                                                              : std::string("paused");
    const int64_t room = (x2 - x1 - 8) / kCharW;
    if (room >= 3) {
      const std::string shown = ShortenText(label, static_cast<size_t>(room));
      if (labels->Take(x1 + 4, x1 + 4 + TextW(shown) + 6))
        Text(out, x1 + 4, top + 14, "tft", shown);
    }
    out->append("</g>\n");
  }

  void AppendRows(std::string* out) const {
    for (const auto& [process, row] : rows_) {
      const ReportOp* first = nullptr;  // the row's first op names it
      for (const ViewOp& o : m_.ops) {
        if (o.op->process == process) {
          first = o.op;
          break;
        }
      }
      const int64_t top = rows_top_ + row * kRowH;
      Line(out, X0() - step_, top + kBarTop + kBarH / 2, right_, top + kBarTop + kBarH / 2, "trow");
      Text(out, kLabelW, top + kBarTop + 10, "tname",
           first != nullptr ? ProcessName(*first) : absl::StrCat("process ", process));
    }
    AppendWindow(out);
    // A label may run until the next bar of its row begins. Ops are in history (that is,
    // invocation) order, so each row's bars come left to right.
    std::map<int64_t, int64_t> next_start;   // op index -> x of the next bar in its row
    std::map<int64_t, int64_t> last_in_row;  // process -> op index
    for (const ViewOp& o : m_.ops) {
      if (!Drawn(*o.op)) continue;
      const auto [it, first] = last_in_row.try_emplace(o.op->process, o.op->index);
      if (!first) {
        next_start[it->second] = X(o.op->call);
        it->second = o.op->index;
      }
    }
    for (const ViewOp& o : m_.ops) {
      if (!Drawn(*o.op)) continue;
      const auto next = next_start.find(o.op->index);
      AppendOp(out, o, next == next_start.end() ? width_ : next->second);
    }
  }

  // The stuck op's interval, down through the faults and the rows.
  void AppendWindow(std::string* out) const {
    const ReportOp& stuck = m_.violation->stuck;
    const int64_t x1 = X(stuck.call);
    const int64_t x2 = std::max(X(StuckEnd(m_)), x1 + 4);
    absl::StrAppend(out, "<g>");
    Title(out, absl::StrCat("the interval of op ", stuck.id,
                            ": every op overlapping it is "
                            "concurrent with it and may be ordered either way"));
    out->append("\n");
    Rect(out, x1, TrackTop(0), x2 - x1, rows_bottom_ + 6 - TrackTop(0), "twin");
    Text(out, (x1 + x2) / 2, rows_bottom_ + 18, "twint", absl::StrCat("op ", stuck.id));
    out->append("</g>\n");
  }

  // `label_limit`: the x where the next bar of the row begins (its badge starts there).
  void AppendOp(std::string* out, const ViewOp& o, int64_t label_limit) const {
    const ReportOp& op = *o.op;
    const int64_t top = rows_top_ + rows_.at(op.process) * kRowH;
    const int64_t x1 = X(op.call);
    int64_t x2 = OpenEnded(op) ? right_ : X(*op.ret);
    x2 = std::max(x2, x1 + 4);
    const int64_t y = top + kBarTop;
    // Anchors and data-op use the op's number, as every view of the op does (the story
    // diagram's bars too), so `#op-772` names op 772 everywhere.
    absl::StrAppend(out, "<a href=\"#row-", op.id, "\"><g class=\"op\" id=\"op-", op.id,
                    "\" data-op=\"", op.id, "\">");
    Title(out, OpTitle(o));
    out->append("\n");
    Rect(out, x1, y, x2 - x1, kBarH, absl::StrCat("t", op.status));
    if (o.concurrent) Rect(out, x1 - 3, y - 3, x2 - x1 + 6, kBarH + 6, "tconc", " rx=\"3\"");
    if (o.stuck) Rect(out, x1 - 4, y - 4, x2 - x1 + 8, kBarH + 8, "tstuck", " rx=\"3\"");
    int64_t x = x1;
    if (o.prefix_pos > 0) {
      const std::string n = absl::StrCat(o.prefix_pos);
      const int64_t w = 8 + TextW(n);
      Rect(out, x1, top + 6, w, 13, "tbadge", " rx=\"6\"");
      Text(out, x1 + w / 2, top + 16, "tbadget", n);
      x = x1 + w + 3;
    }
    if (o.stuck) {
      Text(out, x, top + 16, "tols", StuckLabel());  // whole: the picture is wide enough
    } else {
      const int64_t room = (label_limit - 6 - x) / kCharW;
      const std::string label = ShortOpLabel(op);
      if (Utf8Length(label) <= room) {
        Text(out, x, top + 16, "tol", label);
      } else if (room >= 4) {
        Text(out, x, top + 16, "tol", ShortenText(label, static_cast<size_t>(room)));
      }
    }
    out->append("</g></a>\n");
  }

  std::string StuckLabel() const {
    const ReportOp& stuck = m_.violation->stuck;
    return absl::StrCat("op ", stuck.id, " ", ShortOpLabel(stuck), ": cannot be placed");
  }

  std::string OpTitle(const ViewOp& o) const {
    std::string s = o.op->op;  // "op 772 (c2, process 1) read -> 261 [...]"
    if (o.prefix_pos > 0) absl::StrAppend(&s, "\nlinearized as number ", o.prefix_pos);
    if (o.stuck) absl::StrAppend(&s, "\ncannot be placed next");
    if (o.concurrent) absl::StrAppend(&s, "\nconcurrent with the op that cannot be placed");
    return s;
  }

  const FailureModel& m_;
  std::vector<int64_t> cols_;
  int64_t cut_ = 0;
  int64_t step_ = kStepMin;
  int64_t hidden_ops_ = 0;
  std::map<int64_t, int64_t> rows_;  // process -> row
  int64_t tracks_ = 1;
  int64_t rows_top_ = 0;
  int64_t rows_bottom_ = 0;
  int64_t right_ = 0;
  int64_t width_ = kMinWidth;
};

}  // namespace

int64_t AppendTimelineSvg(std::string* out, const FailureModel& m) {
  Timeline timeline(m);
  timeline.Append(out);
  return timeline.FocusX();
}

}  // namespace faultline::viz::internal::failure
