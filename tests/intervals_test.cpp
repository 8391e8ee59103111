// Intervals of film figures: the percentile bootstrap over shots drawn in runs of neighbours,
// checked against what is known of it — the order-statistic interval of a median, coverage of a
// known population's median and mean (independent shots and scenes), screen time as the weight,
// the run length on series of known autocorrelation, and seeded streams.
#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

#include <gtest/gtest.h>

#include "stereotype/measure/statistics.hpp"
#include "stereotype/style/intervals.hpp"
#include "stereotype/style/resampling.hpp"

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

// Films of n shots drawn from a population whose median and mean are both 50 (screen times
// log-normal and independent of the values); the share of films whose interval holds 50. Each
// value is 50 + 10 z, or, for films made of scenes, a scene's own offset plus the shot's: scenes
// of 3 to 7 consecutive shots, half the variance between scenes (intra-class correlation 0.5).
struct Coverage {
  double median = 0, mean = 0;
};
Coverage coverage(std::size_t shots, int films, std::uint64_t seed, bool scenes = false, std::size_t block = 0) {
  Normal z(seed);
  std::mt19937_64 scene_lengths(seed + 1);
  Coverage c;
  for (int f = 0; f < films; ++f) {
    ValueWeight film;
    double scene = 0;
    std::size_t left = 0;
    for (std::size_t i = 0; i < shots; ++i) {
      if (scenes && left == 0) {
        scene = std::sqrt(50.0) * z();
        left = 3 + scene_lengths() % 5;
      }
      --left;
      const double value = scenes ? 50 + scene + std::sqrt(50.0) * z() : 50 + 10 * z();
      film.emplace_back(value, std::exp(1.0 + 0.8 * z()));
    }
    const auto in = figure_intervals(film, "color.lightness_mean", {static_cast<std::uint64_t>(f) + 1, 1000, block});
    c.median += (in.median.low <= 50 && 50 <= in.median.high) ? 1 : 0;
    c.mean += (in.mean.low <= 50 && 50 <= in.mean.high) ? 1 : 0;
  }
  c.median /= films;
  c.mean /= films;
  return c;
}

}  // namespace

// 101 shots of equal length valued 1…101, drawn one by one (runs of 1: the ordinary bootstrap):
// the resampled median is at most k exactly when 51 of the 101 draws are, so its 2.5 % and 97.5 %
// points are the values 41 and 61 (binomial, computed exactly) — also the classical
// order-statistic 95 % interval of a median of 101.
TEST(Intervals, EqualShotsGiveTheMediansOrderStatisticInterval) {
  ValueWeight film;
  for (int v = 101; v >= 1; --v) film.emplace_back(v, 4.0);
  const auto in = figure_intervals(film, "color.colorfulness", {1, 1000, 1});
  EXPECT_NEAR(in.median.low, 41, 1.0);
  EXPECT_NEAR(in.median.high, 61, 1.0);
  // The mean's: 51 ± 1.96 × σ/√n, σ = √((101² − 1)/12) = 29.15 for the values 1…101.
  EXPECT_NEAR(in.mean.low, 51 - 1.96 * 29.15 / std::sqrt(101.0), 0.6);
  EXPECT_NEAR(in.mean.high, 51 + 1.96 * 29.15 / std::sqrt(101.0), 0.6);
  // In this order every shot is like its neighbours (the values fall steadily): the automatic
  // choice draws runs of them, and the intervals widen, as they should for a film that drifts.
  const auto runs = figure_intervals(film, "color.colorfulness", {});
  EXPECT_LT(runs.median.low, in.median.low - 3);
  EXPECT_GT(runs.median.high, in.median.high + 3);
  EXPECT_GT(runs.mean.high - runs.mean.low, 1.5 * (in.mean.high - in.mean.low));
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
// 50 in about 93 % of films (93.8 % median, 92.5 % mean: the percentile bootstrap's known
// shortfall at a few dozen shots, larger with unequal screen times). A wrong percentile, a
// resample of the wrong size or a shared stream moves it far from there. Measured for 10–300
// shots in docs/style.md.
TEST(Intervals, TheIntervalsHoldTheTrueFigureInMostFilms) {
  const auto c = coverage(40, 2000, 11);
  EXPECT_NEAR(c.median, 0.938, 0.002);
  EXPECT_NEAR(c.mean, 0.925, 0.002);
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

// Shot lengths 1…100 s, each shot once, drawn one by one: the median shot length is 50.5 and the
// resampled medians' 2.5 % and 97.5 % points are 41 and 60 (100 000 resamples, computed apart);
// the ASL's interval is 50.5 ± 1.96 × 28.87/√100. Below ten shots, none.
TEST(Intervals, ShotLengthsGiveTheOrderStatisticIntervalOfTheirMedian) {
  std::vector<double> lengths;
  for (int l = 100; l >= 1; --l) lengths.push_back(l);
  const auto in = stereotype::style::shot_length_intervals(lengths, {1, 1000, 1});
  EXPECT_NEAR(in.median.low, 41, 1.0);
  EXPECT_NEAR(in.median.high, 60, 1.0);
  EXPECT_NEAR(in.asl.low, 50.5 - 1.96 * 2.887, 0.6);
  EXPECT_NEAR(in.asl.high, 50.5 + 1.96 * 2.887, 0.6);
  EXPECT_FALSE(stereotype::style::shot_length_intervals({2, 3, 4, 5, 6, 7, 8, 9, 10}, {}).asl.known());
}


// Films made of scenes (3–7 consecutive shots sharing half the variance): drawn one by one, the
// shots look independent and the intervals hold the true figure in only 84 % (median) and 77 %
// (mean) of 1000 films of 150 shots; drawn in runs of the automatically chosen length, in 90 % and
// 88 %. For independent shots the choice is runs of 1, so nothing is lost there (the test above).
// Measured for 10–500 shots in docs/style.md.
TEST(Intervals, AFilmMadeOfScenesIsResampledInRunsOfNeighbours) {
  const auto one_by_one = coverage(150, 1000, 11, true, 1);
  const auto runs = coverage(150, 1000, 11, true);
  EXPECT_NEAR(one_by_one.median, 0.840, 0.002);
  EXPECT_NEAR(one_by_one.mean, 0.774, 0.002);
  EXPECT_NEAR(runs.median, 0.904, 0.002);
  EXPECT_NEAR(runs.mean, 0.880, 0.002);
}

// The run length on series whose neighbour likeness is known: AR(1) series x_t = φ x_{t−1} + e_t
// of 1000 values. Independent (φ = 0): 1. φ = 0.3: the autocorrelation is within the noise bound
// 2 √(log₁₀ n / n) = 0.11 from lag 2 (0.3² = 0.09), so M = 2 and b = (2 G² / D)^(1/3) n^(1/3) with
// G = 2 · 0.3, D = 4/3 · 1.6², i.e. 5.95 → 6. φ = 0.7: the theoretical optimum
// (6 φ² / (1 − φ²)²)^(1/3) n^(1/3) = 22.4, which five series give on average within a fifth.
TEST(Intervals, TheRunLengthFollowsTheLikenessOfNeighbours) {
  double strong = 0;
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    for (const double phi : {0.0, 0.3, 0.7}) {
      Normal z(seed);
      std::vector<double> x{z()};
      for (int i = 1; i < 1000; ++i) x.push_back(phi * x.back() + std::sqrt(1 - phi * phi) * z());
      const auto b = stereotype::style::block_length(x);
      if (phi == 0.0) {
        EXPECT_EQ(b, 1u) << seed;
      } else if (phi == 0.3) {
        EXPECT_EQ(b, 6u) << seed;
      } else {
        strong += static_cast<double>(b) / 5;
      }
    }
  }
  EXPECT_NEAR(strong, 22.4, 0.2 * 22.4);
  // Constant or short series: runs of 1; a film of two scenes of 30 shots: runs of a good part of a
  // scene (12), never more than n / 3.
  EXPECT_EQ(stereotype::style::block_length(std::vector<double>(50, 3.0)), 1u);
  EXPECT_EQ(stereotype::style::block_length({1, 2, 3}), 1u);
  std::vector<double> two_scenes(60, 0.0);
  std::fill(two_scenes.begin() + 30, two_scenes.end(), 1.0);
  EXPECT_GE(stereotype::style::block_length(two_scenes), 10u);
  EXPECT_LE(stereotype::style::block_length(two_scenes), 20u);
}

// One resample draws n shots in runs of consecutive ones that wrap from the last to the first, and
// over many resamples every shot is drawn equally often (no edge effect, unlike moving blocks).
TEST(Intervals, RunsWrapAroundSoEveryShotIsDrawnEquallyOften) {
  std::mt19937_64 rng(7);
  std::vector<int> drawn(10), total(10, 0);
  for (int r = 0; r < 20000; ++r) {
    stereotype::style::draw_blocks(rng, 4, drawn);
    EXPECT_EQ(std::accumulate(drawn.begin(), drawn.end(), 0), 10);
    for (std::size_t i = 0; i < 10; ++i) total[i] += drawn[i];
  }
  for (const int t : total) EXPECT_NEAR(t / 20000.0, 1.0, 0.03);
  // Runs of 4 in 10 shots: 3 runs, the last cut to 2; a draw count is never more than 3 runs.
  std::mt19937_64 again(7);
  stereotype::style::draw_blocks(again, 4, drawn);
  EXPECT_LE(*std::max_element(drawn.begin(), drawn.end()), 3);
  // Runs of 1 are the ordinary bootstrap: 10 independent uniform draws.
  std::mt19937_64 single(9), check(9);
  stereotype::style::draw_blocks(single, 1, drawn);
  std::vector<int> expected(10, 0);
  for (int k = 0; k < 10; ++k) ++expected[stereotype::style::uniform_index(check(), 10)];
  EXPECT_EQ(drawn, expected);
}

// A pooled corpus is resampled film by film: each resample draws as many films as there are, with
// replacement, each drawn film all its shots' worth of draws (in its own runs); one film is
// draw_blocks itself, draw for draw.
TEST(Intervals, ACorpusDrawsWholeFilmsThenTheirShots) {
  const std::vector<double> values(5 + 8 + 3, 1.0);
  std::vector<int> film;
  for (const auto& [f, n] : {std::pair{0, 5}, {1, 8}, {2, 3}}) film.insert(film.end(), static_cast<std::size_t>(n), f);
  const stereotype::style::ShotResampler corpus(values, film, 2);
  ASSERT_EQ(corpus.films(), 3u);
  EXPECT_EQ(corpus.film_start(1), 5u);
  EXPECT_EQ(corpus.film_end(2), 16u);
  std::mt19937_64 rng(5);
  std::vector<int> drawn;
  double films_drawn = 0, first_drawn = 0;
  for (int r = 0; r < 3000; ++r) {
    corpus.draw(rng, drawn);
    int times_total = 0;
    for (std::size_t f = 0; f < 3; ++f) {
      const int size = static_cast<int>(corpus.film_end(f) - corpus.film_start(f));
      const int sum = std::accumulate(drawn.begin() + static_cast<long>(corpus.film_start(f)), drawn.begin() + static_cast<long>(corpus.film_end(f)), 0);
      EXPECT_EQ(sum % size, 0);  // whole films
      times_total += sum / size;
      if (f == 0) first_drawn += sum / size;
    }
    EXPECT_EQ(times_total, 3);  // as many films as there are
    films_drawn += times_total;
  }
  EXPECT_NEAR(first_drawn / 3000, 1.0, 0.05);  // each film once on average
  // One film: the same draws as draw_blocks.
  const stereotype::style::ShotResampler one(values, {}, 2);
  EXPECT_EQ(one.films(), 1u);
  std::mt19937_64 a(9), b(9);
  std::vector<int> expected(values.size());
  one.draw(a, drawn);
  stereotype::style::draw_blocks(b, 2, expected);
  EXPECT_EQ(drawn, expected);
}

// Corpora of 5 films of 30 shots from a population whose median is 50, each film with its own
// offset carrying a fifth of the variance: the interval of the pooled median holds 50 in about 90 %
// of the corpora resampled film by film; resampled as one film's shots, in far fewer (it sees 150 shots
// where there are 5 films' worth of evidence about the offsets).
TEST(Intervals, ACorpusOfFilmsHoldsItsPopulationsMedian) {
  Normal z(31);
  double by_film = 0, as_shots = 0;
  const int corpora = 300;
  for (int c = 0; c < corpora; ++c) {
    ValueWeight shots;
    std::vector<int> film;
    for (int f = 0; f < 5; ++f) {
      const double own = std::sqrt(20.0) * z();
      for (int i = 0; i < 30; ++i) {
        shots.emplace_back(50 + own + std::sqrt(80.0) * z(), 1.0);
        film.push_back(f);
      }
    }
    const IntervalParams params{static_cast<std::uint64_t>(c) + 1, 500, 0};
    const auto films = figure_intervals(shots, "color.lightness_mean", params, film);
    const auto pooled = figure_intervals(shots, "color.lightness_mean", params);
    by_film += films.median.low <= 50 && 50 <= films.median.high;
    as_shots += pooled.median.low <= 50 && 50 <= pooled.median.high;
  }
  by_film /= corpora;
  as_shots /= corpora;
  std::printf("corpora of 5 films: the median's interval holds the population's in %.3f film by film, %.3f as shots\n", by_film, as_shots);
  // Measured: 0.897 and 0.667 (five films are few for a bootstrap: short of 95 % either way).
  EXPECT_GT(by_film, 0.86);
  EXPECT_LT(as_shots, 0.75);
}
