#include "viz/internal/diagram_text.h"

#include <array>

#include "absl/strings/str_cat.h"
#include "base/strings.h"
#include "base/time.h"
#include "nlohmann/json.hpp"

namespace faultline::viz::internal {
namespace {

using Json = nlohmann::ordered_json;

// Fields that name a message best, most telling first (sequence numbers and op ids say
// which message it is; epochs and terms only which era).
constexpr std::array<std::string_view, 6> kTelling = {"seq", "op", "index", "id", "term", "epoch"};

// A field value for a label: strings without their quotes.
std::string ValueText(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  return v.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string Field(const Json& body, std::string_view name) {
  return absl::StrCat(Sv(name), "=", ValueText(body.at(std::string(name))));
}

bool Present(const Json& body, std::string_view name) {
  const auto it = body.find(std::string(name));
  return it != body.end() && !it->is_null();
}

// The value at `path` ("entries.value"): a path through a list maps over its elements,
// leaving nulls out. Null when absent.
Json AtPath(const Json& node, std::string_view path) {
  if (node.is_array()) {
    Json out = Json::array();
    for (const Json& element : node) {
      Json v = AtPath(element, path);
      if (v.is_array()) {
        for (Json& x : v) out.push_back(std::move(x));
      } else if (!v.is_null()) {
        out.push_back(std::move(v));
      }
    }
    return out;
  }
  if (path.empty()) return node;
  if (!node.is_object()) return nullptr;
  const size_t dot = path.find('.');
  const auto it = node.find(std::string(path.substr(0, dot)));
  if (it == node.end()) return nullptr;
  return AtPath(*it, dot == std::string_view::npos ? "" : path.substr(dot + 1));
}

bool Shown(const Json& v) { return !v.is_null() && !(v.is_array() && v.empty()); }

// The label from the model's declared fields (see ArrowLabel).
std::string DeclaredLabel(std::string label, const Json& body,
                          const std::vector<std::string>& fields) {
  for (size_t i = 0; i < fields.size(); ++i) {
    const std::string& path = fields[i];
    const Json v = AtPath(body, path);
    const std::string_view name = std::string_view(path).substr(path.rfind('.') + 1);
    if (name == "key" && i + 1 < fields.size() && fields[i + 1] == "value") {
      const Json value = AtPath(body, fields[i + 1]);
      if (Shown(v) && Shown(value)) {
        absl::StrAppend(&label, " ", ValueText(v), "=", ValueText(value));
        ++i;
        continue;
      }
    }
    if (Shown(v)) absl::StrAppend(&label, " ", Sv(name), "=", ValueText(v));
  }
  return label;
}

}  // namespace

std::string ArrowLabel(std::string_view kind, std::string_view body_text,
                       const std::vector<std::string>* fields) {
  std::string label(kind);
  const Json body =
      Json::parse(body_text.begin(), body_text.end(), nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded() || !body.is_object()) return label;
  if (fields != nullptr && !fields->empty()) return DeclaredLabel(std::move(label), body, *fields);
  for (std::string_view name : kTelling) {
    if (!Present(body, name)) continue;
    absl::StrAppend(&label, " ", Field(body, name));
    // What explains a failure is often the value written or read: show it too.
    for (std::string_view more : {"key", "value"}) {
      if (more != name && Present(body, more)) absl::StrAppend(&label, " ", Field(body, more));
    }
    return label;
  }
  for (const auto& [name, value] : body.items()) {
    if (!value.is_null()) return absl::StrCat(label, " ", name, "=", ValueText(value));
  }
  return label;
}

std::string ArrowTitle(const Arrow& a, const ArrowFacts& f) {
  std::string s = absl::StrCat(a.kind, " #", a.msg);
  if (a.duplicate) absl::StrAppend(&s, " (the network's second copy)");
  absl::StrAppend(&s, " ", Sv(f.from), " -> ", Sv(f.to), " ", Sv(f.body), "; sent at ",
                  FormatDuration(f.sent_ns));
  if (f.sent_before_selection) absl::StrAppend(&s, " (before the selection)");
  const std::string after = absl::StrCat(" (after ", FormatDuration(a.end.time - f.sent_ns), ")");
  switch (a.fate) {
    case Fate::kDelivered:
      absl::StrAppend(&s, "; delivered at ", FormatDuration(a.end.time), after);
      break;
    case Fate::kDropped:
      if (f.loss_at_send) {
        absl::StrAppend(&s, "; lost at send: ", a.drop_reason);
      } else {
        absl::StrAppend(&s, "; dropped at ", FormatDuration(a.end.time), after, ": ",
                        a.drop_reason);
      }
      break;
    case Fate::kInFlight:
      absl::StrAppend(&s, "; still in flight at ", FormatDuration(a.end.time),
                      " (the end of the selection)");
      break;
  }
  return s;
}

std::string OpLabel(const OpBar& op) {
  // The op's number first: the checker names ops by it ("op 772 (c2, process 1) ...").
  std::string s = absl::StrCat("op ", op.op, " ", op.f, " ", op.key);
  if (op.value != "null" || op.f == "write" || op.f == "cas") absl::StrAppend(&s, " ", op.value);
  switch (op.outcome) {
    case OpOutcome::kOk:
      // Reads say what they saw; other ops echo their input.
      if (op.f == "read" || op.f == "get" || op.f == "dequeue") {
        absl::StrAppend(&s, " -> ", op.result);
      } else {
        absl::StrAppend(&s, " -> ok");
      }
      break;
    case OpOutcome::kFail:
      absl::StrAppend(&s, " -> fail");
      break;
    case OpOutcome::kInfo:
      absl::StrAppend(&s, " -> info");
      break;
    case OpOutcome::kPending:
      absl::StrAppend(&s, " (pending)");
      break;
  }
  return s;
}

std::string WithThousands(int64_t n) {
  std::string digits = std::to_string(n);
  const bool negative = digits[0] == '-';
  if (negative) digits.erase(0, 1);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return negative ? "-" + out : out;
}

}  // namespace faultline::viz::internal
