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

}  // namespace stereotype::measure
