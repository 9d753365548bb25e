#include "base/json_depth.h"

#include <gtest/gtest.h>

#include <string>

namespace faultline {
namespace {

TEST(JsonDepthTest, CountsArraysAndObjects) {
  EXPECT_EQ(FindJsonDepthOverflow("{\"a\":[1,{\"b\":2}]}", 3), std::string_view::npos);
  EXPECT_EQ(FindJsonDepthOverflow("{\"a\":[1,{\"b\":2}]}", 2), 8u);
  EXPECT_EQ(FindJsonDepthOverflow("[][][][]", 1), std::string_view::npos);
}

TEST(JsonDepthTest, IgnoresBracketsInStrings) {
  EXPECT_EQ(FindJsonDepthOverflow(R"({"v":"[[[[{{{{"})", 1), std::string_view::npos);
  EXPECT_EQ(FindJsonDepthOverflow(R"({"v":"\"[[[["})", 1), std::string_view::npos);
  EXPECT_EQ(FindJsonDepthOverflow(R"({"v":"\\","w":[[]]})", 2), 15u);
}

TEST(JsonDepthTest, DeepTextGivesLineError) {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  const absl::Status st = CheckJsonDepth(deep, {"h.jsonl", 7});
  EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(st.message().find("h.jsonl:7: expected JSON nested at most 128 levels deep"),
            std::string_view::npos)
      << st.message();
  EXPECT_TRUE(CheckJsonDepth("[[1]]", {"h.jsonl", 1}).ok());
}

TEST(JsonDepthTest, LineOfTheOverflowInAWholeFile) {
  const absl::Status st = CheckJsonDepth("{\n\"a\":\n[[[\n", {"r.json", 1}, 3);
  EXPECT_NE(st.message().find("r.json:3:"), std::string_view::npos) << st.message();
}

TEST(JsonDepthTest, StripsOneByteOrderMark) {
  EXPECT_EQ(StripUtf8Bom("\xEF\xBB\xBF{}"), "{}");
  EXPECT_EQ(StripUtf8Bom("{}"), "{}");
  EXPECT_EQ(StripUtf8Bom("\xEF\xBB"), "\xEF\xBB");
}

}  // namespace
}  // namespace faultline
