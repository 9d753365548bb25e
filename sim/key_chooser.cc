#include "sim/key_chooser.h"

#include <cmath>

#include "base/check.h"

namespace faultline::sim {
namespace {
double Zeta(int64_t n, double theta) {
  double sum = 0;
  for (int64_t i = 1; i <= n; ++i) sum += 1 / std::pow(static_cast<double>(i), theta);
  return sum;
}
}  // namespace

KeyChooser::KeyChooser(const KeysSpec& spec) : spec_(spec) {
  FL_CHECK(spec.count >= 1);
  if (spec.dist != KeysSpec::Dist::kZipfian) return;
  FL_CHECK(spec.theta > 0 && spec.theta < 1);
  const double n = spec.count;
  zeta_n_ = Zeta(spec.count, spec.theta);
  const double zeta_2 = Zeta(2, spec.theta);
  alpha_ = 1 / (1 - spec.theta);
  eta_ = (1 - std::pow(2 / n, 1 - spec.theta)) / (1 - zeta_2 / zeta_n_);
  half_pow_theta_ = std::pow(0.5, spec.theta);
}

int64_t KeyChooser::Next(Rng& rng) const {
  if (spec_.dist == KeysSpec::Dist::kUniform || spec_.count == 1) {
    return static_cast<int64_t>(rng.Below(static_cast<uint64_t>(spec_.count)));
  }
  const double u = rng.Unit();
  const double uz = u * zeta_n_;
  if (uz < 1) return 0;
  if (uz < 1 + half_pow_theta_) return 1;
  const auto k = static_cast<int64_t>(spec_.count * std::pow(eta_ * u - eta_ + 1, alpha_));
  return k < spec_.count ? k : spec_.count - 1;
}

}  // namespace faultline::sim
