#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

#include "sim/history.h"
#include "sim/message.h"
#include "sim/trace.h"

namespace faultline::sim {
namespace {

// Collects what is written to a FILE* (open_memstream) and returns it as a string.
class MemFile {
 public:
  MemFile() : file_(open_memstream(&buf_, &size_)) {}
  ~MemFile() {
    if (file_ != nullptr) std::fclose(file_);
    std::free(buf_);
  }
  std::FILE* get() { return file_; }
  std::string Text() {
    std::fflush(file_);
    return std::string(buf_, size_);
  }

 private:
  char* buf_ = nullptr;
  size_t size_ = 0;
  std::FILE* file_;
};

struct Ping {
  static constexpr std::string_view kKind = "ping";
  template <class V>
  void Fields(V&) {}
};

struct Put {
  static constexpr std::string_view kKind = "put";
  static constexpr std::string_view kLabelFields[] = {"key", "value"};
  int64_t key = 0;
  Value value;
  std::vector<int64_t> extra;
  template <class V>
  void Fields(V& v) {
    v("key", key);
    v("value", value);
    if (!extra.empty()) v("extra", extra);
  }
};

class TraceTest : public ::testing::Test {
 protected:
  TraceTest() {
    ping_ = kinds_.Add<Ping>();
    put_ = kinds_.Add<Put>();
  }
  TraceRecord Send() const {
    TraceRecord r;
    r.time = 1500;
    r.type = TraceType::kSend;
    r.node = 0;
    r.peer = 2;
    r.msg_id = 7;
    r.kind = put_;
    r.body = &put_body_;
    return r;
  }
  uint64_t HashOf(const std::vector<TraceRecord>& records) const {
    Trace trace(&names_, &kinds_);
    for (const TraceRecord& r : records) trace.Record(r);
    return trace.hash();
  }

  std::vector<std::string> names_ = {"n1", "n2", "c1"};
  MessageKinds kinds_;
  MessageKind ping_ = 0;
  MessageKind put_ = 0;
  AnyMessage put_body_{Put{3, Value(), {}}};
  AnyMessage ping_body_{Ping{}};
  std::vector<AnyMessage> edited_;
};

TEST_F(TraceTest, SendSerialisesToExactJson) {
  MemFile file;
  Trace trace(&names_, &kinds_);
  trace.AttachFile(file.get());
  trace.Record(Send());
  EXPECT_EQ(file.Text(),
            "{\"i\":0,\"t\":1500,\"type\":\"send\",\"from\":\"n1\",\"to\":\"c1\",\"msg\":7,"
            "\"kind\":\"put\",\"body\":{\"key\":3,\"value\":null}}\n");
  EXPECT_EQ(trace.count(), 1u);
  EXPECT_FALSE(trace.write_failed());
}

// The kinds header names each kind's label fields (kLabelFields), and is no event: it is
// neither counted nor hashed, so declaring label fields never changes a trace hash.
TEST_F(TraceTest, KindsHeaderListsLabelFieldsOutsideTheHash) {
  MemFile file;
  Trace trace(&names_, &kinds_);
  trace.AttachFile(file.get());
  trace.WriteKinds();
  trace.Record(Send());
  const std::string text = file.Text();
  EXPECT_EQ(text.substr(0, text.find('\n')),
            R"({"type":"kinds","kinds":{"ping":{},"put":{"label":["key","value"]}}})");
  EXPECT_EQ(trace.count(), 1u);
  EXPECT_EQ(trace.hash(), HashOf({Send()}));
  EXPECT_NE(text.find("\n{\"i\":0,\"t\":1500,\"type\":\"send\""), std::string::npos);
}

TEST_F(TraceTest, OtherRecordTypesSerialiseTheirExtraFields) {
  MemFile file;
  Trace trace(&names_, &kinds_);
  trace.AttachFile(file.get());
  TraceRecord deliver = Send();
  deliver.type = TraceType::kDeliver;
  deliver.time = 2500;
  deliver.node = 2;  // recorded at the receiver; the text still reads sender -> receiver
  deliver.peer = 0;
  deliver.a = 1500;
  trace.Record(deliver);
  TraceRecord drop;
  drop.time = 3000;
  drop.type = TraceType::kDrop;
  drop.node = 1;
  drop.peer = 0;
  drop.msg_id = 8;
  drop.kind = ping_;
  drop.body = &ping_body_;
  drop.a = 2000;
  drop.text = "partition";
  trace.Record(drop);
  trace.Record({.time = 4000, .type = TraceType::kTimer, .node = 1, .a = 5, .text = ""});
  TraceRecord complete;
  complete.time = 5000;
  complete.type = TraceType::kComplete;
  complete.node = 2;
  complete.msg_id = 12;
  complete.a = 3;
  const sim::Op cas{"cas", Value::Str("k1"), Value::List({Value(), Value::Int(9)}), -1, ""};
  complete.op = &cas;
  complete.text = "ok";
  trace.Record(complete);
  trace.Record({.time = 6000, .type = TraceType::kHeal, .text = ""});
  trace.Record({.time = 7000, .type = TraceType::kNote, .node = 9, .text = "say \"hi\""});
  EXPECT_EQ(file.Text(),
            "{\"i\":0,\"t\":2500,\"type\":\"deliver\",\"from\":\"n1\",\"to\":\"c1\",\"msg\":7,"
            "\"kind\":\"put\",\"body\":{\"key\":3,\"value\":null},\"sent\":1500}\n"
            "{\"i\":1,\"t\":3000,\"type\":\"drop\",\"from\":\"n1\",\"to\":\"n2\",\"msg\":8,"
            "\"kind\":\"ping\",\"body\":{},\"sent\":2000,\"reason\":\"partition\"}\n"
            "{\"i\":2,\"t\":4000,\"type\":\"timer\",\"node\":\"n2\",\"tag\":5}\n"
            "{\"i\":3,\"t\":5000,\"type\":\"complete\",\"node\":\"c1\",\"op\":12,"
            "\"process\":3,\"f\":\"cas\",\"key\":\"k1\",\"value\":[null,9],"
            "\"outcome\":\"ok\"}\n"
            "{\"i\":4,\"t\":6000,\"type\":\"heal\"}\n"
            "{\"i\":5,\"t\":7000,\"type\":\"note\",\"node\":\"?\",\"text\":\"say \\\"hi\\\"\"}\n");
}

// Regression: endpoint names used to be written from a dangling view (garbage bytes).
// Names longer than the small-string buffer live on the heap, where garbage shows.
TEST_F(TraceTest, EndpointNamesAreWrittenIntact) {
  std::vector<std::string> names = {"node-with-a-rather-long-name-one",
                                    "client-with-a-rather-long-name-two"};
  MemFile file;
  Trace trace(&names, &kinds_);
  trace.AttachFile(file.get());
  TraceRecord r = Send();
  r.peer = 1;
  trace.Record(r);
  trace.Record({.time = 1, .type = TraceType::kCrash, .node = 1, .text = ""});
  const std::string text = file.Text();
  EXPECT_NE(text.find("\"from\":\"node-with-a-rather-long-name-one\",\"to\":\"client-with-a-"
                      "rather-long-name-two\""),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("\"node\":\"client-with-a-rather-long-name-two\""), std::string::npos)
      << text;
}

TEST_F(TraceTest, HashIsEqualForIdenticalSequences) {
  EXPECT_EQ(HashOf({Send(), Send()}), HashOf({Send(), Send()}));
  EXPECT_NE(HashOf({Send()}), HashOf({Send(), Send()}));
  EXPECT_NE(HashOf({}), HashOf({Send()}));
}

TEST_F(TraceTest, HashChangesWhenAnyFieldChanges) {
  const uint64_t base = HashOf({Send()});
  edited_ = {AnyMessage(Put{4, Value(), {}}), AnyMessage(Put{3, Value::Int(0), {}}),
             AnyMessage(Put{3, Value::Str(""), {}}), AnyMessage(Put{3, Value(), {0}})};
  const std::vector<std::function<void(TraceRecord&)>> edits = {
      [](TraceRecord& r) { r.time += 1; },
      [](TraceRecord& r) { r.type = TraceType::kDeliver; },
      [](TraceRecord& r) { r.node = 1; },
      [](TraceRecord& r) { r.peer = 1; },
      [](TraceRecord& r) { r.msg_id = 8; },
      [&](TraceRecord& r) { r.kind = ping_; },
      [](TraceRecord& r) { r.body = nullptr; },
      [&](TraceRecord& r) { r.body = &edited_[0]; },
      [&](TraceRecord& r) { r.body = &edited_[1]; },
      [&](TraceRecord& r) { r.body = &edited_[2]; },
      [&](TraceRecord& r) { r.body = &edited_[3]; },
      [](TraceRecord& r) { r.a = 1; },
      [](TraceRecord& r) { r.text = "x"; },
  };
  for (size_t i = 0; i < edits.size(); ++i) {
    TraceRecord r = Send();
    edits[i](r);
    EXPECT_NE(HashOf({r}), base) << "edit " << i;
  }
  TraceRecord a = Send(), b = Send();
  a.text = "abcdefgh1";
  b.text = "abcdefgh2";
  EXPECT_NE(HashOf({a}), HashOf({b}));  // text past the first 8-byte word counts too
  TraceRecord first = Send(), second = Send();
  second.time += 10;
  EXPECT_NE(HashOf({first, second}), HashOf({second, first}));  // order counts
}

TEST_F(TraceTest, HashDoesNotDependOnAttachedFile) {
  MemFile file;
  Trace with_file(&names_, &kinds_);
  with_file.AttachFile(file.get());
  Trace without_file(&names_, &kinds_);
  for (Trace* t : {&with_file, &without_file}) {
    t->Record(Send());
    t->Record({.time = 9, .type = TraceType::kNote, .text = "phase"});
  }
  EXPECT_EQ(with_file.hash(), without_file.hash());
  EXPECT_EQ(with_file.count(), 2u);
  EXPECT_FALSE(file.Text().empty());
}

TEST(TraceTypeNameTest, NamesEveryType) {
  EXPECT_EQ(TraceTypeName(TraceType::kStart), "start");
  EXPECT_EQ(TraceTypeName(TraceType::kDuplicate), "duplicate");
  EXPECT_EQ(TraceTypeName(TraceType::kInvoke), "invoke");
  EXPECT_EQ(TraceTypeName(TraceType::kNote), "note");
}

TEST(HistoryWriterTest, WritesExactLines) {
  MemFile file;
  HistoryWriter writer(file.get());
  const Op write{"write", Value::Str("k1"), Value::Int(5), -1, ""};
  const Op read{"read", Value::Str("k2"), Value(), -1, ""};
  const Op cas{"cas", Value::Str("k0"), Value::List({Value::Int(8), Value::Int(9)}), -1, ""};
  const Op acquire{"acquire", Value::Int(7), Value(), -1, ""};
  const Value token = Value::Int(33);
  writer.Append({1200000, 3, 1, "c4", HistoryType::kInvoke, &write, nullptr});
  writer.Append({1300000, 3, 1, "c4", HistoryType::kOk, &write, nullptr});
  writer.Append({1400000, 4, 2, "c1", HistoryType::kOk, &read, nullptr});
  writer.Append({1500000, 5, 3, "c2", HistoryType::kFail, &cas, nullptr});
  writer.Append({1600000, 6, 4, "c3", HistoryType::kOk, &acquire, &token});
  EXPECT_EQ(file.Text(),
            "{\"index\":0,\"time\":1200000,\"process\":3,\"client\":\"c4\",\"op\":1,"
            "\"type\":\"invoke\",\"f\":\"write\",\"key\":\"k1\",\"value\":5}\n"
            "{\"index\":1,\"time\":1300000,\"process\":3,\"client\":\"c4\",\"op\":1,"
            "\"type\":\"ok\",\"f\":\"write\",\"key\":\"k1\",\"value\":5}\n"
            "{\"index\":2,\"time\":1400000,\"process\":4,\"client\":\"c1\",\"op\":2,"
            "\"type\":\"ok\",\"f\":\"read\",\"key\":\"k2\",\"value\":null}\n"
            "{\"index\":3,\"time\":1500000,\"process\":5,\"client\":\"c2\",\"op\":3,"
            "\"type\":\"fail\",\"f\":\"cas\",\"key\":\"k0\",\"value\":[8,9]}\n"
            "{\"index\":4,\"time\":1600000,\"process\":6,\"client\":\"c3\",\"op\":4,"
            "\"type\":\"ok\",\"f\":\"acquire\",\"key\":7,\"value\":33}\n");
  EXPECT_EQ(writer.count(), 5u);
  EXPECT_FALSE(writer.write_failed());
}

TEST(HistoryWriterTest, WritesObservationsBetweenOps) {
  MemFile file;
  HistoryWriter writer(file.get());
  const Op send{"send", Value::Str("e7"), Value::Int(3), -1, ""};
  writer.Append({100, 0, 1, "c1", HistoryType::kInvoke, &send, nullptr});
  writer.AppendObservation(
      250, "n5",
      Observation{.f = "apply",
                  .key = Value::Str("e7"),
                  .value = Value::Int(3),
                  .detail = {{"consumer", Value::Str("n2")}, {"deliveries", Value::Int(2)}}});
  writer.AppendObservation(300, "n1", Observation{.f = "dead-letter", .key = Value::Str("e\"1"),
                                                  .value = Value::Nil(), .detail = {}});
  EXPECT_EQ(file.Text(),
            "{\"index\":0,\"time\":100,\"process\":0,\"client\":\"c1\",\"op\":1,"
            "\"type\":\"invoke\",\"f\":\"send\",\"key\":\"e7\",\"value\":3}\n"
            "{\"index\":1,\"time\":250,\"node\":\"n5\",\"type\":\"observe\",\"f\":\"apply\","
            "\"key\":\"e7\",\"value\":3,\"detail\":{\"consumer\":\"n2\",\"deliveries\":2}}\n"
            "{\"index\":2,\"time\":300,\"node\":\"n1\",\"type\":\"observe\","
            "\"f\":\"dead-letter\",\"key\":\"e\\\"1\",\"value\":null}\n");
  EXPECT_EQ(writer.count(), 3u);
}

TEST(HistoryWriterTest, CountsWithoutAFile) {
  HistoryWriter writer(nullptr);
  const Op read{"read", Value::Str("k0"), Value(), -1, ""};
  writer.Append({0, 0, 1, "c1", HistoryType::kInvoke, &read, nullptr});
  writer.Append({1, 0, 1, "c1", HistoryType::kOk, &read, nullptr});
  EXPECT_EQ(writer.count(), 2u);
}

}  // namespace
}  // namespace faultline::sim
