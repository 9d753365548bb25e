// Reading `network:` and `clocks:`, and the endpoint names they and `faults:` use.
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/check.h"
#include "base/suggest.h"
#include "scenario/scenario_sections.h"

namespace faultline::scenario::internal {
namespace {

// The number N in "<prefix>N" (no leading zeros), or 0.
int EndpointNumber(std::string_view name, char prefix) {
  if (name.size() < 2 || name[0] != prefix || name[1] == '0' || name.size() > 6) return 0;
  int n = 0;
  for (char c : name.substr(1)) {
    if (c < '0' || c > '9') return 0;
    n = n * 10 + (c - '0');
  }
  return n;
}

}  // namespace

absl::Status ReadLinkFields(const YamlMap& m, LinkOverride* link, bool* any) {
  *any = false;
  if (std::optional<YamlValue> v = m.Get("latency")) {
    FL_ASSIGN_OR_RETURN(link->latency, ReadDistribution(*v, Quantity::kDuration, false));
    *any = true;
  }
  if (m.Has("loss")) {
    uint32_t ppm = 0;
    FL_RETURN_IF_ERROR(m.ReadProbabilityPpm("loss", &ppm));
    link->loss_ppm = ppm;
    *any = true;
  }
  if (m.Has("duplicate")) {
    uint32_t ppm = 0;
    FL_RETURN_IF_ERROR(m.ReadProbabilityPpm("duplicate", &ppm));
    link->duplicate_ppm = ppm;
    *any = true;
  }
  if (m.Has("reorder")) {
    bool reorder = false;
    FL_RETURN_IF_ERROR(m.ReadBool("reorder", &reorder));
    link->reorder = reorder;
    *any = true;
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> ReadEndpoint(const YamlValue& value, const Endpoints& endpoints,
                                         unsigned kinds) {
  FL_ASSIGN_OR_RETURN(std::string name, value.String());
  const int node = EndpointNumber(name, 'n');
  const int client = EndpointNumber(name, 'c');
  if ((kinds & kNodes) && node >= 1 && node <= endpoints.nodes) return name;
  if ((kinds & kClients) && client >= 1 && client <= endpoints.clients) return name;
  if ((kinds & kRoles) && (name == "primary" || name == "leader" || name == "follower" ||
                           name == "random" || (name.starts_with("role:") && name.size() > 5))) {
    return name;
  }
  if ((kinds & kWildcard) && name == "*") return name;

  std::vector<std::string> valid;
  std::vector<std::string> shown;
  if (kinds & kNodes) {
    for (int i = 1; i <= endpoints.nodes; ++i) valid.push_back(absl::StrCat("n", i));
    shown.push_back(absl::StrCat("n1..n", endpoints.nodes));
  }
  if (kinds & kClients) {
    for (int i = 1; i <= endpoints.clients; ++i) valid.push_back(absl::StrCat("c", i));
    shown.push_back(absl::StrCat("c1..c", endpoints.clients));
  }
  if (kinds & kRoles) {
    for (const char* r : {"primary", "leader", "follower", "random"}) {
      valid.push_back(r);
      shown.push_back(r);
    }
    shown.push_back("role:NAME");
  }
  if (kinds & kWildcard) {
    valid.push_back("*");
    shown.push_back("* (every endpoint)");
  }
  // "n4" is not a typo of "n1": suggest only for words, like "primay".
  const bool numbered = node > 0 || client > 0;
  std::string hint = numbered ? "" : DidYouMean(name, valid);
  absl::StrAppend(&hint, hint.empty() ? "" : " ", "valid names here: ", absl::StrJoin(shown, ", "));
  const char* what = (kinds & kClients) ? "endpoint" : "node";
  return value.Error(absl::StrCat("unknown ", what, " '", name, "'"), hint);
}

absl::Status ReadNetwork(const YamlValue& value, const Endpoints& endpoints, NetworkSpec* network) {
  FL_ASSIGN_OR_RETURN(YamlMap m, YamlMap::Read(value, {"latency", "loss", "duplicate", "reorder",
                                                       "links", "kinds"}));
  if (std::optional<YamlValue> v = m.Get("latency")) {
    FL_ASSIGN_OR_RETURN(network->defaults.latency,
                        ReadDistribution(*v, Quantity::kDuration, false));
  }
  FL_RETURN_IF_ERROR(m.ReadProbabilityPpm("loss", &network->defaults.loss_ppm));
  FL_RETURN_IF_ERROR(m.ReadProbabilityPpm("duplicate", &network->defaults.duplicate_ppm));
  FL_RETURN_IF_ERROR(m.ReadBool("reorder", &network->defaults.reorder));

  if (std::optional<YamlValue> links = m.Get("links")) {
    FL_ASSIGN_OR_RETURN(std::vector<YamlValue> items, links->Items());
    for (const YamlValue& item : items) {
      FL_ASSIGN_OR_RETURN(YamlMap lm, YamlMap::Read(item, {"from", "to", "latency", "loss",
                                                           "duplicate", "reorder"}));
      LinkOverride link;
      link.loc = {item.node().Mark().line + 1, item.node().Mark().column + 1};
      const unsigned kinds = kNodes | kClients | kWildcard;
      if (std::optional<YamlValue> v = lm.Get("from")) {
        FL_ASSIGN_OR_RETURN(link.from, ReadEndpoint(*v, endpoints, kinds));
      }
      if (std::optional<YamlValue> v = lm.Get("to")) {
        FL_ASSIGN_OR_RETURN(link.to, ReadEndpoint(*v, endpoints, kinds));
      }
      bool any = false;
      FL_RETURN_IF_ERROR(ReadLinkFields(lm, &link, &any));
      if (!any) {
        return item.Error("this link override changes nothing",
                          "set at least one of latency, loss, duplicate, reorder");
      }
      network->links.push_back(std::move(link));
    }
  }

  if (std::optional<YamlValue> kinds = m.Get("kinds")) {
    FL_ASSIGN_OR_RETURN(YamlMap km, YamlMap::ReadAny(*kinds));
    for (const YamlMap::Entry& e : km.entries()) {
      FL_ASSIGN_OR_RETURN(YamlMap entry, YamlMap::Read(e.value, {"latency"}));
      FL_ASSIGN_OR_RETURN(YamlValue lat, entry.Require("latency", "latency: 5ms"));
      FL_ASSIGN_OR_RETURN(network->kind_latency[e.key],
                          ReadDistribution(lat, Quantity::kDuration, false));
    }
  }
  return absl::OkStatus();
}

absl::Status ReadClocks(const YamlValue& value, ClockSpec* clocks) {
  FL_ASSIGN_OR_RETURN(YamlMap m, YamlMap::Read(value, {"skew", "drift_ppm"}));
  if (std::optional<YamlValue> v = m.Get("skew")) {
    FL_ASSIGN_OR_RETURN(clocks->skew_ns, ReadDistribution(*v, Quantity::kDuration, true));
  }
  if (std::optional<YamlValue> v = m.Get("drift_ppm")) {
    FL_ASSIGN_OR_RETURN(clocks->drift_ppm, ReadDistribution(*v, Quantity::kNumber, true));
  }
  return absl::OkStatus();
}

}  // namespace faultline::scenario::internal
