#include "checkers/history_reader.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"

namespace faultline::checkers {
namespace {

absl::StatusOr<History> Read(std::string_view text, HistoryFormat f = HistoryFormat::kAuto) {
  return ReadHistoryText(text, "h.txt", f);
}

TEST(HistoryReaderTest, ParsesFormatNames) {
  EXPECT_EQ(*ParseHistoryFormat("auto"), HistoryFormat::kAuto);
  EXPECT_EQ(*ParseHistoryFormat("faultline"), HistoryFormat::kFaultline);
  EXPECT_EQ(*ParseHistoryFormat("jepsen-etcd"), HistoryFormat::kJepsenEtcd);
  EXPECT_EQ(*ParseHistoryFormat("porcupine-kv"), HistoryFormat::kPorcupineKv);
  EXPECT_EQ(ParseHistoryFormat("edn").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(HistoryReaderTest, EmptyTextIsAnEmptyHistory) {
  for (HistoryFormat f : {HistoryFormat::kAuto, HistoryFormat::kFaultline,
                          HistoryFormat::kJepsenEtcd, HistoryFormat::kPorcupineKv}) {
    absl::StatusOr<History> h = Read("\n  \n", f);
    ASSERT_TRUE(h.ok()) << h.status();
    EXPECT_TRUE(h->ops.empty());
  }
}

TEST(HistoryReaderTest, Faultline) {
  const char* text =
      R"({"index":0,"time":100,"process":3,"type":"invoke","f":"write","key":"k1","value":5}
{"index":1,"time":110,"process":4,"type":"invoke","f":"cas","key":"k1","value":[5,null]}
{"index":2,"time":120,"process":3,"type":"ok","f":"write","key":"k1","value":5}
{"index":3,"time":130,"process":4,"type":"fail","f":"cas","key":"k1","value":[5,null]}
{"index":4,"time":140,"process":3,"type":"invoke","f":"read","key":"k2","value":null}
{"index":5,"time":150,"process":3,"type":"ok","f":"read","key":"k2","value":7}
{"index":6,"time":160,"process":4,"type":"invoke","f":"write","key":"k1","value":1}
{"index":7,"time":170,"process":4,"type":"info","f":"write","key":"k1","value":1}
{"index":8,"time":180,"process":5,"type":"invoke","f":"read","key":"k1","value":null}
)";
  absl::StatusOr<History> h = Read(text);
  ASSERT_TRUE(h.ok()) << h.status();
  EXPECT_EQ(h->format, "faultline");
  ASSERT_EQ(h->ops.size(), 5u);
  const Operation& w = h->ops[0];
  EXPECT_EQ(w.process, 3);
  EXPECT_EQ(w.f, "write");
  EXPECT_EQ(w.key, "k1");
  EXPECT_EQ(w.input, Value::Int(5));
  EXPECT_EQ(w.status, Status::kOk);
  EXPECT_EQ(w.call, 100);
  EXPECT_EQ(w.ret, 120);
  EXPECT_EQ(w.line, 1);
  const Operation& cas = h->ops[1];
  EXPECT_EQ(cas.input, Value::Int(5));
  EXPECT_EQ(cas.input2, Value::Nil());
  EXPECT_EQ(cas.status, Status::kFail);
  EXPECT_EQ(cas.ret, 130);
  const Operation& r = h->ops[2];
  EXPECT_EQ(r.key, "k2");
  EXPECT_EQ(r.output, Value::Int(7));
  EXPECT_EQ(r.line, 5);
  EXPECT_EQ(h->ops[3].status, Status::kInfo);
  EXPECT_EQ(h->ops[3].ret, kOpenEnded);
  EXPECT_EQ(h->ops[4].status, Status::kInfo);  // still open at the end of the file
  EXPECT_EQ(h->ops[4].ret, kOpenEnded);
  EXPECT_EQ(h->ops[4].output, Value::Unknown());  // an unfinished read saw nothing
}

// A sharded store's router writes observe lines into a kv history: they are no ops, and
// the kv checkers read the history around them.
TEST(HistoryReaderTest, FaultlineKvHistorySkipsObserveLines) {
  const char* text =
      R"({"time":100,"process":3,"type":"invoke","f":"write","key":"k1","value":5}
{"time":105,"node":"router","type":"observe","f":"load","key":"shard0","value":4,"detail":{"window_ns":100}}
{"time":120,"process":3,"type":"ok","f":"write","key":"k1","value":5}
{"time":130,"node":"router","type":"observe","f":"phase","key":"m1","value":"registration"}
{"time":140,"process":4,"type":"invoke","f":"read","key":"k1","value":null}
{"time":150,"process":4,"type":"ok","f":"read","key":"k1","value":5}
)";
  absl::StatusOr<History> h = Read(text);
  ASSERT_TRUE(h.ok()) << h.status();
  ASSERT_EQ(h->ops.size(), 2u);
  EXPECT_EQ(h->ops[0].f, "write");
  EXPECT_EQ(h->ops[0].ret, 120);
  EXPECT_EQ(h->ops[1].f, "read");
  EXPECT_EQ(h->ops[1].line, 5);
  ASSERT_EQ(h->notes.size(), 1u);
  EXPECT_NE(h->notes[0].find("2 observe lines"), std::string::npos) << h->notes[0];
}

// A lock (or messaging) history's observe lines are for other checkers: refused, at the
// first observe line, whether it comes before or after the op that shows the family.
TEST(HistoryReaderTest, FaultlineLockHistoryWithObserveLinesIsRefused) {
  const std::string op =
      R"({"time":100,"process":3,"type":"invoke","f":"request","key":"L1","value":null})";
  const std::string observe =
      R"({"time":105,"node":"n1","type":"observe","f":"grant","key":"L1","value":1})";
  for (const std::string& text : {absl::StrCat(op, "\n", observe, "\n"),
                                  absl::StrCat(observe, "\n", op, "\n")}) {
    absl::StatusOr<History> h = Read(text);
    ASSERT_FALSE(h.ok());
    const std::string line = text.find("grant") < text.find("request") ? "h.txt:1:" : "h.txt:2:";
    EXPECT_NE(h.status().message().find(line), std::string::npos) << h.status();
    EXPECT_NE(h.status().message().find("--checkers mutual-exclusion,mutex"), std::string::npos)
        << h.status();
    EXPECT_NE(h.status().message().find("'s is 'request'"), std::string::npos) << h.status();
  }
  // Without observe lines, a lock history's ops are read as before (the spec judges f).
  EXPECT_TRUE(Read(op + "\n").ok());
}

TEST(HistoryReaderTest, FaultlineMultiKeyOpsAreRefusedNamingReadAtomic) {
  absl::StatusOr<History> h = Read(
      R"({"time":0,"process":1,"type":"invoke","f":"multi-read","key":["k1","k7"],"value":null})"
      "\n",
      HistoryFormat::kFaultline);
  ASSERT_FALSE(h.ok());
  EXPECT_NE(h.status().message().find("h.txt:1:"), std::string::npos) << h.status();
  EXPECT_NE(h.status().message().find("--checkers read-atomic"), std::string::npos) << h.status();
}

TEST(HistoryReaderTest, FaultlineSetReadsAreArrays) {
  const char* text =
      R"({"index":0,"time":100,"process":1,"type":"invoke","f":"add","key":"s","value":3}
{"index":1,"time":110,"process":1,"type":"ok","f":"add","key":"s","value":3}
{"index":2,"time":120,"process":2,"type":"invoke","f":"read","key":"s","value":null}
{"index":3,"time":130,"process":2,"type":"ok","f":"read","key":"s","value":[5,-1,3]}
{"index":4,"time":140,"process":2,"type":"invoke","f":"read","key":"s","value":null}
{"index":5,"time":150,"process":2,"type":"ok","f":"read","key":"s","value":[]}
)";
  absl::StatusOr<History> h = Read(text);
  ASSERT_TRUE(h.ok()) << h.status();
  ASSERT_EQ(h->ops.size(), 3u);
  EXPECT_EQ(h->ops[0].input, Value::Int(3));
  EXPECT_EQ(h->ops[1].output, Value::Set({-1, 3, 5}));  // any order in the file
  EXPECT_EQ(h->ops[1].output.ToString(), "{-1, 3, 5}");
  EXPECT_EQ(h->ops[2].output, Value::Set({}));
  EXPECT_EQ(h->ops[2].output.ToString(), "{}");
}

TEST(HistoryReaderTest, FaultlineBadSetsGiveFileAndLine) {
  const std::string invoke =
      R"({"time":1,"process":0,"type":"invoke","f":"read","key":"s","value":null})"
      "\n";
  const auto ok = [](const char* value) {
    return absl::StrCat(R"({"time":2,"process":0,"type":"ok","f":"read","key":"s","value":)", value,
                        "}\n");
  };
  struct Case {
    std::string text;
    const char* message;
  };
  const Case cases[] = {
      {invoke + ok(R"([1,"a"])"), "h.txt:2: expected set elements that are integers"},
      {invoke + ok("[1,2.5]"), "h.txt:2: expected set elements that are integers"},
      {invoke + ok("[1,[2]]"), "h.txt:2: expected set elements that are integers"},
      {invoke + ok("[3,1,3]"), "h.txt:2: expected set elements without duplicates"},
      {R"({"time":1,"process":0,"type":"invoke","f":"add","key":"s","value":[1]})",
       "h.txt:1: expected a null, integer or string value for f 'add'"},
  };
  for (const Case& c : cases) {
    absl::StatusOr<History> h = Read(c.text);
    ASSERT_FALSE(h.ok()) << c.text;
    EXPECT_EQ(h.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_NE(h.status().message().find(c.message), absl::string_view::npos)
        << h.status().message() << "\nwanted: " << c.message;
  }
}

TEST(HistoryReaderTest, JepsenEtcdTabsAndSpaces) {
  const char* text =
      "INFO  jepsen.util - 0\t:invoke\t:read\tnil\n"
      "INFO  jepsen.util - 1   :invoke :cas    [1 2]\n"
      "INFO  jepsen.util - 0\t:ok\t:read\t3\n"
      "INFO  jepsen.util - 1\t:fail\t:cas\t[1 2]\n"
      "INFO  jepsen.util - 2\t:invoke\t:write\t4\n"
      "INFO  jepsen.util - 2\t:info\t:write\t:timed-out\n"
      "INFO  jepsen.util - 3   :invoke :read   nil\n"
      "INFO  jepsen.util - 3   :fail   :read   :timed-out\n"
      "INFO  jepsen.util - 4\t:invoke\t:write\t1\n";
  absl::StatusOr<History> h = Read(text);
  ASSERT_TRUE(h.ok()) << h.status();
  EXPECT_EQ(h->format, "jepsen-etcd");
  ASSERT_EQ(h->ops.size(), 5u);
  EXPECT_EQ(h->ops[0].output, Value::Int(3));
  EXPECT_EQ(h->ops[0].status, Status::kOk);
  EXPECT_EQ(h->ops[0].call, 1);
  EXPECT_EQ(h->ops[0].ret, 3);
  EXPECT_EQ(h->ops[0].key, "");
  EXPECT_EQ(h->ops[1].f, "cas");
  EXPECT_EQ(h->ops[1].input, Value::Int(1));
  EXPECT_EQ(h->ops[1].input2, Value::Int(2));
  EXPECT_EQ(h->ops[1].status, Status::kFail);
  EXPECT_EQ(h->ops[2].status, Status::kInfo);
  EXPECT_EQ(h->ops[2].ret, kOpenEnded);
  EXPECT_EQ(h->ops[2].input, Value::Int(4));
  EXPECT_EQ(h->ops[3].status, Status::kOk);  // a timed-out read: completed, output unseen
  EXPECT_EQ(h->ops[3].output, Value::Unknown());
  EXPECT_EQ(h->ops[3].ret, 8);
  EXPECT_EQ(h->ops[4].status, Status::kInfo);
}

TEST(HistoryReaderTest, PorcupineKv) {
  const char* text =
      "{:process 0, :type :invoke, :f :append, :key \"0\", :value \"x 0 0 y\"}\n"
      "{:process 1, :type :invoke, :f :get, :key \"0\", :value nil}\n"
      "{:process 0, :type :ok, :f :append, :key \"0\", :value \"x 0 0 y\"}\n"
      "{:process 1, :type :ok, :f :get, :key \"0\", :value \"x 0 0 y\"}\n"
      "{:process 1, :type :invoke, :f :put, :key \"3\", :value \"\"}\r\n"
      "{:process 1, :type :ok, :f :put, :key \"3\", :value \"\"}\n";
  absl::StatusOr<History> h = Read(text);
  ASSERT_TRUE(h.ok()) << h.status();
  EXPECT_EQ(h->format, "porcupine-kv");
  ASSERT_EQ(h->ops.size(), 3u);
  EXPECT_EQ(h->ops[0].f, "append");
  EXPECT_EQ(h->ops[0].input, Value::Str("x 0 0 y"));
  EXPECT_EQ(h->ops[0].call, 1);
  EXPECT_EQ(h->ops[0].ret, 3);
  EXPECT_EQ(h->ops[1].f, "get");
  EXPECT_EQ(h->ops[1].output, Value::Str("x 0 0 y"));
  EXPECT_EQ(h->ops[2].key, "3");
  EXPECT_EQ(h->ops[2].input, Value::Str(""));
}

// Each error names the file and line, says what was expected and shows what was found.
TEST(HistoryReaderTest, MalformedLinesGiveFileAndLine) {
  struct Case {
    const char* text;
    const char* message;
  };
  const Case cases[] = {
      {"\nhello\n", "h.txt:2: expected a history"},
      {"INFO  jepsen.util - 0\t:invoke\t:read\tnil\nINFO jepsen.util - x :ok :read 1\n",
       "h.txt:2: expected a process id"},
      {"INFO  jepsen.util - 0\t:ok\t:read\tnil\n", "h.txt:1: expected an invocation by process 0"},
      {"INFO  jepsen.util - 0\t:invoke\t:read\tnil\nINFO  jepsen.util - 0\t:invoke\t:read\tnil\n",
       "h.txt:2: expected a completion for process 0"},
      {"INFO  jepsen.util - 0\t:invoke\t:cas\t[1\n", "h.txt:1: expected a cas value"},
      {"INFO  jepsen.util - 0\t:invoke\t:read\tnil\nINFO  jepsen.util - 0\t:ok\t:write\t1\n",
       "h.txt:2: expected f 'read'"},
      {"{:process 0, :type :invoke, :f :get, :key \"0\", :value nil\n", "h.txt:1: expected '}'"},
      {"{:process 0, :type :go, :f :get, :key \"0\", :value nil}\n", "h.txt:1: expected :type"},
      {"{\"time\":1,\"process\":0,\"type\":\"invoke\",\"f\":\"read\",\"key\":\"k1\"}\n",
       "h.txt:1: expected a \"value\" field"},
      {"{\"time\":\"1\",\"process\":0}\n", "h.txt:1: expected \"time\" to be an integer"},
      {R"({"time":5,"process":0,"type":"invoke","f":"read","key":"k1","value":null}
{"time":4,"process":0,"type":"ok","f":"read","key":"k1","value":null})",
       "h.txt:2: expected a time at or after"},
  };
  for (const Case& c : cases) {
    absl::StatusOr<History> h = Read(c.text);
    ASSERT_FALSE(h.ok()) << c.text;
    EXPECT_EQ(h.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_NE(h.status().message().find(c.message), absl::string_view::npos)
        << h.status().message() << "\nwanted: " << c.message;
    EXPECT_NE(h.status().message().find("found"), absl::string_view::npos);
  }
}

TEST(HistoryReaderTest, MissingFileIsNotFound) {
  EXPECT_EQ(ReadHistoryFile("/nonexistent/history.jsonl", HistoryFormat::kAuto).status().code(),
            absl::StatusCode::kNotFound);
}

const std::vector<std::string> kValidLines = {
    R"({"index":0,"time":100,"process":3,"type":"invoke","f":"cas","key":"k1","value":[1,2]})",
    R"({"index":1,"time":200,"process":3,"type":"ok","f":"read","key":"s","value":[1,5,2]})",
    "INFO  jepsen.util - 1   :invoke :cas    [1 2]",
    "INFO  jepsen.util - 2\t:info\t:write\t:timed-out",
    "{:process 9, :type :invoke, :f :append, :key \"0\", :value \"x 9 0 y\"}",
};

// Whatever the bytes, the reader returns a history or an InvalidArgument "h.txt:N: ...".
void CheckNoCrash(const std::string& text, HistoryFormat f) {
  absl::StatusOr<History> h = ReadHistoryText(text, "h.txt", f);
  if (!h.ok()) {
    RC_ASSERT(h.status().code() == absl::StatusCode::kInvalidArgument);
    RC_ASSERT(h.status().message().substr(0, 6) == "h.txt:");
  }
}

RC_GTEST_PROP(HistoryReaderFuzz, RandomBytesNeverCrash, (const std::string& text)) {
  const auto f = *rc::gen::element(HistoryFormat::kAuto, HistoryFormat::kFaultline,
                                   HistoryFormat::kJepsenEtcd, HistoryFormat::kPorcupineKv);
  CheckNoCrash(text, f);
}

RC_GTEST_PROP(HistoryReaderFuzz, MutatedValidLinesNeverCrash, ()) {
  std::string text;
  const int lines = *rc::gen::inRange(1, 6);
  for (int i = 0; i < lines; ++i) {
    std::string line = *rc::gen::elementOf(kValidLines);
    const int edits = *rc::gen::inRange(0, 4);
    for (int j = 0; j < edits && !line.empty(); ++j) {
      const size_t at = *rc::gen::inRange<size_t>(0, line.size());
      switch (*rc::gen::inRange(0, 3)) {
        case 0:
          line.erase(at, 1);
          break;
        case 1:
          line.insert(at, 1, *rc::gen::elementOf(std::string("{}[]\":, \t0-9nil\\")));
          break;
        default:
          line[at] = *rc::gen::arbitrary<char>();
      }
    }
    text += line + "\n";
  }
  const auto f = *rc::gen::element(HistoryFormat::kAuto, HistoryFormat::kFaultline,
                                   HistoryFormat::kJepsenEtcd, HistoryFormat::kPorcupineKv);
  CheckNoCrash(text, f);
}

// The vendored Porcupine test data (tests/testdata/porcupine, with its licence notice):
// every file parses with the counts in expected.tsv.
TEST(HistoryReaderTest, PorcupineTestDataMatchesExpectedCounts) {
  // ctest runs every test from the project root.
  const std::filesystem::path dir = std::filesystem::path("tests/testdata/porcupine");
  ASSERT_TRUE(std::filesystem::is_directory(dir)) << "the vendored test data is missing: " << dir;
  std::ifstream tsv(dir / "expected.tsv");
  ASSERT_TRUE(tsv) << dir / "expected.tsv";
  std::string row;
  std::getline(tsv, row);  // header
  int files = 0;
  while (std::getline(tsv, row)) {
    if (row.empty()) continue;
    std::istringstream cols(row);
    std::string file, format, spec, expected;
    size_t invocations = 0, info = 0, processes = 0;
    ASSERT_TRUE(cols >> file >> format >> spec >> invocations >> info >> processes >> expected)
        << row;
    SCOPED_TRACE(file);
    ++files;
    const HistoryFormat f =
        format == "kv" ? HistoryFormat::kPorcupineKv : HistoryFormat::kJepsenEtcd;
    for (HistoryFormat as : {HistoryFormat::kAuto, f}) {
      absl::StatusOr<History> h = ReadHistoryFile((dir / file).string(), as);
      ASSERT_TRUE(h.ok()) << h.status();
      EXPECT_EQ(h->ops.size(), invocations);
      std::set<int64_t> ids;
      size_t open = 0;
      for (const Operation& op : h->ops) {
        ids.insert(op.process);
        if (op.status == Status::kInfo) {
          ++open;
          EXPECT_EQ(op.ret, kOpenEnded);
        } else {
          EXPECT_LT(op.call, op.ret);
        }
      }
      EXPECT_EQ(open, info);
      EXPECT_EQ(ids.size(), processes);
    }
  }
  EXPECT_EQ(files, 109);
}

// A history without keys is one object (a single register), in every format: Jepsen's
// single-register tests, the etcd logs and Knossos' histories have none.
TEST(HistoryReaderTest, KeylessHistoriesAreOneObject) {
  struct Case {
    HistoryFormat format;
    const char* text;
  };
  const Case cases[] = {
      {HistoryFormat::kFaultline,
       R"({"time":1,"process":0,"type":"invoke","f":"write","value":1}
{"time":2,"process":0,"type":"ok","f":"write","value":1}
{"time":3,"process":1,"type":"invoke","f":"read","value":null}
{"time":4,"process":1,"type":"ok","f":"read","value":1}
)"},
      {HistoryFormat::kPorcupineKv,
       "{:process 0, :type :invoke, :f :write, :value 1}\n"
       "{:process 0, :type :ok, :f :write, :value 1}\n"
       "{:process 1, :type :invoke, :f :read, :value nil}\n"
       "{:process 1, :type :ok, :f :read, :value 1}\n"},
      {HistoryFormat::kJepsenEtcd,
       "INFO jepsen.util - 0 :invoke :write 1\nINFO jepsen.util - 0 :ok :write 1\n"
       "INFO jepsen.util - 1 :invoke :read nil\nINFO jepsen.util - 1 :ok :read 1\n"},
      {HistoryFormat::kJepsenEdn,
       "[{:process 0, :type :invoke, :f :write, :value 1}\n"
       " {:process 0, :type :ok, :f :write, :value 1}\n"
       " {:process 1, :type :invoke, :f :read, :value nil}\n"
       " {:process 1, :type :ok, :f :read, :value 1}]"},
  };
  for (const Case& c : cases) {
    absl::StatusOr<History> h = Read(c.text, c.format);
    ASSERT_TRUE(h.ok()) << h.status() << "\n" << c.text;
    ASSERT_EQ(h->ops.size(), 2u) << c.text;
    for (const Operation& op : h->ops) EXPECT_EQ(op.key, "") << c.text;
    EXPECT_EQ(h->ops[0].input, Value::Int(1));
    EXPECT_EQ(h->ops[1].output, Value::Int(1));
  }
}

}  // namespace
}  // namespace faultline::checkers
