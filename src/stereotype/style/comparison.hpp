#pragma once
// Comparing two films (or two pooled corpora) shot by shot: for every metric, both sides'
// screen-time-weighted medians, Cliff's delta of B against A with a 95% interval and a
// permutation p-value, all seeded so the same inputs give the same numbers.
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "stereotype/style/film_style.hpp"
#include "stereotype/style/intervals.hpp"
#include "stereotype/style/resampling.hpp"

namespace stereotype::style {

struct CompareParams {
  std::uint64_t seed = 1;
  int bootstrap = 1000;     // resamples for the interval
  int permutations = 1000;  // label shuffles for the p-value
  std::size_t block = 0;    // consecutive shots per resampled run; 0: chosen for each side from its values
};

// P(b > a) - P(b < a) over all pairs: +1 when every B value exceeds every A value.
double cliffs_delta(const std::vector<double>& a, const std::vector<double>& b);

// A percentile bootstrap of δ cannot reach beyond what its resamples show: when every shot of one
// side lies above every shot of the other, every resample gives ±1 and the interval collapses to
// the point — with four films a side, as if the films' populations could not overlap. Newcombe's
// (2006, part 2, method 5) score interval for θ = (δ + 1) / 2 = P(b > a) + ½ P(b = a) cannot: its
// limits are the θ with (θ̂ − θ)² = z² V(θ), V the Hanley–McNeil (1982) variance
// V(θ) = θ (1 − θ) [1 + N*(1 − θ) / (2 − θ) + N* θ / (1 + θ)] / (m n), N* = (m + n) / 2 − 1, z = 1.96,
// mapped back to δ = 2θ − 1. m and n count independent units, not shots (effective_units).
Interval delta_score_interval(double delta, double units_a, double units_b);

// A single film against a corpus: δ compares it with the corpus's films taken together; this says
// whether it is unusual among them. Each film's figure is its screen-time-weighted median; under
// the hypothesis that the film is one more film like the corpus's, its rank among the n + 1 is
// uniform, so p = min(1, 2 min(#{corpus ≥ film} + 1, #{corpus ≤ film} + 1) / (n + 1)), ties
// counted against the film.
struct FilmAmongFilms {
  char film_side = 0;   // 'a' or 'b': the single film; 0 when the sides are not one film and several
  int films = 0;        // n: the other side's films with a value
  int below = 0, above = 0;  // of them, with a median below / above the film's
  double p_value = std::numeric_limits<double>::quiet_NaN();
};
FilmAmongFilms film_among_films(double film_median, const std::vector<double>& corpus_medians, char film_side);

struct MetricComparison {
  std::string key;
  int n_a = 0, n_b = 0;
  double median_a = 0, median_b = 0;  // screen-time weighted
  Interval median_a_ci, median_b_ci;  // each side's own 95 % interval (intervals.hpp): a one-film side's is its profile's
  double delta = 0, ci_low = 0, ci_high = 0, p_value = 0;  // ci: the wider of the bootstrap's and the score interval's limits
  double units_a = 0, units_b = 0;  // the independent values the score interval counts (effective_units)
  int p_value_run = 0;  // consecutive shots that changed sides together in the permutation test (0: no test, or films did)
  bool p_value_films = false;  // both sides pooled films, and whole films changed sides
  std::string magnitude;  // "negligible" < 0.147 <= "small" < 0.33 <= "medium" < 0.474 <= "large" (Romano et al. 2006)
  FilmAmongFilms among;   // one side a single film, the other several: the film among them
};

// `keys`: which metrics (each shot's `metric(key)`); NaN values are left out.
std::vector<MetricComparison> compare_metrics(const std::vector<const ShotStyle*>& a, const std::vector<const ShotStyle*>& b,
                                              const std::vector<std::string>& keys, const CompareParams& params);

// Two sides' screen-time-weighted means of one value per shot, (value, screen time) in film order
// with each shot's film (film_numbers; NaN values left out), and the difference B − A with a 95 %
// bootstrap interval and a permutation p-value, both drawn as the δ's are (films or runs of
// neighbours). `figure` names its random stream. The template tendency is such a mean.
struct MeanComparison {
  double mean_a = std::numeric_limits<double>::quiet_NaN(), mean_b = std::numeric_limits<double>::quiet_NaN();
  double difference = std::numeric_limits<double>::quiet_NaN(), ci_low = std::numeric_limits<double>::quiet_NaN(),
         ci_high = std::numeric_limits<double>::quiet_NaN(), p_value = std::numeric_limits<double>::quiet_NaN();
  bool p_value_films = false;
  int p_value_run = 0;
  double units_a = 0, units_b = 0;  // the independent shots each side's mean rests on (mean_units)
  double interval_tail = 0.025;     // the resamples' share left out at either end (expanded_tail)
};
MeanComparison compare_means(const std::vector<std::pair<double, double>>& a, const std::vector<int>& films_a,
                             const std::vector<std::pair<double, double>>& b, const std::vector<int>& films_b, const std::string& figure,
                             const CompareParams& params);

// The smallest p-value shuffling whole films can give, sides of films_a and films_b films: the
// observed split alone (and, with as many films a side, its mirror) of the C(a + b, a) splits.
double smallest_film_p_value(std::size_t films_a, std::size_t films_b);

// One plain-language line per notable difference (medium or large, interval excluding 0, p ≤ 0.05), the
// largest first: "B's shots are far more colourful: δ = 0.62 [0.48, 0.74]".
// A single film against a corpus, the line says where the film falls among the corpus's films:
// "…; its median above those of 11 of A's 12 films (p = 0.154)".
std::vector<std::string> plain_lines(const std::vector<MetricComparison>& comparisons, const std::string& name_b = "B",
                                     const std::string& name_a = "A");

std::string magnitude_of(double delta);

}  // namespace stereotype::style
