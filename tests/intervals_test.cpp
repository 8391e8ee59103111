// Intervals of film figures: the percentile bootstrap over shots, checked against what is known
// of it — the order-statistic interval of a median, coverage of a known population's median and
// mean, screen time as the weight, and seeded streams.
#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

#include <gtest/gtest.h>

#include "stereotype/measure/statistics.hpp"
#include "stereotype/style/intervals.hpp"

namespace {

using stereotype::style::figure_intervals;
using stereotype::style::IntervalParams;
using ValueWeight = std::vector<std::pair<double, double>>;

// Standard normal numbers by Box–Muller from the raw 64-bit stream, which the standard specifies
// to the bit (its distributions are not: libstdc++ and libc++ draw other numbers).
class Normal {
 public:
  explicit Normal(std::uint64_t seed) : rng_(seed) {}
  double operator()() {
    const double u1 = (static_cast<double>(rng_() >> 11) + 1.0) * 0x1.0p-53, u2 = static_cast<double>(rng_() >> 11) * 0x1.0p-53;
    return std::sqrt(-2 * std::log(u1)) * std::cos(2 * M_PI * u2);
  }

 private:
  std::mt19937_64 rng_;
};

// Films of n shots drawn from a population whose median and mean are both 50 (normal values,
// screen times log-normal and independent of them); the share of films whose interval holds 50.
struct Coverage {
  double median = 0, mean = 0;
};
Coverage coverage(std::size_t shots, int films, std::uint64_t seed) {
  Normal z(seed);
  Coverage c;
  for (int f = 0; f < films; ++f) {
    ValueWeight film;
    for (std::size_t i = 0; i < shots; ++i) {
      const double value = 50 + 10 * z();
      film.emplace_back(value, std::exp(1.0 + 0.8 * z()));
    }
    const auto in = figure_intervals(film, "color.lightness_mean", {static_cast<std::uint64_t>(f) + 1, 1000});
    c.median += (in.median.low <= 50 && 50 <= in.median.high) ? 1 : 0;
    c.mean += (in.mean.low <= 50 && 50 <= in.mean.high) ? 1 : 0;
  }
  c.median /= films;
  c.mean /= films;
  return c;
}

}  // namespace

// 101 shots of equal length valued 1…101: the resampled median is at most k exactly when 51 of
// the 101 draws are, so its 2.5 % and 97.5 % points are the values 41 and 61 (binomial, computed
// exactly) — also the classical order-statistic 95 % interval of a median of 101.
TEST(Intervals, EqualShotsGiveTheMediansOrderStatisticInterval) {
  ValueWeight film;
  for (int v = 101; v >= 1; --v) film.emplace_back(v, 4.0);
  const auto in = figure_intervals(film, "color.colorfulness", {});
  EXPECT_NEAR(in.median.low, 41, 1.0);
  EXPECT_NEAR(in.median.high, 61, 1.0);
  // The mean's: 51 ± 1.96 × σ/√n, σ = √((101² − 1)/12) = 29.15 for the values 1…101.
  EXPECT_NEAR(in.mean.low, 51 - 1.96 * 29.15 / std::sqrt(101.0), 0.6);
  EXPECT_NEAR(in.mean.high, 51 + 1.96 * 29.15 / std::sqrt(101.0), 0.6);
}

// Screen time is the weight: ten 10-s shots at about 100 and ten 1-s shots at 0. Counted shot by
// shot the median would fall between the two groups; weighted by screen time it stays among the
// long shots in every resample that has two of them (all but about 1 in 10⁵ here).
TEST(Intervals, ScreenTimeWeighsTheShots) {
  ValueWeight film;
  for (int i = 0; i < 10; ++i) {
    film.emplace_back(100 + i, 10.0);
    film.emplace_back(0, 1.0);
  }
  const auto in = figure_intervals(film, "texture.grain", {});
  EXPECT_GE(in.median.low, 100);
  EXPECT_LE(in.median.high, 109);
  // The weighted mean is 100 × 10/11 ≈ 94; resamples move it, but never down to the short shots.
  EXPECT_GT(in.mean.low, 80);
  EXPECT_LT(in.mean.high, 104.5);
}

// 2000 films of 40 shots from a population whose median and mean are both 50: the intervals hold
// 50 in about 93 % of films (93.7 % median, 92.6 % mean: the percentile bootstrap's known
// shortfall at a few dozen shots, larger with unequal screen times). A wrong percentile, a
// resample of the wrong size or a shared stream moves it far from there. Measured for 10–300
// shots in docs/style.md.
TEST(Intervals, TheIntervalsHoldTheTrueFigureInMostFilms) {
  const auto c = coverage(40, 2000, 11);
  EXPECT_NEAR(c.median, 0.937, 0.002);
  EXPECT_NEAR(c.mean, 0.926, 0.002);
  EXPECT_GT(c.median, 0.9);
  EXPECT_GT(c.mean, 0.9);
}

TEST(Intervals, FewerThanTenShotsGiveNoInterval) {
  ValueWeight film;
  for (int i = 0; i < 9; ++i) film.emplace_back(i, 1.0);
  // Undefined values and shots without screen time do not count.
  film.emplace_back(std::nan(""), 1.0);
  film.emplace_back(3.0, 0.0);
  const auto in = figure_intervals(film, "color.haze", {});
  EXPECT_FALSE(in.median.known());
  EXPECT_FALSE(in.mean.known());
  film.emplace_back(9.0, 1.0);
  EXPECT_TRUE(figure_intervals(film, "color.haze", {}).median.known());
}

// The same seed and figure give the same interval (and so `analyze` and `compare` agree); another
// seed or another figure draws other resamples.
TEST(Intervals, EachFigureHasItsOwnSeededStream) {
  Normal z(3);
  ValueWeight film;
  for (int i = 0; i < 30; ++i) film.emplace_back(z(), 1.0 + i % 4);
  const auto a = figure_intervals(film, "color.haze", {1, 1000});
  const auto again = figure_intervals(film, "color.haze", {1, 1000});
  EXPECT_EQ(a.median.low, again.median.low);
  EXPECT_EQ(a.mean.high, again.mean.high);
  const auto other_seed = figure_intervals(film, "color.haze", {2, 1000});
  const auto other_figure = figure_intervals(film, "color.neon_share", {1, 1000});
  EXPECT_NE(a.mean.low, other_seed.mean.low);
  EXPECT_NE(a.mean.low, other_figure.mean.low);
  // Different draws of the same bootstrap distribution: close, not equal.
  EXPECT_NEAR(a.mean.low, other_seed.mean.low, 0.1);
}

// Shot lengths 1…100 s, each shot once: the median shot length is 50.5 and the resampled medians'
// 2.5 % and 97.5 % points are 41 and 60 (100 000 resamples, computed apart); the ASL's interval is
// 50.5 ± 1.96 × 28.87/√100. Below ten shots, none.
TEST(Intervals, ShotLengthsGiveTheOrderStatisticIntervalOfTheirMedian) {
  std::vector<double> lengths;
  for (int l = 100; l >= 1; --l) lengths.push_back(l);
  const auto in = stereotype::style::shot_length_intervals(lengths, {});
  EXPECT_NEAR(in.median.low, 41, 1.0);
  EXPECT_NEAR(in.median.high, 60, 1.0);
  EXPECT_NEAR(in.asl.low, 50.5 - 1.96 * 2.887, 0.6);
  EXPECT_NEAR(in.asl.high, 50.5 + 1.96 * 2.887, 0.6);
  EXPECT_FALSE(stereotype::style::shot_length_intervals({2, 3, 4, 5, 6, 7, 8, 9, 10}, {}).asl.known());
}
