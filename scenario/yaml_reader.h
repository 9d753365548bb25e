// Strict reading of a yaml-cpp tree: every value is read through a YamlValue that knows
// its dotted path ("workload.keys.count") and where it came from, so every error can say
// "FILE:LINE:COLUMN: PATH: what is wrong; how to fix it".
//
//   FL_ASSIGN_OR_RETURN(YamlMap m, YamlMap::Read(value, {"count", "dist", "theta"}));
//   FL_RETURN_IF_ERROR(m.ReadInteger("count", 1, 1'000'000, &keys.count));
//
// YamlMap::Read rejects keys that are not allowed (with a "did you mean"), duplicate keys
// and non-mapping values. Scalars are parsed here, not with yaml-cpp's as<T>(), whose
// rules are looser than ours (it reads `yes` and `on` as true). Nothing here throws:
// callers catch yaml-cpp's exceptions where the tree is built.
#ifndef FAULTLINE_SCENARIO_YAML_READER_H_
#define FAULTLINE_SCENARIO_YAML_READER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "base/time.h"
#include "yaml-cpp/yaml.h"

namespace faultline::scenario {

// The origin of a tree: the file name, and which nodes were put there by `--set`.
class YamlSource {
 public:
  explicit YamlSource(std::string file_name) : file_name_(std::move(file_name)) {}

  const std::string& file_name() const { return file_name_; }
  // Records that `node` (and everything below it) came from `--set TEXT`.
  void AddOverride(const YAML::Node& node, std::string text);
  // The `--set` text `node` came from, or nullptr if it is from the file.
  const std::string* OverrideOf(const YAML::Node& node) const;

 private:
  std::string file_name_;
  std::vector<std::pair<YAML::Node, std::string>> overrides_;  // few: one per --set
};

// One node under reading. Cheap to copy (yaml-cpp nodes are handles).
class YamlValue {
 public:
  // The document's root. REQUIRES: `source` outlives the value and everything read from it.
  static YamlValue Root(const YamlSource& source, const YAML::Node& node);
  // A value below this one, at `path() + "." + name`. `fallback` locates it when the node
  // has no useful mark of its own (an empty value points at the next line otherwise), or
  // always when `at_fallback` (a mapping's value is best located at its key).
  YamlValue Child(const YAML::Node& node, std::string_view name, const YAML::Mark& fallback,
                  const YAML::Node* override_probe = nullptr, bool at_fallback = false) const;

  const YAML::Node& node() const { return node_; }
  const std::string& path() const { return path_; }
  bool IsNull() const { return node_.IsNull(); }
  bool IsMap() const { return node_.IsMap(); }
  bool IsSequence() const { return node_.IsSequence(); }
  bool IsScalar() const { return node_.IsScalar(); }
  // "a mapping", "a list", "nothing" or the quoted scalar: for "got ..." in messages.
  std::string Describe() const;

  // InvalidArgument "FILE:LINE:COL: PATH: WHAT; FIX" (or "FILE: --set P=V: PATH: ..." for a
  // value that came from an override). An empty `fix` is left out.
  absl::Status Error(std::string_view what, std::string_view fix = "") const;
  // Error() with the message of `status` (from units.h) as WHAT.
  absl::Status Wrap(const absl::Status& status, std::string_view fix = "") const;

  absl::StatusOr<std::string> String() const;  // any scalar, not empty
  absl::StatusOr<int64_t> Integer(int64_t min, int64_t max) const;
  absl::StatusOr<uint64_t> Unsigned64() const;
  absl::StatusOr<double> Number() const;  // plain decimal
  absl::StatusOr<bool> Bool() const;      // exactly true or false
  // Refuses an explicit YAML tag (!!str 3, !custom x, !!binary ...): scenarios use none.
  absl::Status CheckNoTag() const;
  absl::StatusOr<Nanos> Duration(Nanos min) const;
  absl::StatusOr<uint32_t> ProbabilityPpm() const;
  absl::StatusOr<double> Rate() const;  // per second, > 0
  // One of `choices`; the error lists them and suggests the closest.
  absl::StatusOr<std::string> Choice(const std::vector<std::string>& choices) const;
  // The elements of a list, each with path "PATH.INDEX".
  absl::StatusOr<std::vector<YamlValue>> Items() const;

 private:
  YamlValue(const YamlSource* source, YAML::Node node, std::string path, YAML::Mark mark,
            const std::string* override_text)
      : source_(source),
        node_(std::move(node)),
        path_(std::move(path)),
        mark_(mark),
        override_text_(override_text) {}
  // The scalar text, or an error saying a `what` was expected.
  // The scalar's text. `plain_only`: a number or a boolean, which must be written bare
  // ("3", not "'3'"): a quoted one is a string in YAML, and accepting it would hide a
  // mistake such as a templating tool quoting everything.
  absl::StatusOr<std::string> ScalarFor(std::string_view what, std::string_view example,
                                        bool plain_only = false) const;

  const YamlSource* source_;
  YAML::Node node_;
  std::string path_;
  YAML::Mark mark_;                   // where errors point
  const std::string* override_text_;  // non-null: came from --set
};

// A mapping whose keys were checked against an allowed list.
class YamlMap {
 public:
  struct Entry {
    std::string key;
    YamlValue key_value;  // for errors about the key itself
    YamlValue value;
  };

  // Fails unless `value` is a mapping (an empty value counts as an empty mapping) with
  // scalar keys, none repeated, each in `allowed`.
  static absl::StatusOr<YamlMap> Read(const YamlValue& value,
                                      const std::vector<std::string>& allowed);
  // As Read, for maps whose keys are names chosen by the user (params, op weights).
  static absl::StatusOr<YamlMap> ReadAny(const YamlValue& value);

  const YamlValue& self() const { return self_; }
  const std::vector<Entry>& entries() const { return entries_; }
  bool Has(std::string_view key) const { return Find(key) != nullptr; }
  std::optional<YamlValue> Get(std::string_view key) const;
  // The value of a key that must be present; the error names it and shows `example`.
  absl::StatusOr<YamlValue> Require(std::string_view key, std::string_view example) const;

  // Readers for optional keys: leave *out unchanged when the key is absent.
  absl::Status ReadString(std::string_view key, std::string* out) const;
  absl::Status ReadBool(std::string_view key, bool* out) const;
  absl::Status ReadDuration(std::string_view key, Nanos min, Nanos* out) const;
  absl::Status ReadProbabilityPpm(std::string_view key, uint32_t* out) const;
  template <typename Int>
  absl::Status ReadInteger(std::string_view key, int64_t min, int64_t max, Int* out) const {
    std::optional<YamlValue> v = Get(key);
    if (!v) return absl::OkStatus();
    absl::StatusOr<int64_t> n = v->Integer(min, max);
    if (!n.ok()) return n.status();
    *out = static_cast<Int>(*n);
    return absl::OkStatus();
  }

 private:
  explicit YamlMap(YamlValue self) : self_(std::move(self)) {}
  const Entry* Find(std::string_view key) const;

  YamlValue self_;
  std::vector<Entry> entries_;  // in file order
};

}  // namespace faultline::scenario

#endif  // FAULTLINE_SCENARIO_YAML_READER_H_
