#include "sim/sub_context.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "sim/message.h"

namespace faultline::sim {
namespace {

struct Ping {
  static constexpr std::string_view kKind = "ping";
  int64_t n = 0;
  template <class V>
  void Fields(V& v) {
    v("n", n);
  }
};

// A parent context that records sends (with their namespace), timers and notes.
class RecordingContext final : public Context {
 public:
  struct Sent {
    EndpointId to;
    int space;
  };
  EndpointId self() const override { return 1; }
  const std::vector<EndpointId>& members() const override { return members_; }
  Nanos LocalNow() const override { return 0; }
  void SendMessage(EndpointId to, const MessageTypeInfo& type, AnyMessage body) override {
    SendInSpace(to, 0, type, std::move(body));
  }
  void SendInSpace(EndpointId to, int space, const MessageTypeInfo&, AnyMessage) override {
    sent.push_back({to, space});
  }
  TimerId SetTimer(Nanos, uint64_t) override { return next_timer++; }
  void CancelTimer(TimerId id) override { cancelled.push_back(id); }
  Rng& rng() override { return rng_; }
  Disk& disk() override { return disk_; }
  void Note(std::string text) override { notes.push_back(std::move(text)); }
  void Observe(Observation o) override { observations.push_back(std::move(o)); }

  std::vector<Sent> sent;
  std::vector<TimerId> cancelled;
  std::vector<std::string> notes;
  std::vector<Observation> observations;
  TimerId next_timer = 1;

 private:
  std::vector<EndpointId> members_ = {0, 1, 2, 3};
  Rng rng_{1};
  Disk disk_;
};

TEST(MessageKindsScopeTest, RegistersBelowTheScope) {
  MessageKinds kinds;
  {
    MessageKinds::Scope a(kinds, "a");
    EXPECT_EQ(kinds.info(kinds.Add<Ping>()).name, "a/ping");
    MessageKinds::Scope x(kinds, "x");
    EXPECT_EQ(kinds.Scoped(""), "a/x");
    EXPECT_EQ(kinds.info(kinds.Add<Ping>()).name, "a/x/ping");
  }
  EXPECT_EQ(kinds.info(kinds.Add<Ping>()).name, "ping");
  EXPECT_EQ(kinds.info(*kinds.Find("a/x/ping")).space, *kinds.FindSpace("a/x"));
  EXPECT_FALSE(kinds.FindSpace("x").has_value());
}

TEST(SubContextTest, SendsInItsNamespace) {
  RecordingContext parent;
  SubContext sub(parent, 3, "a", {0, 1, 2});
  EXPECT_EQ(sub.self(), 1);
  EXPECT_EQ(sub.node_count(), 3);
  sub.Send(2, Ping{1});
  ASSERT_EQ(parent.sent.size(), 1u);
  EXPECT_EQ(parent.sent[0].to, 2);
  EXPECT_EQ(parent.sent[0].space, 3);
  // A node outside the group (a router, the group's client) is reached in the same space.
  sub.Send(3, Ping{1});
  ASSERT_EQ(parent.sent.size(), 2u);
  EXPECT_EQ(parent.sent[1].to, 3);
  EXPECT_EQ(parent.sent[1].space, 3);
}

TEST(SubContextTest, NestedContextsNestNotesAndDisks) {
  RecordingContext parent;
  SubContext a(parent, 3, "a", {0, 1, 2});
  SubContext x(a, 4, "x", {1, 2});
  x.Send(2, Ping{1});
  EXPECT_EQ(parent.sent.at(0).space, 4);  // the inner namespace, through the outer context
  x.Note("hello");
  EXPECT_EQ(parent.notes, std::vector<std::string>{"[a] [x] hello"});
  x.disk().Put("count", Value::Int(5));
  EXPECT_FALSE(a.disk().Get("count").has_value());
  parent.disk().Sync();
  parent.disk().LoseUnsynced();
  EXPECT_EQ(parent.disk().Sub("a").Sub("x").Get("count"), Value::Int(5));
}

TEST(SubContextTest, RemembersItsTimersOnly) {
  RecordingContext parent;
  SubContext a(parent, 3, "a", {0, 1, 2});
  SubContext b(parent, 4, "b", {1, 2, 3});
  const TimerId ta = a.SetTimer(10, 0);
  const TimerId tb = b.SetTimer(10, 0);
  EXPECT_FALSE(a.TakeTimer(tb));
  EXPECT_TRUE(a.TakeTimer(ta));
  EXPECT_FALSE(a.TakeTimer(ta));  // taken once
  a.CancelTimer(tb);              // not a's: left alone
  EXPECT_TRUE(parent.cancelled.empty());
  b.CancelTimer(tb);
  EXPECT_EQ(parent.cancelled, std::vector<TimerId>{tb});
  EXPECT_FALSE(b.TakeTimer(tb));
}

}  // namespace
}  // namespace faultline::sim
