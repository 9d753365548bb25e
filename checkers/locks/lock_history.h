// A lock history as the `mutual-exclusion` and `mutex` checkers see it (issue 14): the load
// generator's `request` ops and the observations of the `lock.redis` model's pods, lock
// servers and protected resource, read from faultline's history.jsonl:
//
//   {"time":T,"process":3,"client":"c3","op":41,"type":"invoke","f":"request","key":"L1","value":null}
//   {"time":T,"process":3,"client":"c3","op":41,"type":"ok","f":"request","key":"L1","value":7}
//   {"time":T,"node":"n3","type":"observe","f":"acquire","key":"L1","value":7,
//    "detail":{"thread":"t2","op":41,"attempts":3,"wait_ns":4000000,"ttl_ns":1000000000}}
//
// (docs/lock-checker.md lists every line.) Strict as the other readers are: a bad line is an
// InvalidArgument "FILE:LINE: expected ..., found ..." naming the field; a completion with no
// open invocation and an op number given twice are refused. Observations of other kinds
// (another family's records) are counted and not read.
//
//   absl::StatusOr<LockHistory> h = ReadLockHistoryFile("runs/x/history.jsonl");
#ifndef FAULTLINE_CHECKERS_LOCKS_LOCK_HISTORY_H_
#define FAULTLINE_CHECKERS_LOCKS_LOCK_HISTORY_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace faultline::checkers::locks {

// kInfo also stands for an invocation still open at the end of the file.
enum class RequestStatus : uint8_t { kOk, kFail, kInfo };

// One client request: take the lock, do the critical section, release.
struct Request {
  int64_t op = 0;           // the line's "op" number, else its position in invocation order
  std::string client = {};  // "c3" when the history names it
  int64_t process = 0;
  std::string key = {};  // the lock's name
  RequestStatus status = RequestStatus::kInfo;
  bool completed = false;  // false: still open at the end of the file
  int64_t invoke_ns = 0;
  int64_t complete_ns = 0;  // == invoke_ns while open
  int64_t token = 0;        // ok: the fencing token the write used (0: tokens off)
  std::string reason = {};  // fail: rejected | busy | lock-timeout | fenced | ...
  int64_t invoke_line = 0;
};

// A pod thread's belief that it holds the lock begins (`acquire`) or ends (`release`).
struct Acquire {
  int64_t time_ns = 0;
  int64_t line = 0;
  std::string node = {};    // the pod, "n3"
  std::string thread = {};  // "t7", unique within its pod
  std::string key = {};
  int64_t token = 0;
  int64_t op = 0;        // the request's op number
  int64_t attempts = 1;  // lock commands sent for this request
  int64_t wait_ns = 0;   // first attempt to grant, on the pod's clock
  int64_t ttl_ns = 0;
  int64_t servers = 0;      // Redlock: how many servers granted (0: not given)
  int64_t validity_ns = 0;  // Redlock: TTL - elapsed - drift (0: not given)

  std::string holder() const { return node + "/" + thread; }  // "n3/t7"
  int64_t first_attempt_ns() const { return time_ns - wait_ns; }
};

struct Release {
  int64_t time_ns = 0;
  int64_t line = 0;
  std::string node = {};
  std::string thread = {};
  std::string key = {};
  int64_t token = 0;
  int64_t op = 0;
  int64_t held_ns = 0;
  std::string outcome = {};  // released | abandoned

  std::string holder() const { return node + "/" + thread; }
};

// A pod's pause monitor saw its periodic tick fire `gap_ns` late: the pod was stopped.
struct Pause {
  int64_t time_ns = 0;  // when the pod ran again
  int64_t line = 0;
  std::string node = {};
  int64_t gap_ns = 0;
  int64_t began_ns = 0;  // the line's time minus the gap: the pause's start in true time
  int64_t due_ns = 0;    // detail expected_ns: when the monitor's tick was due (pod clock)
};

// A pod started again after a crash: its threads' holds ended by then (no release line
// says so).
struct Restart {
  int64_t time_ns = 0;
  int64_t line = 0;
  std::string node = {};
};

// A lock server granted the lock (SET NX succeeded).
struct Grant {
  int64_t time_ns = 0;
  int64_t line = 0;
  std::string node = {};  // the server
  std::string key = {};
  int64_t token = 0;
  std::string owner = {};  // "n3/t7"
  int64_t ttl_ns = 0;
  std::string previous = {};      // the previous owner, "" when none
  bool previous_expired = false;  // its key expired rather than was released
};

// A lock server's periodic report of its own CPU (Context::cpu_load()).
struct Load {
  int64_t time_ns = 0;
  int64_t line = 0;
  std::string node = {};
  int64_t queued = 0;
  int64_t in_service = 0;
  int64_t served = 0;
  int64_t busy_ns = 0;  // cumulative
};

// The protected resource's answer to a holder's write.
struct Write {
  int64_t time_ns = 0;
  int64_t line = 0;
  std::string node = {};  // the resource
  std::string key = {};
  int64_t token = 0;
  std::string holder = {};  // "n3/t7"
  int64_t op = 0;
  bool accepted = true;
  int64_t highest = 0;  // the highest token it had accepted before (0: none)
};

struct LockHistory {
  std::string source = {};
  std::vector<Request> requests;  // in invocation order
  std::vector<Acquire> acquires;  // each vector in file (time) order
  std::vector<Release> releases;
  std::vector<Pause> pauses;
  std::vector<Restart> restarts;
  std::vector<Grant> grants;
  std::vector<Load> loads;
  std::vector<Write> writes;
  int64_t other_observations = 0;  // observe lines of other kinds, not read
  int64_t end_ns = 0;              // the last line's time: where unreleased holds end
  std::vector<std::string> notes;  // what the reader skipped, in words

  int64_t observations() const {
    return static_cast<int64_t>(acquires.size() + releases.size() + pauses.size() +
                                restarts.size() + grants.size() + loads.size() + writes.size()) +
           other_observations;
  }
};

// NotFound when the file cannot be opened.
[[nodiscard]] absl::StatusOr<LockHistory> ReadLockHistoryFile(const std::string& path);

[[nodiscard]] absl::StatusOr<LockHistory> ReadLockHistoryText(std::string_view text,
                                                              std::string_view source);

}  // namespace faultline::checkers::locks

#endif  // FAULTLINE_CHECKERS_LOCKS_LOCK_HISTORY_H_
