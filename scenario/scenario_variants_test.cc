// The `variants:` section: read in file order as --set strings, its shape checked by every
// load, and errors located at the variant.
#include <gtest/gtest.h>

#include "scenario/scenario_loader.h"
#include "scenario/scenario_loader_test_util.h"

namespace faultline::scenario {
namespace {

using namespace loader_testing;  // NOLINT: the shared fixture and its names

TEST_F(ScenarioLoaderTest, VariantsAreOverridesInFileOrder) {
  const std::string text = std::string(kMinimal) + R"(variants:
  sync: {cluster.params.replication: sync, workload.timeout: 1s}
  async:
    cluster.params.replication: async
    workload.ops: {read: 0.5, write: 0.5}
)";
  ASSERT_TRUE(Load(text).ok()) << Load(text).status();
  absl::StatusOr<std::vector<ScenarioVariant>> v = LoadScenarioVariants(text, "test.yaml");
  ASSERT_TRUE(v.ok()) << v.status();
  ASSERT_EQ(v->size(), 2u);
  EXPECT_EQ((*v)[0].name, "sync");
  EXPECT_EQ((*v)[0].overrides,
            (std::vector<std::string>{"cluster.params.replication=sync", "workload.timeout=1s"}));
  EXPECT_EQ((*v)[1].name, "async");
  EXPECT_EQ((*v)[1].overrides[1], "workload.ops={read: 0.5, write: 0.5}");
  // Each variant's overrides load as --set would.
  EXPECT_TRUE(Load(text, (*v)[1].overrides).ok());
}

TEST_F(ScenarioLoaderTest, NoVariantsSectionIsEmpty) {
  absl::StatusOr<std::vector<ScenarioVariant>> v = LoadScenarioVariants(kMinimal, "test.yaml");
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->empty());
}

TEST_F(ScenarioLoaderTest, VariantErrors) {
  const std::string base(kMinimal);
  EXPECT_EQ(LoadError(base + "variants: {}\n"),
            "test.yaml:5:1: variants: no variants; write variants: {NAME: {PATH: VALUE}, ...}, "
            "e.g. variants: {sync: {cluster.params.replication: sync}}");
  EXPECT_NE(
      LoadError(base + "variants: {a/b: {x: 1}}\n").find("variant name 'a/b' is not a plain name"),
      std::string::npos);
  EXPECT_NE(LoadError(base + "variants: {a: [1]}\n").find("variants.a"), std::string::npos);
  EXPECT_NE(LoadError(base + "variants: {a: {x..y: 1}}\n").find("'x..y' is not a scenario path"),
            std::string::npos);
  EXPECT_NE(LoadError(base + "variants: {a: {cluster.nodes: }}\n").find("no value"),
            std::string::npos);
  EXPECT_NE(LoadError(base + "variants: [a]\n").find("variants"), std::string::npos);
}

TEST(VariantNameTest, PlainNamesOnly) {
  EXPECT_TRUE(IsVariantName("sync-2.b_x"));
  EXPECT_FALSE(IsVariantName(""));
  EXPECT_FALSE(IsVariantName("a b"));
  EXPECT_FALSE(IsVariantName("../x"));
  EXPECT_FALSE(IsVariantName(std::string(61, 'a')));
}

}  // namespace
}  // namespace faultline::scenario
