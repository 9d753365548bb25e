#include "viz/xml_text.h"

#include <gtest/gtest.h>

#include <string>

namespace faultline::viz {
namespace {

TEST(XmlTextTest, EscapesMarkupAndBothQuotes) {
  EXPECT_EQ(XmlEscaped("a < b && c > \"d\" 'e'"),
            "a &lt; b &amp;&amp; c &gt; &quot;d&quot; &#39;e&#39;");
  EXPECT_EQ(XmlEscaped("plain"), "plain");
  EXPECT_EQ(XmlEscaped(""), "");
}

TEST(XmlTextTest, KeepsValidUtf8AndWhitespace) {
  EXPECT_EQ(XmlEscaped("\xE2\x86\x92 caf\xC3\xA9 \xF0\x9F\x98\x80"),
            "\xE2\x86\x92 caf\xC3\xA9 \xF0\x9F\x98\x80");
  EXPECT_EQ(XmlEscaped("a\tb\nc\rd"), "a\tb\nc\rd");
}

TEST(XmlTextTest, ReplacesWhatXmlCannotHold) {
  EXPECT_EQ(XmlEscaped(std::string("nul\0!", 5)), "nul?!");
  EXPECT_EQ(XmlEscaped("bell\x07 del\x7F"), "bell? del?");
  EXPECT_EQ(XmlEscaped("\xFF\xFE"), "??");            // not UTF-8
  EXPECT_EQ(XmlEscaped("cut \xE2\x86"), "cut ??");    // truncated sequence
  EXPECT_EQ(XmlEscaped("\xC0\xAF"), "??");            // overlong '/'
  EXPECT_EQ(XmlEscaped("\xED\xA0\x80"), "???");       // UTF-16 surrogate
  EXPECT_EQ(XmlEscaped("\xEF\xBF\xBF"), "?");         // U+FFFF
  EXPECT_EQ(XmlEscaped("\xF4\x90\x80\x80"), "????");  // above U+10FFFF
}

TEST(XmlTextTest, EllipsizeCountsCharactersNotBytes) {
  EXPECT_EQ(Ellipsize("short", 10), "short");
  EXPECT_EQ(Ellipsize("replicate seq=4", 8), "replica\xE2\x80\xA6");
  EXPECT_EQ(Utf8Length(Ellipsize("replicate seq=4", 8)), 8);
  EXPECT_EQ(Ellipsize("\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9", 3), "\xC3\xA9\xC3\xA9\xE2\x80\xA6");
  EXPECT_EQ(Ellipsize("abc", 1), "\xE2\x80\xA6");
  EXPECT_EQ(Utf8Length("\xE2\x86\x92x"), 2);
}

TEST(XmlTextTest, TenthsAreExactDecimals) {
  const auto tenths = [](int64_t v) {
    std::string s;
    AppendTenths(&s, v);
    return s;
  };
  EXPECT_EQ(tenths(0), "0");
  EXPECT_EQ(tenths(1234), "123.4");
  EXPECT_EQ(tenths(120), "12");
  EXPECT_EQ(tenths(-5), "-0.5");
  EXPECT_EQ(tenths(-120), "-12");
  EXPECT_EQ(tenths(INT64_MIN), "-922337203685477580.8");
}

}  // namespace
}  // namespace faultline::viz
