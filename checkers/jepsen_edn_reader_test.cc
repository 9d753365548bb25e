// The jepsen-edn reader (read_jepsen_edn.cc, internal/edn.cc): valid histories in every
// shape Jepsen writes, and every error it gives, with FILE:LINE:COLUMN.
#include <gtest/gtest.h>

#include <string>

#include "absl/strings/str_cat.h"
#include "checkers/history_reader.h"

namespace faultline::checkers {
namespace {

absl::StatusOr<History> Read(std::string_view text, HistoryFormat f = HistoryFormat::kJepsenEdn) {
  return ReadHistoryText(text, "h.edn", f);
}

TEST(JepsenEdnReaderTest, FormatName) {
  EXPECT_EQ(*ParseHistoryFormat("jepsen-edn"), HistoryFormat::kJepsenEdn);
  EXPECT_EQ(HistoryFormatName(HistoryFormat::kJepsenEdn), "jepsen-edn");
}

TEST(JepsenEdnReaderTest, VectorOfOpsOverManyLinesWithComments) {
  const char* text =
      "; a comment before the history\n"
      "[{:process 0, :type :invoke, :f :write, :value 2}\n"
      " {:process 0, :type :ok, :f :write, :value 2} ; a comment after an op\n"
      " {:process 1 :type :invoke :f :cas :value [2 3]}\n"
      " {:process 1,\n"
      "  :type :fail,\n"
      "  :f :cas, :value [2 3], :error :mismatch, :index 3}\n"
      " {:process 2, :type :invoke, :f :read, :value nil}\n"
      " {:process 2, :type :ok, :f :read, :value 2}\n"
      " {:process 3, :type :invoke, :f :read, :value nil}]\n";
  absl::StatusOr<History> h = Read(text, HistoryFormat::kAuto);
  ASSERT_TRUE(h.ok()) << h.status();
  EXPECT_EQ(h->format, "jepsen-edn");
  ASSERT_EQ(h->ops.size(), 4u);
  const Operation& w = h->ops[0];
  EXPECT_EQ(w.process, 0);
  EXPECT_EQ(w.f, "write");
  EXPECT_EQ(w.key, "");  // no keys: one register
  EXPECT_EQ(w.input, Value::Int(2));
  EXPECT_EQ(w.status, Status::kOk);
  EXPECT_EQ(w.line, 2);
  // Without :time the ops' positions are their times.
  EXPECT_EQ(w.call, 1);
  EXPECT_EQ(w.ret, 2);
  const Operation& cas = h->ops[1];
  EXPECT_EQ(cas.f, "cas");
  EXPECT_EQ(cas.input, Value::Int(2));
  EXPECT_EQ(cas.input2, Value::Int(3));
  EXPECT_EQ(cas.status, Status::kFail);
  EXPECT_EQ(cas.line, 4);
  EXPECT_EQ(h->ops[2].output, Value::Int(2));
  EXPECT_EQ(h->ops[3].status, Status::kInfo);  // never completed
  EXPECT_EQ(h->ops[3].ret, kOpenEnded);
  EXPECT_TRUE(h->notes.empty());
}

TEST(JepsenEdnReaderTest, ListsVectorsAndBareMapsReadAlike) {
  const std::string ops =
      "{:process 0, :type :invoke, :f :write, :value 1}\n"
      "{:process 0, :type :ok, :f :write, :value 1}\n";
  for (const std::string& text : {absl::StrCat("[", ops, "]"), absl::StrCat("(", ops, ")"), ops}) {
    absl::StatusOr<History> h = Read(text);
    ASSERT_TRUE(h.ok()) << h.status() << "\n" << text;
    ASSERT_EQ(h->ops.size(), 1u);
    EXPECT_EQ(h->ops[0].input, Value::Int(1));
  }
  // Auto-detection picks jepsen-edn for all three: bare maps start like porcupine-kv
  // lines, but those always have a :key.
  for (const std::string& text : {absl::StrCat("(", ops, ")"), ops}) {
    EXPECT_EQ(Read(text, HistoryFormat::kAuto)->format, "jepsen-edn") << text;
  }
  EXPECT_EQ(
      Read("{:process 0, :type :invoke, :f :get, :key \"1\", :value nil}", HistoryFormat::kAuto)
          ->format,
      "porcupine-kv");
}

TEST(JepsenEdnReaderTest, EmptyHistories) {
  for (const char* text : {"", "[]", "()", "  ; only a comment\n", "[\n]\n"}) {
    absl::StatusOr<History> h = Read(text);
    ASSERT_TRUE(h.ok()) << h.status() << "\n" << text;
    EXPECT_TRUE(h->ops.empty());
  }
}

TEST(JepsenEdnReaderTest, TimesAreCallAndReturnTimes) {
  absl::StatusOr<History> h = Read(
      "[{:process 0, :type :invoke, :f :write, :value 1, :time 1500}\n"
      " {:process 0, :type :ok, :f :write, :value 1, :time 2500}]");
  ASSERT_TRUE(h.ok()) << h.status();
  ASSERT_EQ(h->ops.size(), 1u);
  EXPECT_EQ(h->ops[0].call, 1500);
  EXPECT_EQ(h->ops[0].ret, 2500);
}

TEST(JepsenEdnReaderTest, NemesisOpsAreSkippedWithANote) {
  absl::StatusOr<History> h = Read(
      "[{:process :nemesis, :type :info, :f :start, :value nil}\n"
      " {:process 0, :type :invoke, :f :read, :value nil}\n"
      " {:process :nemesis, :type :info, :f :start, :value {\"n1\" [\"n2\" \"n3\"]}}\n"
      " {:process 0, :type :ok, :f :read, :value 3}\n"
      " {:process \"clock\", :type :info, :f :bump, :value #{1 2}}]");
  ASSERT_TRUE(h.ok()) << h.status();
  ASSERT_EQ(h->ops.size(), 1u);
  ASSERT_EQ(h->notes.size(), 1u);
  EXPECT_NE(h->notes[0].find("3 ops with a non-integer :process"), std::string::npos)
      << h->notes[0];
}

TEST(JepsenEdnReaderTest, IndependentKeysFromTuples) {
  absl::StatusOr<History> h = Read(
      "[{:process 0, :type :invoke, :f :cas, :value [3 [1 2]]}\n"
      " {:process 1, :type :invoke, :f :write, :value [:k \"x\"]}\n"
      " {:process 2, :type :invoke, :f :read, :value [\"s\" nil]}\n"
      " {:process 0, :type :ok, :f :cas, :value [3 [1 2]]}\n"
      " {:process 1, :type :ok, :f :write, :value [:k \"x\"]}\n"
      " {:process 2, :type :ok, :f :read, :value [\"s\" 7]}]");
  ASSERT_TRUE(h.ok()) << h.status();
  ASSERT_EQ(h->ops.size(), 3u);
  EXPECT_EQ(h->ops[0].key, "3");
  EXPECT_EQ(h->ops[0].input, Value::Int(1));
  EXPECT_EQ(h->ops[0].input2, Value::Int(2));
  EXPECT_EQ(h->ops[1].key, ":k");
  EXPECT_EQ(h->ops[1].input, Value::Str("x"));
  EXPECT_EQ(h->ops[2].key, "s");
  EXPECT_EQ(h->ops[2].output, Value::Int(7));
}

TEST(JepsenEdnReaderTest, EdnSyntaxItIgnores) {
  // Extra keys of any EDN type, discards, tags, sets, characters, big numbers and
  // escapes in strings all parse; only the fields the checker uses are checked.
  absl::StatusOr<History> h = Read(
      "[#_ {:process 9, :broken true}\n"
      " {:process 0, :type :invoke, :f :write, :value \"a\\\"b\\u00e9\", :node #inst "
      "\"2024-01-01\", :x ##Inf, :big 123456789012345678901234567890N, :c \\a, :ok? true,"
      " :s #{:a :b}, :y 1.5e3, :l (1 2)}\n"
      " {:process 0, :type :ok, :f :write, :value \"a\\\"b\\u00e9\"} #_ #_ 1 2]");
  ASSERT_TRUE(h.ok()) << h.status();
  ASSERT_EQ(h->ops.size(), 1u);
  EXPECT_EQ(h->ops[0].input, Value::Str("a\"b\xc3\xa9"));
}

TEST(JepsenEdnReaderTest, ErrorsNameLineAndColumn) {
  const std::string invoke = "{:process 0, :type :invoke, :f :write, :value 1}";
  struct Case {
    std::string text;
    const char* message;
  };
  const Case cases[] = {
      {"[1]", "h.edn:1:2: expected an op map {:process P"},
      {"#{1}", "h.edn:1:1: expected a Jepsen history: a vector [...] or list (...)"},
      {"[{:type :invoke, :f :read}]", "h.edn:1:2: expected a :process field"},
      {"[{:process 0, :f :read}]", "h.edn:1:2: expected a :type field"},
      {"[{:process 0, :type :invoke}]", "h.edn:1:2: expected a :f field"},
      {"[{:process 0, :process 1, :type :invoke, :f :read}]",
       "h.edn:1:15: expected each field once, found ':process twice'"},
      {"[{:process -1, :type :invoke, :f :read}]",
       "h.edn:1:12: expected :process to be an integer >= 0 (or :nemesis)"},
      {"[{:process 99999999999999999999, :type :invoke, :f :read}]",
       "h.edn:1:12: expected :process to be an integer of at most 64 bits"},
      {"[{:process 0, :type :invoke, :f :get, :key \"1\"}]",
       "h.edn:1:39: expected no :key field (Jepsen's keys are [KEY VALUE] tuples"},
      {"[{:process 0, :type :start, :f :read}]",
       "h.edn:1:21: expected :type to be :invoke, :ok, :fail or :info, found ':start'"},
      {"[{:process 0, :type :invoke, :f \"read\"}]",
       "h.edn:1:33: expected :f to be a keyword such as :read"},
      {"[{:process 0, :type :invoke, :f :write, :value :x}]",
       "h.edn:1:48: expected a value that is nil, an integer or a string, not a keyword"},
      {"[{:process 0, :type :invoke, :f :write, :value 1e999}]",
       "expected a value that is nil, an integer of at most 64 bits or a string"},
      {"[{:process 0, :type :invoke, :f :cas, :value [1 2 3]}]",
       "h.edn:1:46: expected a cas value [EXPECTED NEW]"},
      {"[{:process 0, :type :invoke, :f :write, :value 1, :time :t}]",
       "h.edn:1:57: expected :time to be an integer (nanoseconds)"},
      {absl::StrCat("[", invoke, "\n {:process 1, :type :invoke, :f :read, :value nil, :time 5}]"),
       "h.edn:2:2: expected a :time on every op or on none (the first op, line 1, has none)"},
      {"[{:process 0, :type :invoke, :f :write, :value [1 2]}\n"
       " {:process 1, :type :invoke, :f :write, :value 3}]",
       "h.edn:2:48: expected a [KEY VALUE] tuple (jepsen.independent), as the first op's "
       "value (line 1) is"},
      {absl::StrCat("[", invoke, "\n {:process 1, :type :invoke, :f :write, :value [1 2]}]"),
       "h.edn:2:48: expected a plain value, as the first op's value (line 1) is"},
      {"[{:process 0, :type :invoke, :f :write, :value [[1] 2]}]",
       "h.edn:1:49: expected a key that is an integer, a string or a keyword"},
      {absl::StrCat("[", invoke, "\n ", invoke, "]"),
       "h.edn:2:2: expected a completion for process 0"},
      {"[{:process 0, :type :ok, :f :write, :value 1}]",
       "h.edn:1:2: expected an invocation by process 0 before its ok"},
      {absl::StrCat("[", invoke), "h.edn:1:50: expected ']' closing the history opened at 1:1"},
      {absl::StrCat("(", invoke, "]"),
       "h.edn:1:50: expected ')' closing the history opened at 1:1"},
      {absl::StrCat("[", invoke, "] x"),
       "h.edn:1:52: expected nothing after the history's closing"},
      {"[{:process 0, :type :invoke, :f :write, :value \"abc}]",
       "h.edn:1:48: expected a '\"' closing the string that starts here, found 'the end of the "
       "file'"},
      {"[{:process 0, :type :invoke, :f :write, :value \"a\\qb\"}]",
       "h.edn:1:50: expected a string escape"},
      {"[{:process 0, :type :invoke, :f :write, :value \"\\u12\"}]",
       "h.edn:1:49: expected four hex digits after \\u"},
      {"[{:process 0, :type :invoke, :f :write, :value [1 2}]",
       "h.edn:1:52: expected ']' closing the vector opened at 1:48, found '}'"},
      {"[{:process 0, :type :invoke, :f :write, :value}]",
       "h.edn:1:41: expected a value after this map key, found ':value'"},
      {"[{:process 0, :type :invoke, :f :write, :value # 1}]",
       "h.edn:1:48: expected a tag, '#{', '#_' or '##' after '#'"},
      {"[{:process 0 :type :invoke :f :write :value (1",
       "h.edn:1:47: expected ')' closing the list"},
      {"[#_", "h.edn:1:4: expected a value, found 'the end of the file'"},
  };
  for (const Case& c : cases) {
    absl::StatusOr<History> h = Read(c.text);
    ASSERT_FALSE(h.ok()) << c.text;
    EXPECT_EQ(h.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_NE(h.status().message().find(c.message), absl::string_view::npos)
        << h.status().message() << "\nwanted: " << c.message;
  }
}

TEST(JepsenEdnReaderTest, HostileInputIsAnErrorNotACrash) {
  // Nesting past the limit, in brackets, sets, tags and discards alike.
  for (const char* open : {"[", "(", "{:a ", "#{", "#t ", "#_ "}) {
    std::string text = "[{:process 0, :type :invoke, :f :write, :value ";
    for (int i = 0; i < 100000; ++i) text += open;
    absl::StatusOr<History> h = Read(text);
    ASSERT_FALSE(h.ok()) << open;
    EXPECT_NE(h.status().message().find("expected EDN nested at most 128 levels deep"),
              absl::string_view::npos)
        << h.status().message();
  }
  // A long run of discards at one level is fine, and not recursion.
  std::string discards = "[";
  for (int i = 0; i < 100000; ++i) discards += "#_ 1 ";
  discards += "]";
  EXPECT_TRUE(Read(discards).ok());
  // Unterminated everything, binary bytes.
  for (const std::string& text :
       {std::string("[{"), std::string("[\""), std::string("[\\"), std::string("[#"),
        std::string("[##"), std::string("\x00\xff[", 3), std::string("[{:process 0 :type")}) {
    EXPECT_FALSE(Read(text).ok()) << text;
  }
}

}  // namespace
}  // namespace faultline::checkers
