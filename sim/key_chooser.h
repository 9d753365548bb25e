// Picks keys for workload operations: uniform, or zipfian (hot keys) with YCSB's
// generator (Gray et al., "Quickly generating billion-record synthetic databases").
//
//   KeyChooser keys(spec.keys);
//   int64_t k = keys.Next(rng);   // in [0, count)
#ifndef FAULTLINE_SIM_KEY_CHOOSER_H_
#define FAULTLINE_SIM_KEY_CHOOSER_H_

#include <cstdint>

#include "sim/rng.h"
#include "sim/scenario.h"

namespace faultline::sim {

class KeyChooser {
 public:
  // REQUIRES: spec.count >= 1; for zipfian 0 < theta < 1.
  explicit KeyChooser(const KeysSpec& spec);
  int64_t Next(Rng& rng) const;

 private:
  KeysSpec spec_;
  double zeta_n_ = 0;
  double alpha_ = 0;
  double eta_ = 0;
  double half_pow_theta_ = 0;
};

}  // namespace faultline::sim

#endif  // FAULTLINE_SIM_KEY_CHOOSER_H_
