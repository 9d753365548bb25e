// Reads the history.edn of Maelstrom's kafka workload (src/maelstrom/workload/kafka.clj,
// which runs Jepsen's jepsen.tests.kafka workload with :txn? false and :sub-via #{:assign}).
// Each client op carries one micro-op; the RPCs send / poll / commit_offsets /
// list_committed_offsets happen inside them and are not in the history:
//   {:process 0, :type :invoke, :f :send, :value [[:send "9" 3]], :time 1200}
//   {:process 0, :type :ok,     :f :send, :value [[:send "9" [12 3]]], :time 3400}
//   {:process 1, :type :invoke, :f :poll, :value [[:poll]]}
//   {:process 1, :type :ok,     :f :poll, :value [[:poll {"9" [[12 3] [13 4]]}]]}
//   {:process 1, :type :ok,     :f :assign, :value ["9" "7"]}   ; resets poll order
//   {:process 2, :type :info,   :f :crash}                      ; the client restarts
// Keys are strings in Maelstrom (integers in Jepsen; both read as text). Ops whose
// :process is not an integer (the nemesis) and :crash / :debug-topic-partitions ops are
// skipped with a note; :txn ops (several micro-ops) are refused.
#include <optional>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "base/strings.h"
#include "checkers/internal/edn.h"
#include "checkers/ordering/internal/op_pairing.h"
#include "checkers/ordering/internal/readers.h"

namespace faultline::checkers::ordering::internal {
namespace {

using checkers::internal::EdnReader;
using checkers::internal::EdnValue;
using Kind = EdnValue::Kind;

constexpr char kShape[] =
    "a kafka op map {:process P, :type :invoke|:ok|:fail|:info, :f :send|:poll|:assign, "
    ":value V}";

bool IsSequence(const EdnValue& v) { return v.kind == Kind::kVector || v.kind == Kind::kList; }

class MaelstromParser {
 public:
  MaelstromParser(EdnReader* reader, MessageHistory* history)
      : reader_(*reader), history_(*history) {}

  absl::Status AddOp(const EdnValue& v);
  absl::Status Finish() {
    absl::StatusOr<std::vector<ClientOp>> ops = pairer_.Finish(history_.source);
    if (!ops.ok()) return ops.status();
    history_.ops = *std::move(ops);
    if (skipped_nemesis_ > 0) {
      history_.notes.push_back(absl::StrCat(skipped_nemesis_,
                                            " op(s) with a non-integer :process (the nemesis) "
                                            "skipped: fault annotations, not client ops"));
    }
    if (skipped_other_ > 0) {
      history_.notes.push_back(absl::StrCat(
          skipped_other_, " :crash / :debug-topic-partitions op line(s) skipped: they send and "
                          "read nothing"));
    }
    return absl::OkStatus();
  }

 private:
  absl::Status Error(const EdnValue& v, std::string_view expected) const {
    return LineError(reader_.At(v), expected, reader_.Raw(v));
  }
  absl::StatusOr<std::string> Key(const EdnValue& v) const;
  absl::StatusOr<int64_t> Int(const EdnValue& v, std::string_view what) const {
    if (v.kind == Kind::kInt) return v.i;
    return Error(v, absl::StrCat(Sv(what), " to be an integer of at most 64 bits"));
  }
  // The op's one micro-op [:f ...]. REQUIRES: f is send or poll.
  absl::StatusOr<const EdnValue*> MicroOp(const EdnValue& value, std::string_view f) const;
  absl::Status SendValue(const EdnValue& value, bool ok, ClientOp* op) const;
  absl::Status PollValue(const EdnValue& value, ClientOp* op) const;
  absl::Status Keys(const EdnValue& value, ClientOp* op) const;

  EdnReader& reader_;
  MessageHistory& history_;
  OpPairer pairer_;
  int64_t ops_ = 0;
  int64_t skipped_nemesis_ = 0;
  int64_t skipped_other_ = 0;
};

absl::StatusOr<std::string> MaelstromParser::Key(const EdnValue& v) const {
  if (v.kind == Kind::kString && !v.text.empty()) return v.text;
  if (v.kind == Kind::kInt) return std::to_string(v.i);
  if (v.kind == Kind::kKeyword && !v.text.empty()) return v.text;  // a keywordised JSON key
  return Error(v, "a key: a string such as \"9\" (or an integer)");
}

absl::StatusOr<const EdnValue*> MaelstromParser::MicroOp(const EdnValue& value,
                                                         std::string_view f) const {
  const std::string want = absl::StrCat("a :", Sv(f), " op's value: one micro-op, as in ",
                                        f == "send" ? "[[:send \"9\" 3]]" : "[[:poll]]");
  if (!IsSequence(value) || value.items.empty()) return Error(value, want);
  if (value.items.size() > 1) {
    return Error(value, absl::StrCat(want, " (Maelstrom's kafka ops carry one; transactional "
                                           "histories are not read)"));
  }
  const EdnValue& mop = value.items[0];
  if (!IsSequence(mop) || mop.items.empty() || mop.items[0].kind != Kind::kKeyword ||
      mop.items[0].text != f) {
    return Error(mop, want);
  }
  return &mop;
}

absl::Status MaelstromParser::SendValue(const EdnValue& value, bool ok, ClientOp* op) const {
  absl::StatusOr<const EdnValue*> mop = MicroOp(value, "send");
  if (!mop.ok()) return mop.status();
  const EdnValue& m = **mop;
  if (m.items.size() != 3) return Error(m, "a send micro-op [:send KEY VALUE]");
  absl::StatusOr<std::string> key = Key(m.items[1]);
  if (!key.ok()) return key.status();
  const EdnValue& v = m.items[2];
  if (!ok) {  // the invocation: [:send k v]
    absl::StatusOr<int64_t> msg = Int(v, "a sent message");
    if (!msg.ok()) return msg.status();
    op->key = *std::move(key);
    op->value = *msg;
    return absl::OkStatus();
  }
  // The ok completion: [:send k [offset v]].
  if (*key != op->key) return Error(m.items[1], absl::StrCat("the invocation's key \"", op->key, "\""));
  if (!IsSequence(v) || v.items.size() != 2) {
    return Error(v, absl::StrCat("an acknowledged send's [OFFSET ", op->value, "]"));
  }
  absl::StatusOr<int64_t> offset = Int(v.items[0], "an offset");
  if (!offset.ok()) return offset.status();
  absl::StatusOr<int64_t> msg = Int(v.items[1], "a sent message");
  if (!msg.ok()) return msg.status();
  if (*msg != op->value) {
    return Error(v.items[1], absl::StrCat("the invocation's message ", op->value));
  }
  op->offset = *offset;
  return absl::OkStatus();
}

absl::Status MaelstromParser::PollValue(const EdnValue& value, ClientOp* op) const {
  absl::StatusOr<const EdnValue*> mop = MicroOp(value, "poll");
  if (!mop.ok()) return mop.status();
  const EdnValue& m = **mop;
  if (m.items.size() != 2 || m.items[1].kind != Kind::kMap) {
    return Error(m, "a completed poll [:poll {KEY [[OFFSET VALUE] ...], ...}]");
  }
  const EdnValue& msgs = m.items[1];
  for (size_t i = 0; i + 1 < msgs.items.size(); i += 2) {
    absl::StatusOr<std::string> key = Key(msgs.items[i]);
    if (!key.ok()) return key.status();
    const EdnValue& pairs = msgs.items[i + 1];
    if (!IsSequence(pairs)) return Error(pairs, "a list of [OFFSET VALUE] pairs");
    for (const EdnValue& pair : pairs.items) {
      if (!IsSequence(pair) || pair.items.size() != 2) return Error(pair, "an [OFFSET VALUE] pair");
      absl::StatusOr<int64_t> offset = Int(pair.items[0], "an offset");
      if (!offset.ok()) return offset.status();
      absl::StatusOr<int64_t> msg = Int(pair.items[1], "a polled message");
      if (!msg.ok()) return msg.status();
      op->polled.push_back({*key, *offset, *msg});
    }
  }
  return absl::OkStatus();
}

absl::Status MaelstromParser::Keys(const EdnValue& value, ClientOp* op) const {
  if (!IsSequence(value)) return Error(value, "an :assign's value: a vector of keys [\"9\" \"7\"]");
  op->assigned.clear();
  for (const EdnValue& k : value.items) {
    absl::StatusOr<std::string> key = Key(k);
    if (!key.ok()) return key.status();
    op->assigned.push_back(*std::move(key));
  }
  return absl::OkStatus();
}

absl::Status MaelstromParser::AddOp(const EdnValue& v) {
  if (v.kind != Kind::kMap) return Error(v, kShape);
  const EdnValue* process = nullptr;
  const EdnValue* type = nullptr;
  const EdnValue* f = nullptr;
  const EdnValue* value = nullptr;
  const EdnValue* time = nullptr;
  for (size_t i = 0; i + 1 < v.items.size(); i += 2) {
    const EdnValue& key = v.items[i];
    if (key.kind != Kind::kKeyword) continue;
    const EdnValue** slot = key.text == "process" ? &process
                            : key.text == "type"  ? &type
                            : key.text == "f"     ? &f
                            : key.text == "value" ? &value
                            : key.text == "time"  ? &time
                                                  : nullptr;
    if (slot == nullptr) continue;
    if (*slot != nullptr) {
      return LineError(reader_.At(key), "each field once", absl::StrCat(":", key.text, " twice"));
    }
    *slot = &v.items[i + 1];
  }
  if (process == nullptr || type == nullptr || f == nullptr) {
    return Error(v, absl::StrCat("a :process, :type and :f in ", kShape));
  }
  if (process->kind != Kind::kInt) {
    ++skipped_nemesis_;
    return absl::OkStatus();
  }
  if (f->kind != Kind::kKeyword) return Error(*f, ":f to be a keyword such as :send or :poll");
  if (f->text == "crash" || f->text == "debug-topic-partitions") {
    ++skipped_other_;
    return absl::OkStatus();
  }
  if (f->text != "send" && f->text != "poll" && f->text != "assign" && f->text != "subscribe") {
    return Error(*f, absl::StrCat(":f to be :send, :poll, :assign or :subscribe (Maelstrom's kafka "
                                  "workload)",
                                  f->text == "txn" ? "; :txn histories are not read" : ""));
  }
  if (type->kind != Kind::kKeyword ||
      (type->text != "invoke" && type->text != "ok" && type->text != "fail" &&
       type->text != "info")) {
    return Error(*type, ":type to be :invoke, :ok, :fail or :info");
  }
  ++ops_;
  int64_t t = ops_;  // without :time, only the order is known
  if (time != nullptr) {
    absl::StatusOr<int64_t> parsed = Int(*time, ":time (nanoseconds)");
    if (!parsed.ok()) return parsed.status();
    t = *parsed;
  }
  EdnValue nil;
  nil.line = v.line;
  nil.column = v.column;
  nil.begin = v.begin;
  nil.end = v.end;
  const EdnValue& val = value != nullptr ? *value : nil;
  const LineRef at = reader_.At(v);
  if (type->text == "invoke") {
    ClientOp op;
    op.process = process->i;
    op.f = f->text == "subscribe" ? "assign" : f->text;
    op.invoke_ns = t;
    if (op.f == "send") {
      if (absl::Status st = SendValue(val, false, &op); !st.ok()) return st;
    } else if (op.f == "assign") {
      if (absl::Status st = Keys(val, &op); !st.ok()) return st;
    }
    return pairer_.Invoke(std::move(op), at);
  }
  const OpStatus status = type->text == "ok"     ? OpStatus::kOk
                          : type->text == "fail" ? OpStatus::kFail
                                                 : OpStatus::kInfo;
  const std::string op_f = f->text == "subscribe" ? "assign" : f->text;
  // The completion's key is the invocation's: look at the value only once paired.
  std::string key;
  if (op_f == "send") {
    absl::StatusOr<const EdnValue*> mop = MicroOp(val, "send");
    if (mop.ok() && (*mop)->items.size() == 3) {
      absl::StatusOr<std::string> k = Key((*mop)->items[1]);
      if (k.ok()) key = *std::move(k);
    }
  }
  absl::StatusOr<ClientOp*> op = pairer_.Complete(process->i, status, op_f, key, t, at);
  if (!op.ok()) return op.status();
  if (status != OpStatus::kOk) return absl::OkStatus();
  if (op_f == "send") return SendValue(val, true, *op);
  if (op_f == "poll") return PollValue(val, *op);
  return Keys(val, *op);
}

}  // namespace

absl::Status ReadMaelstromKafka(std::string_view text, std::string_view source,
                                MessageHistory* history) {
  EdnReader reader(text, source);
  MaelstromParser parser(&reader, history);
  if (absl::Status st = reader.SkipDiscards(0); !st.ok()) return st;
  if (reader.AtEnd()) return parser.Finish();
  const char first = reader.Peek();
  char close = 0;  // 0: bare op maps, one after another (as newer Jepsen writes them)
  int depth = 0;
  const LineRef open = reader.Here();
  if (first == '[' || first == '(') {
    close = first == '[' ? ']' : ')';
    depth = 1;
    reader.Advance();
  } else if (first != '{') {
    return LineError(open, "a Maelstrom kafka history: op maps {:process P, ...}, bare or in [...]",
                     reader.Rest());
  }
  while (true) {
    if (absl::Status st = reader.SkipDiscards(depth); !st.ok()) return st;
    if (reader.AtEnd()) {
      if (close != 0) {
        return LineError(reader.Here(),
                         absl::StrCat("'", std::string(1, close), "' closing the history opened at ",
                                      open.line, ":", open.column),
                         "the end of the file");
      }
      break;
    }
    if (close != 0 && reader.Peek() == close) {
      reader.Advance();
      break;
    }
    absl::StatusOr<EdnValue> op = reader.Read(depth);
    if (!op.ok()) return op.status();
    if (absl::Status st = parser.AddOp(*op); !st.ok()) return st;
  }
  if (absl::Status st = reader.SkipDiscards(0); !st.ok()) return st;
  if (!reader.AtEnd()) {
    return LineError(reader.Here(), "nothing after the history's closing bracket", reader.Rest());
  }
  return parser.Finish();
}

}  // namespace faultline::checkers::ordering::internal
