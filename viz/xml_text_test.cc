#include "viz/xml_text.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

namespace faultline::viz {
namespace {

TEST(XmlTextTest, EscapesMarkupAndBothQuotes) {
  EXPECT_EQ(XmlEscaped("a < b && c > \"d\" 'e'"),
            "a &lt; b &amp;&amp; c &gt; &quot;d&quot; &#39;e&#39;");
  EXPECT_EQ(XmlEscaped("plain"), "plain");
  EXPECT_EQ(XmlEscaped(""), "");
}

TEST(XmlTextTest, KeepsValidUtf8AndNewlines) {
  EXPECT_EQ(XmlEscaped("\xE2\x86\x92 caf\xC3\xA9 \xF0\x9F\x98\x80"),
            "\xE2\x86\x92 caf\xC3\xA9 \xF0\x9F\x98\x80");
  EXPECT_EQ(XmlEscaped("a\nb"), "a\nb");
}

TEST(XmlTextTest, ReplacesWhatXmlCannotHold) {
  const std::string r = "\xEF\xBF\xBD";  // U+FFFD
  EXPECT_EQ(XmlEscaped(std::string("nul\0!", 5)), "nul !");
  EXPECT_EQ(XmlEscaped("bell\x07 del\x7F"), "bell  del ");
  EXPECT_EQ(XmlEscaped("\xFF\xFE"), r + r);                            // not UTF-8
  EXPECT_EQ(XmlEscaped("cut \xE2\x86"), "cut " + r + r);               // truncated sequence
  EXPECT_EQ(XmlEscaped("\xC0\xAF"), r + r);                            // overlong '/'
  EXPECT_EQ(XmlEscaped("\xEF\xBF\xBF<\xEF\xBF\xBE"), r + "&lt;" + r);  // U+FFFF, U+FFFE
  EXPECT_EQ(XmlEscaped("\xEF\xBF\xBD\xEF\xAC\x80"), "\xEF\xBF\xBD\xEF\xAC\x80");  // kept
}

TEST(XmlTextTest, CountsCharactersNotBytes) {
  EXPECT_EQ(Utf8Length("\xE2\x86\x92x"), 2);
  EXPECT_EQ(Utf8Length(""), 0);
  EXPECT_EQ(Utf8Length("caf\xC3\xA9"), 4);
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
