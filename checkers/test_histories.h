// Test-only shorthands for hand-written histories.
//
//   History h = Hist({W(0, 1, 0, 10), R(1, 1, 20, 30)});
#ifndef FAULTLINE_CHECKERS_TEST_HISTORIES_H_
#define FAULTLINE_CHECKERS_TEST_HISTORIES_H_

#include <string>
#include <utility>
#include <vector>

#include "checkers/operation.h"

namespace faultline::checkers::testing {

inline Operation Op(int64_t process, std::string f, Value in, Value in2, Value out, int64_t call,
                    int64_t ret, Status status = Status::kOk) {
  Operation op;
  op.process = process;
  op.f = std::move(f);
  op.input = std::move(in);
  op.input2 = std::move(in2);
  op.output = std::move(out);
  op.status = status;
  op.call = call;
  op.ret = status == Status::kInfo ? kOpenEnded : ret;
  return op;
}
inline Operation W(int64_t p, int64_t v, int64_t call, int64_t ret, Status s = Status::kOk) {
  return Op(p, "write", Value::Int(v), {}, {}, call, ret, s);
}
inline Operation R(int64_t p, int64_t v, int64_t call, int64_t ret, Status s = Status::kOk) {
  return Op(p, "read", {}, {}, Value::Int(v), call, ret, s);
}
inline Operation RNil(int64_t p, int64_t call, int64_t ret) {
  return Op(p, "read", {}, {}, Value::Nil(), call, ret);
}
inline Operation RUnknown(int64_t p, int64_t call, int64_t ret) {
  return Op(p, "read", {}, {}, Value::Unknown(), call, ret);
}
inline Operation Cas(int64_t p, int64_t from, int64_t to, int64_t call, int64_t ret,
                     Status s = Status::kOk) {
  return Op(p, "cas", Value::Int(from), Value::Int(to), {}, call, ret, s);
}
inline Operation Keyed(Operation op, std::string key) {
  op.key = std::move(key);
  return op;
}
inline History Hist(std::vector<Operation> ops) {
  History h;
  h.source = "test";
  h.format = "faultline";
  h.ops = std::move(ops);
  // As a reader numbers ops without an "op" field: by position, from 1.
  for (size_t i = 0; i < h.ops.size(); ++i) {
    if (h.ops[i].id == 0) h.ops[i].id = static_cast<int64_t>(i) + 1;
  }
  return h;
}

}  // namespace faultline::checkers::testing

#endif  // FAULTLINE_CHECKERS_TEST_HISTORIES_H_
