#pragma once
// Robust summaries used to aggregate frames into shots and shots into films.
#include <utility>
#include <vector>

namespace stereotype::measure {

// Linear-interpolated quantile (q in [0,1]) of values; NaN for none.
double quantile(std::vector<double> values, double q);

struct Summary {
  double median = 0;
  double iqr = 0;      // p75 - p25
  double midmean = 0;  // interquartile mean: the mean of the middle half of the values
};
Summary summarize(const std::vector<double>& values);

// Median of values weighted by weights (e.g. screen time): the smallest value whose cumulative
// weight reaches half the total. NaN for none.
double weighted_median(std::vector<std::pair<double, double>> value_weight);
// Interquartile mean: the n sorted values laid end to end on [0, n), each one unit long, averaged
// over [n/4, 3n/4] (values cut by the bounds count in part). As robust as the median to a quarter of
// wild values at either end, but averaging half the sample instead of reading one or two values of
// it, so it moves less when the sample is redrawn. NaN for none.
double midmean(std::vector<double> values);
double weighted_mean(const std::vector<std::pair<double, double>>& value_weight);

// Student's t distribution with `dof` degrees of freedom (any real dof > 0): P(T <= t), from the
// regularised incomplete beta function, and its inverse (0 < p < 1). NaN outside the domain.
double student_t_cdf(double t, double dof);
double student_t_quantile(double p, double dof);

}  // namespace stereotype::measure
