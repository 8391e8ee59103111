#pragma once
// Robust summaries used to aggregate frames into shots and shots into films.
#include <utility>
#include <vector>

namespace stereotype::measure {

// Linear-interpolated quantile (q in [0,1]) of values; NaN for none.
double quantile(std::vector<double> values, double q);

struct Summary {
  double median = 0;
  double iqr = 0;  // p75 - p25
};
Summary summarize(const std::vector<double>& values);

// Median of values weighted by weights (e.g. screen time): the smallest value whose cumulative
// weight reaches half the total. NaN for none.
double weighted_median(std::vector<std::pair<double, double>> value_weight);
double weighted_mean(const std::vector<std::pair<double, double>>& value_weight);

}  // namespace stereotype::measure
