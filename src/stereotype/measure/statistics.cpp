#include "stereotype/measure/statistics.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

namespace stereotype::measure {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The values without NaNs, in order: every summary below reads them sorted.
std::vector<double> sorted_numbers(std::vector<double> values) {
  std::erase_if(values, [](double v) { return std::isnan(v); });
  std::sort(values.begin(), values.end());
  return values;
}

double sorted_quantile(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return kNaN;
  const double pos = std::clamp(q, 0.0, 1.0) * static_cast<double>(sorted.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(pos));
  const auto hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (pos - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

double sorted_midmean(const std::vector<double>& sorted) {
  if (sorted.empty()) return kNaN;
  const double n = static_cast<double>(sorted.size()), lo = 0.25 * n, hi = 0.75 * n;
  double sum = 0;
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    const double a = std::max(lo, static_cast<double>(i)), b = std::min(hi, static_cast<double>(i + 1));
    if (b > a) sum += (b - a) * sorted[i];
  }
  return sum / (hi - lo);
}

}  // namespace

double quantile(std::vector<double> values, double q) { return sorted_quantile(sorted_numbers(std::move(values)), q); }

double midmean(std::vector<double> values) { return sorted_midmean(sorted_numbers(std::move(values))); }

Summary summarize(const std::vector<double>& values) {
  const auto sorted = sorted_numbers(values);
  return {sorted_quantile(sorted, 0.5), sorted_quantile(sorted, 0.75) - sorted_quantile(sorted, 0.25), sorted_midmean(sorted)};
}

double weighted_median(std::vector<std::pair<double, double>> vw) {
  std::erase_if(vw, [](const auto& p) { return std::isnan(p.first) || !(p.second > 0); });
  if (vw.empty()) return std::numeric_limits<double>::quiet_NaN();
  std::sort(vw.begin(), vw.end());
  double total = 0;
  for (const auto& [v, w] : vw) total += w;
  double cumulative = 0;
  for (const auto& [v, w] : vw) {
    cumulative += w;
    if (cumulative >= 0.5 * total) return v;
  }
  return vw.back().first;
}

double weighted_mean(const std::vector<std::pair<double, double>>& vw) {
  double sum = 0, total = 0;
  for (const auto& [v, w] : vw) {
    if (std::isnan(v) || !(w > 0)) continue;
    sum += v * w;
    total += w;
  }
  return total > 0 ? sum / total : std::numeric_limits<double>::quiet_NaN();
}

namespace {
// I_x(a, b) by its continued fraction (Abramowitz & Stegun 26.5.8), evaluated with the modified
// Lentz method; the fraction converges fast for x < (a + 1) / (a + b + 2), the other side by symmetry.
double incomplete_beta_fraction(double a, double b, double x) {
  constexpr double tiny = 1e-300;
  double c = 1.0, d = 1.0 - (a + b) * x / (a + 1.0);
  if (std::abs(d) < tiny) d = tiny;
  d = 1.0 / d;
  double h = d;
  for (int m = 1; m <= 300; ++m) {
    const double mm = m;
    const double even = mm * (b - mm) * x / ((a + 2 * mm - 1) * (a + 2 * mm));
    d = 1.0 + even * d;
    c = 1.0 + even / c;
    d = 1.0 / (std::abs(d) < tiny ? tiny : d);
    c = std::abs(c) < tiny ? tiny : c;
    h *= d * c;
    const double odd = -(a + mm) * (a + b + mm) * x / ((a + 2 * mm) * (a + 2 * mm + 1));
    d = 1.0 + odd * d;
    c = 1.0 + odd / c;
    d = 1.0 / (std::abs(d) < tiny ? tiny : d);
    c = std::abs(c) < tiny ? tiny : c;
    const double step = d * c;
    h *= step;
    if (std::abs(step - 1.0) < 1e-15) break;
  }
  return h;
}

double regularised_incomplete_beta(double a, double b, double x) {
  if (x <= 0) return 0.0;
  if (x >= 1) return 1.0;
  const double front = std::exp(std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + a * std::log(x) + b * std::log1p(-x));
  if (x < (a + 1.0) / (a + b + 2.0)) return front * incomplete_beta_fraction(a, b, x) / a;
  return 1.0 - front * incomplete_beta_fraction(b, a, 1.0 - x) / b;
}
}  // namespace

double student_t_cdf(double t, double dof) {
  if (!(dof > 0) || std::isnan(t)) return std::numeric_limits<double>::quiet_NaN();
  const double tail = 0.5 * regularised_incomplete_beta(0.5 * dof, 0.5, dof / (dof + t * t));
  return t >= 0 ? 1.0 - tail : tail;
}

double student_t_quantile(double p, double dof) {
  if (!(dof > 0) || !(p > 0 && p < 1)) return std::numeric_limits<double>::quiet_NaN();
  if (p == 0.5) return 0.0;
  // The cdf is monotonic: bracket the quantile by doubling, then bisect to double precision.
  const double target = std::min(p, 1.0 - p);
  double low = -1.0, high = 0.0;
  while (student_t_cdf(low, dof) > target) {
    high = low;
    low *= 2.0;
    if (low < -1e12) break;
  }
  for (int i = 0; i < 200 && high - low > 1e-12 * std::max(1.0, std::abs(low)); ++i) {
    const double mid = 0.5 * (low + high);
    (student_t_cdf(mid, dof) > target ? high : low) = mid;
  }
  const double q = 0.5 * (low + high);
  return p < 0.5 ? q : -q;
}

}  // namespace stereotype::measure
