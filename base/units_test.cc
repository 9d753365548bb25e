#include "base/units.h"

#include <gtest/gtest.h>

#include "base/suggest.h"

namespace faultline {
namespace {

TEST(ParseDurationTest, AcceptsEveryUnit) {
  EXPECT_EQ(*ParseDuration("5ns"), 5);
  EXPECT_EQ(*ParseDuration("10us"), 10 * kMicrosecond);
  EXPECT_EQ(*ParseDuration("250ms"), 250 * kMillisecond);
  EXPECT_EQ(*ParseDuration("2s"), 2 * kSecond);
  EXPECT_EQ(*ParseDuration("1m"), kMinute);
  EXPECT_EQ(*ParseDuration("2h"), 2 * kHour);
  EXPECT_EQ(*ParseDuration("0s"), 0);
  EXPECT_EQ(*ParseDuration("-20ms"), -20 * kMillisecond);
}

TEST(ParseDurationTest, FractionsAreExact) {
  EXPECT_EQ(*ParseDuration("1.5ms"), 1'500'000);
  EXPECT_EQ(*ParseDuration("1.5s"), 1'500'000'000);
  EXPECT_EQ(*ParseDuration("0.1s"), 100'000'000);
  EXPECT_EQ(*ParseDuration("0.001us"), 1);
  EXPECT_EQ(*ParseDuration("1.25m"), 75 * kSecond);
  EXPECT_EQ(*ParseDuration("0.000000001s"), 1);
  EXPECT_EQ(*ParseDuration("1.500ms"), 1'500'000);
}

TEST(ParseDurationTest, RejectsMissingUnitsAndJunk) {
  for (const char* bad : {"0", "250", "1.5", "", "ms", "5 ms", "5msx", "1.ms", ".5s", "5sec",
                          "1e3ms", "nan", "0.5ns", "0.0001us", "--1s", "9999999999999999999s"}) {
    absl::StatusOr<Nanos> d = ParseDuration(bad);
    EXPECT_FALSE(d.ok()) << bad;
    EXPECT_EQ(d.status().code(), absl::StatusCode::kInvalidArgument) << bad;
  }
  EXPECT_NE(ParseDuration("250").status().message().find("like 250ms or 2s"),
            absl::string_view::npos);
}

TEST(ParseDurationTest, RejectsOverflowAndCapsAt1000Hours) {
  EXPECT_FALSE(ParseDuration("3000000h").ok());
  EXPECT_FALSE(ParseDuration("1000h1ns").ok());
  EXPECT_FALSE(ParseDuration("1001h").ok());
  EXPECT_FALSE(ParseDuration("3600000001ms").ok());
  EXPECT_TRUE(ParseDuration("1000h").ok());
  EXPECT_EQ(*ParseDuration("1000h"), kMaxDuration);
}

TEST(ParseByteSizeTest, DecimalAndBinaryUnits) {
  EXPECT_EQ(*ParseByteSize("0B"), 0u);
  EXPECT_EQ(*ParseByteSize("1024B"), 1024u);
  EXPECT_EQ(*ParseByteSize("1KB"), 1'000u);
  EXPECT_EQ(*ParseByteSize("512MB"), 512'000'000u);
  EXPECT_EQ(*ParseByteSize("3GB"), 3'000'000'000u);
  EXPECT_EQ(*ParseByteSize("2TB"), 2'000'000'000'000u);
  EXPECT_EQ(*ParseByteSize("1KiB"), 1024u);
  EXPECT_EQ(*ParseByteSize("512MiB"), uint64_t{512} << 20);
  EXPECT_EQ(*ParseByteSize("2GiB"), uint64_t{2} << 30);
  EXPECT_EQ(*ParseByteSize("1TiB"), uint64_t{1} << 40);
  EXPECT_EQ(*ParseByteSize("64kb"), 64'000u);
  EXPECT_EQ(*ParseByteSize("1gib"), uint64_t{1} << 30);
}

TEST(ParseByteSizeTest, FractionsMustBeWholeBytes) {
  EXPECT_EQ(*ParseByteSize("1.5GiB"), uint64_t{3} << 29);
  EXPECT_EQ(*ParseByteSize("0.5KB"), 500u);
  EXPECT_EQ(*ParseByteSize("0.25KiB"), 256u);
  EXPECT_EQ(*ParseByteSize("0.001KB"), 1u);
  EXPECT_FALSE(ParseByteSize("0.1KiB").ok());  // 102.4 bytes
  EXPECT_FALSE(ParseByteSize("1.5B").ok());
  EXPECT_FALSE(ParseByteSize("0.0001KB").ok());
}

TEST(ParseByteSizeTest, RejectsMissingUnitsJunkAndOverflow) {
  for (const char* bad : {"", "512", "MB", "-1MB", "1 MB", "1MBB", "1M", "1.MB", ".5GB", "1e3MB",
                          "16777216TiB", "99999999999999999999B", "1.0000000000001TB"}) {
    absl::StatusOr<uint64_t> s = ParseByteSize(bad);
    EXPECT_FALSE(s.ok()) << bad;
    EXPECT_EQ(s.status().code(), absl::StatusCode::kInvalidArgument) << bad;
  }
  EXPECT_NE(ParseByteSize("512").status().message().find("like 512MB or 2GiB"),
            absl::string_view::npos);
  EXPECT_EQ(*ParseByteSize("16777215TiB"), uint64_t{16777215} << 40);
}

TEST(ParseRateTest, RejectsRatesOutsideOnePerHourToOneBillionPerSecond) {
  EXPECT_FALSE(ParseRate("0.5/h").ok());
  EXPECT_FALSE(ParseRate("2/ns").ok());
  EXPECT_TRUE(ParseRate("1/h").ok());
  EXPECT_TRUE(ParseRate("1/ns").ok());
}

TEST(ParseRateTest, ConvertsToPerSecond) {
  EXPECT_DOUBLE_EQ(*ParseRate("200/s"), 200);
  EXPECT_DOUBLE_EQ(*ParseRate("5/ms"), 5000);
  EXPECT_DOUBLE_EQ(*ParseRate("10/m"), 10.0 / 60);
  EXPECT_DOUBLE_EQ(*ParseRate("0.5/s"), 0.5);
  for (const char* bad : {"200", "200/", "/s", "-1/s", "200/sec", "x/s", "200 /s"}) {
    EXPECT_FALSE(ParseRate(bad).ok()) << bad;
  }
}

TEST(ParseProbabilityTest, PartsPerMillion) {
  EXPECT_EQ(*ParseProbabilityPpm("0"), 0u);
  EXPECT_EQ(*ParseProbabilityPpm("1"), 1'000'000u);
  EXPECT_EQ(*ParseProbabilityPpm("1.0"), 1'000'000u);
  EXPECT_EQ(*ParseProbabilityPpm("0.01"), 10'000u);
  EXPECT_EQ(*ParseProbabilityPpm("0.1"), 100'000u);
  EXPECT_EQ(*ParseProbabilityPpm("0.000001"), 1u);
  EXPECT_EQ(*ParseProbabilityPpm("0.5000000"), 500'000u);
  for (const char* bad : {"-0.1", "1.01", "2", "nan", "NaN", ".5", "1e-3", "0.0000001", "50%"}) {
    EXPECT_FALSE(ParseProbabilityPpm(bad).ok()) << bad;
  }
}

TEST(ParseNumberTest, DecimalsAndIntegers) {
  EXPECT_DOUBLE_EQ(*ParseDecimal("-100"), -100);
  EXPECT_DOUBLE_EQ(*ParseDecimal("0.99"), 0.99);
  EXPECT_FALSE(ParseDecimal("1e5").ok());
  EXPECT_FALSE(ParseDecimal("inf").ok());
  EXPECT_EQ(*ParseInteger("42"), 42);
  EXPECT_EQ(*ParseInteger("-7"), -7);
  EXPECT_FALSE(ParseInteger("3.0").ok());
  EXPECT_FALSE(ParseInteger("three").ok());
  EXPECT_FALSE(ParseInteger("99999999999999999999").ok());
}

TEST(SuggestTest, FindsCloseNames) {
  EXPECT_EQ(EditDistance("kitten", "sitting"), 3);
  EXPECT_EQ(EditDistance("nodse", "nodes"), 1);
  EXPECT_EQ(EditDistance("", "abc"), 3);
  EXPECT_EQ(Suggest("clustr", {"cluster", "clocks"}), "cluster");
  EXPECT_EQ(Suggest("durration", {"duration", "description"}), "duration");
  EXPECT_EQ(Suggest("xyz", {"cluster", "clocks"}), "");
  EXPECT_EQ(DidYouMean("nodse", {"nodes"}), "did you mean 'nodes'?");
}

}  // namespace
}  // namespace faultline
