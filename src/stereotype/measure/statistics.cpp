#include "stereotype/measure/statistics.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace stereotype::measure {

double quantile(std::vector<double> values, double q) {
  std::erase_if(values, [](double v) { return std::isnan(v); });
  if (values.empty()) return std::numeric_limits<double>::quiet_NaN();
  std::sort(values.begin(), values.end());
  const double pos = std::clamp(q, 0.0, 1.0) * static_cast<double>(values.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(pos));
  const auto hi = std::min(lo + 1, values.size() - 1);
  return values[lo] + (pos - static_cast<double>(lo)) * (values[hi] - values[lo]);
}

Summary summarize(const std::vector<double>& values) {
  return {quantile(values, 0.5), quantile(values, 0.75) - quantile(values, 0.25), midmean(values)};
}

double midmean(std::vector<double> values) {
  std::erase_if(values, [](double v) { return std::isnan(v); });
  if (values.empty()) return std::numeric_limits<double>::quiet_NaN();
  std::sort(values.begin(), values.end());
  const double n = static_cast<double>(values.size()), lo = 0.25 * n, hi = 0.75 * n;
  double sum = 0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    const double a = std::max(lo, static_cast<double>(i)), b = std::min(hi, static_cast<double>(i + 1));
    if (b > a) sum += (b - a) * values[i];
  }
  return sum / (hi - lo);
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
