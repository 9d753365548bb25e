// Arrow labels: the model's declared label fields, and the guess for traces without them.
#include "viz/internal/diagram_text.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace faultline::viz::internal {
namespace {

TEST(ArrowLabelTest, DeclaredFieldsSayTheValueAndTheEpoch) {
  const std::vector<std::string> replicate = {"key", "value", "epoch", "seq"};
  EXPECT_EQ(ArrowLabel("replicate", R"({"epoch":2,"seq":41,"key":"k3","value":536})", &replicate),
            "replicate k3=536 epoch=2 seq=41");
  // A null value is left out; the key keeps its name then.
  const std::vector<std::string> req = {"op", "key", "value"};
  EXPECT_EQ(ArrowLabel("client.req", R"({"op":7,"f":"read","key":"k0","value":null})", &req),
            "client.req op=7 key=k0");
  const std::vector<std::string> reply = {"op", "value"};
  EXPECT_EQ(ArrowLabel("client.reply", R"({"op":7,"ok":true,"value":261,"leader":0})", &reply),
            "client.reply op=7 value=261");
}

TEST(ArrowLabelTest, APathThroughAListTakesEveryElementsField) {
  const std::vector<std::string> fields = {"term", "entries.value"};
  EXPECT_EQ(ArrowLabel("append_entries",
                       R"({"term":3,"entries":[{"term":3,"value":5},{"term":3,"value":null},)"
                       R"({"term":3,"value":7}],"seq":9})",
                       &fields),
            "append_entries term=3 value=[5,7]");
  // No entries (a heartbeat append): the list is left out, not shown empty.
  EXPECT_EQ(ArrowLabel("append_entries", R"({"term":3,"entries":[]})", &fields),
            "append_entries term=3");
  // A declared field the body lacks is left out.
  const std::vector<std::string> missing = {"nope", "term"};
  EXPECT_EQ(ArrowLabel("x", R"({"term":1})", &missing), "x term=1");
}

TEST(ArrowLabelTest, WithoutDeclarationsTheTellingFieldKeyAndValue) {
  EXPECT_EQ(ArrowLabel("replicate", R"({"epoch":1,"seq":4,"key":2,"value":9})"),
            "replicate seq=4 key=2 value=9");
  EXPECT_EQ(ArrowLabel("heartbeat", R"({"epoch":1,"primary":0})"), "heartbeat epoch=1");
  const std::vector<std::string> none;
  EXPECT_EQ(ArrowLabel("ping", R"({"hops":3})", &none), "ping hops=3");
  EXPECT_EQ(ArrowLabel("ping", "not json"), "ping");
}

}  // namespace
}  // namespace faultline::viz::internal
