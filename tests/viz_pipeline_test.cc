// The diagram pipeline on real simulator traces: random scenarios (random faults, loss,
// duplication, reordering, clients) run with their trace captured, the trace.jsonl text is
// read back by viz::ParseTrace, built into a Diagram under a random selection, and rendered
// as Perfetto JSON and as a ShiViz log. Checked as their viewers need them:
//   - Perfetto: valid JSON; every flow start has exactly one end with its id; no negative
//     duration; every used track is named; slices on one track nest or are disjoint;
//   - ShiViz: the regex and empty delimiter lines; each host's own entry counts 1, 2, 3, ...;
//     a delivery's clock dominates the clock of the message's first send;
//   - both: the same trace gives the same bytes.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "base/time.h"
#include "nlohmann/json.hpp"
#include "sim/distribution.h"
#include "tests/test_models.h"
#include "tests/trace_capture.h"
#include "viz/diagram_builder.h"
#include "viz/perfetto.h"
#include "viz/shiviz.h"
#include "viz/trace_events.h"

namespace faultline::testing {
namespace {

using nlohmann::json;
using sim::Distribution;

const sim::ModelRegistry& Models() {
  static const sim::ModelRegistry* registry = [] {
    auto* r = new sim::ModelRegistry();
    RegisterTestModels(*r);
    return r;
  }();
  return *registry;
}

sim::ScenarioSpec GenScenario() {
  sim::ScenarioSpec spec;
  spec.name = "viz-pipeline";
  spec.cluster.model = *rc::gen::element<std::string>("test.echo", "test.gossip");
  spec.cluster.nodes = *rc::gen::inRange(1, 5);
  spec.duration_ns = *rc::gen::inRange(1, 10) * 100 * kMillisecond;
  spec.recovery_ns = 100 * kMillisecond;
  spec.network.defaults.latency =
      Distribution::Exponential(*rc::gen::inRange(1, 30) * kMillisecond / 10.0);
  spec.network.defaults.loss_ppm = *rc::gen::inRange(0, 200'000);
  spec.network.defaults.duplicate_ppm = *rc::gen::inRange(0, 200'000);
  spec.network.defaults.reorder = *rc::gen::arbitrary<bool>();
  if (spec.cluster.model == "test.echo") {
    spec.workload.clients = *rc::gen::inRange(0, 4);
    spec.workload.rate_per_s = *rc::gen::element(50.0, 300.0);
    spec.workload.timeout_ns = 50 * kMillisecond;
    spec.workload.keys.count = 3;
    spec.workload.ops = {{"read", 0.5}, {"write", 0.5}};
  }
  spec.faults.random.enabled = true;
  spec.faults.random.interval_ns = Distribution::Exponential(150 * kMillisecond);
  spec.faults.random.fault_duration_ns =
      Distribution::Uniform(20 * kMillisecond, 200 * kMillisecond);
  spec.faults.random.kinds = {"partition", "crash", "pause", "clock", "link"};
  return spec;
}

int64_t Ns(const json& micros) { return std::llround(micros.get<double>() * 1000.0); }

void CheckPerfetto(const std::string& text) {
  const json doc = json::parse(text);  // throws (fails the property) if not JSON
  std::map<uint64_t, std::pair<int, int>> flows;
  std::set<int64_t> named;
  std::set<int64_t> used;
  std::map<int64_t, std::vector<std::pair<int64_t, int64_t>>> slices;
  for (const json& e : doc.at("traceEvents")) {
    const int64_t tid = e.at("tid").get<int64_t>();
    if (e.at("ph") == "M") {
      if (e.at("name") == "thread_name") named.insert(tid);
      continue;
    }
    used.insert(tid);
    if (e.at("ph") != "X") continue;
    RC_ASSERT(Ns(e.at("dur")) >= 0);
    slices[tid].push_back({Ns(e.at("ts")), Ns(e.at("ts")) + Ns(e.at("dur"))});
    if (e.contains("bind_id")) {
      auto& [outs, ins] = flows[e.at("bind_id").get<uint64_t>()];
      outs += e.value("flow_out", false);
      ins += e.value("flow_in", false);
    }
  }
  for (const auto& [id, counts] : flows) RC_ASSERT(counts == std::make_pair(1, 1));
  for (int64_t tid : used) RC_ASSERT(named.count(tid) == 1u);
  for (auto& [tid, list] : slices) {
    std::sort(list.begin(), list.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first < b.first : a.second > b.second;
    });
    std::vector<int64_t> open;
    for (const auto& [begin, end] : list) {
      while (!open.empty() && open.back() <= begin) open.pop_back();
      // (RC_ASSERT's expression capture does not short-circuit ||.)
      const bool nests = open.empty() || end <= open.back();
      RC_ASSERT(nests);
      open.push_back(end);
    }
  }
}

// "[msg N, " in a send or receive line.
std::string MsgTag(const std::string& text) {
  const size_t at = text.rfind("[msg ");
  return at == std::string::npos ? "" : text.substr(at, text.find(',', at) - at);
}

// Returns how many deliveries were checked against their send.
int CheckShiViz(const std::string& log) {
  std::vector<std::string> lines;
  for (size_t start = 0; start < log.size();) {
    const size_t end = log.find('\n', start);
    RC_ASSERT(end != std::string::npos);
    lines.push_back(log.substr(start, end - start));
    start = end + 1;
  }
  RC_ASSERT(lines.size() >= 2u);
  RC_ASSERT(lines[0] == std::string(viz::kShiVizRegex));
  RC_ASSERT(lines[1].empty());
  RC_ASSERT(lines.size() % 2 == 0u);
  int checked = 0;
  std::map<std::string, int64_t> own;
  std::map<std::pair<std::string, std::string>, json> first_send;  // (host, msg) -> clock
  for (size_t i = 2; i < lines.size(); i += 2) {
    const size_t space = lines[i].find(' ');
    RC_ASSERT(space != std::string::npos);
    const std::string host = lines[i].substr(0, space);
    const json clock = json::parse(lines[i].substr(space + 1));
    const std::string& text = lines[i + 1];
    RC_ASSERT(clock.at(host).get<int64_t>() == ++own[host]);
    if (text.rfind("send ", 0) == 0) first_send.emplace(std::make_pair(host, MsgTag(text)), clock);
    if (text.rfind("recv ", 0) != 0) continue;
    const std::string from =
        text.substr(text.rfind(" from ") + 6,
                    text.find(' ', text.rfind(" from ") + 6) - (text.rfind(" from ") + 6));
    const auto sent = first_send.find({from, MsgTag(text)});
    // The send may lie before the selection; then there is nothing to compare with.
    if (sent == first_send.end()) continue;
    for (const auto& [h, v] : sent->second.items()) {
      RC_ASSERT(clock.value(h, int64_t{0}) >= v.get<int64_t>());
    }
    ++checked;
  }
  return checked;
}

RC_GTEST_PROP(VizPipelineProperties, RenderedTracesAreWellFormed, (uint64_t seed)) {
  const CapturedRun run = RunCapturingTrace(GenScenario(), Models(), seed);
  RC_ASSERT(run.ok);
  std::string text = run.kinds.is_null() ? "" : run.kinds.dump() + "\n";
  for (const json& e : run.events) text += e.dump() + "\n";
  const absl::StatusOr<viz::TraceEvents> trace = viz::ParseTrace(text, "trace.jsonl");
  RC_ASSERT(trace.ok());
  viz::Selection selection;
  selection.max_events = *rc::gen::element<int64_t>(0, 40, 400);
  if (*rc::gen::arbitrary<bool>()) {
    selection.from = *rc::gen::inRange(0, 5) * 100 * kMillisecond;
    selection.to = selection.from + *rc::gen::inRange(1, 5) * 100 * kMillisecond;
  }
  const absl::StatusOr<viz::Diagram> diagram = viz::BuildDiagram(*trace, selection);
  RC_ASSERT(diagram.ok());
  const std::string perfetto = viz::RenderPerfetto(*diagram, viz::RenderOptions{});
  const std::string shiviz = viz::RenderShiViz(*diagram, viz::RenderOptions{});
  CheckPerfetto(perfetto);
  const int deliveries = CheckShiViz(shiviz);
  RC_CLASSIFY(deliveries > 0, "with deliveries");
  RC_ASSERT(perfetto == viz::RenderPerfetto(*diagram, viz::RenderOptions{}));
  RC_ASSERT(shiviz == viz::RenderShiViz(*diagram, viz::RenderOptions{}));
}

}  // namespace
}  // namespace faultline::testing
