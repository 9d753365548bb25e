// What a judging consistency checker returns: how many violations it found, on which
// keys, and the evidence for the first few (the ops by index into History::ops, each
// with its role). Every violation is counted; evidence is kept for the kMaxEvidence
// earliest ones (by the index of the op that broke the guarantee), so a run with
// thousands of violations still gives a short, deterministic report.
//
//   FindingCollector found("read-your-writes");
//   found.Add({.key = "k0", .process = 3, .ops = {{"read", 12}, {"own write", 9}},
//              .explanation = "process 3 read k0 -> nil at 75.4ms after ..."});
//   GuaranteeResult r = std::move(found).Finish(view.judged_ops());
#ifndef FAULTLINE_CHECKERS_CONSISTENCY_FINDING_H_
#define FAULTLINE_CHECKERS_CONSISTENCY_FINDING_H_

#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

namespace faultline::checkers::consistency {

inline constexpr size_t kMaxEvidence = 10;

struct EvidenceOp {
  std::string role;  // "read", "own write", "earlier read", ...
  size_t op = 0;     // index into History::ops
};

struct Finding {
  std::string key;
  int64_t process = 0;  // the session whose guarantee broke (lost writes: the writer)
  // The op that broke the guarantee first, then the ops it contradicts.
  std::vector<EvidenceOp> ops;
  std::string explanation;  // one line
};

struct GuaranteeResult {
  std::string checker;            // "read-your-writes", ..., "lost-writes"
  size_t judged_ops = 0;          // read / write / cas ops that did not fail
  size_t violations = 0;          // all of them
  std::vector<std::string> keys;  // keys with a violation, sorted
  std::vector<Finding> evidence;  // the first kMaxEvidence, earliest first
  bool valid() const { return violations == 0; }
};

class FindingCollector {
 public:
  explicit FindingCollector(std::string checker) : checker_(std::move(checker)) {}
  // REQUIRES: finding.ops is not empty.
  void Add(Finding finding);
  GuaranteeResult Finish(size_t judged_ops) &&;

 private:
  void Trim();
  std::string checker_;
  size_t count_ = 0;
  std::set<std::string> keys_;
  std::vector<Finding> kept_;
};

// "75.4ms": history times are nanoseconds; evidence reads in milliseconds.
std::string TimeText(int64_t ns);

}  // namespace faultline::checkers::consistency

#endif  // FAULTLINE_CHECKERS_CONSISTENCY_FINDING_H_
