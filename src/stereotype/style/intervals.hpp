#pragma once
// How well a film's figures are known. A film figure — the screen-time-weighted median or mean of
// its shots' values — rests on a few dozen shots; resampling the shots with replacement (the
// percentile bootstrap, Efron & Tibshirani 1993) says how far it would move had the film been
// made of other shots like them. That is the interval a scholar cites beside the figure. The
// shots are drawn in runs of neighbours (resampling.hpp), since a film's shots come in scenes.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace stereotype::style {

struct Interval {
  double low = std::numeric_limits<double>::quiet_NaN();
  double high = std::numeric_limits<double>::quiet_NaN();
  bool known() const { return !std::isnan(low) && !std::isnan(high); }
};

struct IntervalParams {
  std::uint64_t seed = 1;
  int resamples = 1000;
  std::size_t block = 0;  // consecutive shots per resampled run; 0: chosen from the figure's own values (block_length)
};

// Below this many shots a percentile interval covers the figure far less often than it claims
// (measured in docs/style.md, *Intervals of film figures*): no interval is given.
inline constexpr std::size_t kIntervalMinShots = 10;

struct FigureIntervals {
  Interval median;  // of the screen-time-weighted median
  Interval mean;    // of the screen-time-weighted mean
  std::size_t block = 0;  // the consecutive shots per resampled run; 0 when there is no interval
};

// 95 % intervals (percentiles 2.5 and 97.5 over the resamples) of one figure from its shots'
// (value, screen time) in film order; NaN values and shots without screen time are left out. The figure's name
// seeds its own stream, so a film gets the same interval from `analyze` and from `compare`.
// `film` (beside value_weight, empty for one film): each shot's film in a pooled side, whose films
// are then resampled before their shots (ShotResampler); `block` is then the longest film's run.
FigureIntervals figure_intervals(const std::vector<std::pair<double, double>>& value_weight, std::string_view figure,
                                 const IntervalParams& params, const std::vector<int>& film = {});

// Shot lengths (in film order) as cinemetrics counts them — every picture shot once, unweighted: 95 % intervals of
// the average shot length (`shots.asl_s`) and of the median shot length (`shots.median_s`, the
// mean of the two middle lengths when there is an even number), by the same bootstrap.
struct ShotLengthIntervals {
  Interval asl, median;
};
ShotLengthIntervals shot_length_intervals(const std::vector<double>& lengths, const IntervalParams& params);

struct FilmStyle;

// Every named figure of a film (its picture shots' metric(key), weighted by screen time).
std::map<std::string, FigureIntervals> film_figure_intervals(const FilmStyle& film, const std::vector<std::string>& keys,
                                                             const IntervalParams& params);

}  // namespace stereotype::style
