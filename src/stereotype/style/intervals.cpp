#include "stereotype/style/intervals.hpp"

#include <algorithm>
#include <numeric>
#include <random>
#include <string>

#include "stereotype/measure/statistics.hpp"
#include "stereotype/style/film_style.hpp"
#include "stereotype/style/resampling.hpp"

namespace stereotype::style {

namespace {

// The shots' indices in order of value, ties in film order: a resample's median is read off in
// one walk over its draw counts instead of a sort per resample.
template <typename Value>
std::vector<std::size_t> order_by_value(std::size_t n, Value value) {
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t i, std::size_t j) { return value(i) < value(j); });
  return order;
}

template <typename Value>
std::size_t figure_run(const IntervalParams& params, std::size_t n, Value value) {
  std::vector<double> series(n);
  for (std::size_t i = 0; i < n; ++i) series[i] = value(i);
  return run_length(params.block, series);
}

}  // namespace

FigureIntervals figure_intervals(const std::vector<std::pair<double, double>>& value_weight, std::string_view figure,
                                 const IntervalParams& params, const std::vector<int>& film) {
  std::vector<std::pair<double, double>> shots;  // in film order: the runs are of neighbours
  std::vector<double> values;
  std::vector<int> films;
  for (std::size_t i = 0; i < value_weight.size(); ++i) {
    const auto [v, w] = value_weight[i];
    if (std::isnan(v) || !(w > 0)) continue;
    shots.emplace_back(v, w);
    values.push_back(v);
    if (i < film.size()) films.push_back(film[i]);
  }
  FigureIntervals out;
  if (shots.size() < kIntervalMinShots || params.resamples < 1) return out;
  const std::size_t n = shots.size();
  const auto value = [&](std::size_t i) { return shots[i].first; };
  const auto by_value = order_by_value(n, value);
  const ShotResampler resampler(values, films, params.block);
  std::mt19937_64 rng(stream_seed(params.seed, std::string("interval ") + std::string(figure)));
  std::vector<double> medians, means;
  medians.reserve(static_cast<std::size_t>(params.resamples));
  means.reserve(static_cast<std::size_t>(params.resamples));
  std::vector<int> drawn(n);
  for (int r = 0; r < params.resamples; ++r) {
    resampler.draw(rng, drawn);
    double total = 0, sum = 0;
    for (std::size_t i = 0; i < n; ++i) {
      total += drawn[i] * shots[i].second;
      sum += drawn[i] * shots[i].second * shots[i].first;
    }
    double cumulative = 0;
    for (const std::size_t i : by_value) {
      cumulative += drawn[i] * shots[i].second;
      if (drawn[i] > 0 && cumulative >= 0.5 * total) {
        medians.push_back(shots[i].first);
        break;
      }
    }
    means.push_back(sum / total);
  }
  out.median = {measure::quantile(medians, 0.025), measure::quantile(medians, 0.975)};
  out.mean = {measure::quantile(means, 0.025), measure::quantile(means, 0.975)};
  out.block = resampler.run();
  return out;
}

ShotLengthIntervals shot_length_intervals(const std::vector<double>& lengths_in, const IntervalParams& params) {
  std::vector<double> lengths;  // in film order
  std::vector<std::pair<double, double>> each_once;
  for (const double l : lengths_in) {
    if (std::isnan(l)) continue;
    lengths.push_back(l);
    each_once.emplace_back(l, 1.0);
  }
  ShotLengthIntervals out;
  // The ASL is the mean with every shot weighing the same.
  out.asl = figure_intervals(each_once, "shots.asl_s", params).mean;
  if (lengths.size() < kIntervalMinShots || params.resamples < 1) return out;
  // The median is not the weighted one (the smaller middle value): with an even count it is the
  // mean of the two middle lengths, as shots.median_s is.
  const std::size_t n = lengths.size();
  const auto value = [&](std::size_t i) { return lengths[i]; };
  const auto by_value = order_by_value(n, value);
  const std::size_t block = figure_run(params, n, value);
  std::mt19937_64 rng(stream_seed(params.seed, "interval shots.median_s"));
  std::vector<double> medians;
  std::vector<int> drawn(n);
  // The value at 0-based rank r of a resample given by its draw counts.
  const auto at_rank = [&](std::size_t r) {
    std::size_t seen = 0;
    for (const std::size_t i : by_value) {
      seen += static_cast<std::size_t>(drawn[i]);
      if (seen > r) return lengths[i];
    }
    return lengths[by_value.back()];
  };
  for (int r = 0; r < params.resamples; ++r) {
    draw_blocks(rng, block, drawn);
    medians.push_back(n % 2 ? at_rank(n / 2) : 0.5 * (at_rank(n / 2 - 1) + at_rank(n / 2)));
  }
  out.median = {measure::quantile(medians, 0.025), measure::quantile(medians, 0.975)};
  return out;
}

std::map<std::string, FigureIntervals> film_figure_intervals(const FilmStyle& film, const std::vector<std::string>& keys,
                                                             const IntervalParams& params) {
  std::map<std::string, FigureIntervals> out;
  for (const auto& key : keys) {
    std::vector<std::pair<double, double>> value_weight;
    // Picture shots only, as the film's figures are (blank holds carry no style).
    for (const auto& s : film.shots)
      if (!s.blank) value_weight.emplace_back(s.metric(key), s.duration_s);
    out[key] = figure_intervals(value_weight, key, params);
  }
  return out;
}

}  // namespace stereotype::style
