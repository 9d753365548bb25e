#include "base/json_string.h"

#include <gtest/gtest.h>

#include <string>

namespace faultline {
namespace {

TEST(AppendJsonStringTest, EscapesSpecialCharacters) {
  std::string out = "x=";
  AppendJsonString(out, "a\"b\\c\nd\te\x01\x1f\r");
  EXPECT_EQ(out, "x=\"a\\\"b\\\\c\\nd\\te\\u0001\\u001f\\u000d\"");
  std::string plain;
  AppendJsonString(plain, "");
  EXPECT_EQ(plain, "\"\"");
  std::string utf8;
  AppendJsonString(utf8, "\xc3\xa9/\x7f");  // non-ASCII bytes and DEL pass through
  EXPECT_EQ(utf8, "\"\xc3\xa9/\x7f\"");
  std::string nul;
  AppendJsonString(nul, std::string_view("a\0b", 3));
  EXPECT_EQ(nul, "\"a\\u0000b\"");
}

}  // namespace
}  // namespace faultline
