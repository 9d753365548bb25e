// `--set a.b.c=VALUE`: edits to the YAML tree before it is validated, so an override is
// checked exactly as the same text in the file would be.
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "base/strings.h"
#include "scenario/scenario_sections.h"

namespace faultline::scenario::internal {
namespace {

// A list index: digits only, so "0" addresses an element and "n1" stays a key.
bool ParseIndex(std::string_view segment, size_t* index) {
  if (segment.empty() || segment.size() > 9) return false;
  size_t n = 0;
  for (char c : segment) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
    n = n * 10 + static_cast<size_t>(c - '0');
  }
  *index = n;
  return true;
}

absl::Status ApplyOne(const std::string& text, YAML::Node& root, YamlSource& source) {
  // A hostile value may be megabytes long: echo its start only.
  auto error = [&](std::string_view what, std::string_view fix) {
    return absl::InvalidArgumentError(absl::StrCat(source.file_name(), ": --set ",
                                                   Abbreviate(text, 120), ": ", std::string(what),
                                                   "; ", std::string(fix)));
  };
  const size_t eq = text.find('=');
  if (eq == std::string::npos) {
    return error("expected PATH=VALUE", "write it like --set workload.rate=500/s");
  }
  const std::string path = text.substr(0, eq);
  const std::string value_text = text.substr(eq + 1);
  std::vector<std::string> segments = absl::StrSplit(path, '.');
  for (const std::string& s : segments) {
    if (s.empty()) return error("the path has an empty part", "write it like cluster.nodes");
  }
  if (absl::StripAsciiWhitespace(value_text).empty()) {
    return error("the value is empty", "write it like --set cluster.nodes=5");
  }
  if (const int line = SecondDocumentLine(value_text); line > 0) {
    return error(absl::StrCat("the value holds a second YAML document (line ", line, ")"),
                 "a --set value is one YAML value; remove the '---' or '...' marker");
  }
  if (FindYamlFlowDepthOverflow(value_text, kMaxYamlFlowDepth) != std::string::npos) {
    return error(absl::StrCat("the value nests [ and { more than ", kMaxYamlFlowDepth,
                              " levels deep"),
                 "a value needs a few levels, like {replication: sync}");
  }
  YAML::Node value;
  try {
    value = YAML::Load(value_text);
  } catch (const YAML::Exception& e) {
    return error(absl::StrCat("the value is not valid YAML (", e.msg, ")"),
                 "quote it, or write a mapping like {replication: sync}");
  }

  // `cur` is rebound with reset(): assigning a Node would overwrite the node it refers to.
  YAML::Node cur;
  cur.reset(root);
  std::string walked;
  for (size_t i = 0; i < segments.size(); ++i) {
    const std::string& seg = segments[i];
    const bool last = i + 1 == segments.size();
    walked = walked.empty() ? seg : absl::StrCat(walked, ".", seg);
    if (cur.IsSequence()) {
      size_t index = 0;
      if (!ParseIndex(seg, &index) || index > cur.size()) {
        return error(absl::StrCat("'", seg, "' is not an index of this list (it has ", cur.size(),
                                  " entries)"),
                     "address list entries by number, like faults.schedule.0.at");
      }
      if (index == cur.size()) {
        YAML::Node fresh = last ? value : YAML::Node(YAML::NodeType::Map);
        cur.push_back(fresh);
        source.AddOverride(cur[index], text);
      } else if (last) {
        cur[index] = value;
        source.AddOverride(cur[index], text);
      }
      YAML::Node next = cur[index];
      cur.reset(next);
      continue;
    }
    if (!cur.IsMap() && !cur.IsNull()) {
      return error(absl::StrCat("cannot set '", seg, "' inside a value that is not a mapping"),
                   "set the whole value instead");
    }
    if (last) {
      cur[seg] = value;
      source.AddOverride(value, text);
      break;
    }
    const YAML::Node& const_cur = cur;
    YAML::Node child = const_cur[seg];  // const lookup: does not insert
    if (!child.IsDefined() || child.IsNull()) {
      YAML::Node fresh(YAML::NodeType::Map);
      cur[seg] = fresh;
      source.AddOverride(fresh, text);
      cur.reset(fresh);
      continue;
    }
    if (child.IsScalar()) {
      return error(absl::StrCat(walked, " is a single value, not a mapping or list"),
                   absl::StrCat("set ", walked, " itself"));
    }
    cur.reset(child);
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ApplyOverrides(const std::vector<std::string>& overrides, YAML::Node& root,
                            YamlSource& source) {
  for (const std::string& text : overrides) {
    try {
      absl::Status s = ApplyOne(text, root, source);
      if (!s.ok()) return s;
    } catch (const std::exception& e) {
      return absl::InvalidArgumentError(
          absl::StrCat(source.file_name(), ": --set ", text, ": cannot apply (", e.what(), ")"));
    }
  }
  return absl::OkStatus();
}

}  // namespace faultline::scenario::internal
