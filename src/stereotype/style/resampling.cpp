#include "stereotype/style/resampling.hpp"

#include <algorithm>
#include <cmath>

#include "stereotype/measure/statistics.hpp"

namespace stereotype::style {

std::uint64_t stream_seed(std::uint64_t seed, std::string_view figure) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : figure) h = (h ^ c) * 1099511628211ULL;
  return seed ^ h;
}

__extension__ using Wide = unsigned __int128;

// Lemire's multiply-shift: unlike std::uniform_int_distribution, specified to the bit.
std::uint64_t uniform_index(std::uint64_t random, std::uint64_t n) {
  return static_cast<std::uint64_t>((static_cast<Wide>(random) * n) >> 64);
}

std::size_t block_length(const std::vector<double>& x) {
  const std::size_t n = x.size();
  if (n < 4) return 1;
  double mean = 0;
  for (const double v : x) mean += v;
  mean /= static_cast<double>(n);
  // Autocovariance at lag k (divided by n, as the estimator of Politis & White is).
  const auto covariance = [&](std::size_t k) {
    double s = 0;
    for (std::size_t i = 0; i + k < n; ++i) s += (x[i] - mean) * (x[i + k] - mean);
    return s / static_cast<double>(n);
  };
  const double variance = covariance(0);
  if (!(variance > 0)) return 1;
  const double log_n = std::log10(static_cast<double>(n));
  const std::size_t run = std::max<std::size_t>(5, static_cast<std::size_t>(std::ceil(std::sqrt(log_n))));
  const std::size_t most_lags = static_cast<std::size_t>(std::ceil(std::sqrt(static_cast<double>(n)))) + run;
  const double negligible = 2 * std::sqrt(log_n / static_cast<double>(n));
  std::size_t first_quiet = most_lags;
  for (std::size_t m = 0; m + run < n && m + run <= most_lags; ++m) {
    bool quiet = true;
    for (std::size_t k = 1; k <= run && quiet; ++k) quiet = std::abs(covariance(m + k) / variance) < negligible;
    if (quiet) {
      first_quiet = m;
      break;
    }
  }
  const std::size_t lags = std::min({2 * first_quiet, most_lags, n - 1});
  if (lags == 0) return 1;
  double g = 0, G = 0;
  for (std::size_t k = 0; k <= lags; ++k) {
    const double t = static_cast<double>(k) / static_cast<double>(lags);
    const double window = t <= 0.5 ? 1.0 : 2.0 * (1.0 - t);
    const double r = covariance(k);
    g += (k == 0 ? 1.0 : 2.0) * window * r;  // lags −k and k
    G += 2.0 * window * static_cast<double>(k) * r;
  }
  const double D = 4.0 / 3.0 * g * g;
  if (!(D > 0)) return 1;
  const double b = std::cbrt(2 * G * G / D) * std::cbrt(static_cast<double>(n));
  const double most = std::min(3 * std::sqrt(static_cast<double>(n)), static_cast<double>(n) / 3);
  return static_cast<std::size_t>(std::clamp(std::round(b), 1.0, std::max(1.0, std::floor(most))));
}

namespace {
// Adds one circular block resample of the n shots at `drawn` to their counts.
void add_blocks(std::mt19937_64& rng, std::size_t block, int* drawn, std::size_t n) {
  block = std::clamp<std::size_t>(block, 1, std::max<std::size_t>(n, 1));
  for (std::size_t taken = 0; taken < n;) {
    std::size_t i = uniform_index(rng(), n);
    for (std::size_t k = 0; k < block && taken < n; ++k, ++taken) {
      ++drawn[i];
      i = i + 1 == n ? 0 : i + 1;
    }
  }
}
}  // namespace

void draw_blocks(std::mt19937_64& rng, std::size_t block, std::vector<int>& drawn) {
  std::fill(drawn.begin(), drawn.end(), 0);
  add_blocks(rng, block, drawn.data(), drawn.size());
}

ShotResampler::ShotResampler(const std::vector<double>& values, const std::vector<int>& film, std::size_t fixed_run) : n_(values.size()) {
  starts_.push_back(0);
  for (std::size_t i = 1; i < film.size() && i < n_; ++i)
    if (film[i] != film[i - 1]) starts_.push_back(i);
  for (std::size_t f = 0; f < starts_.size(); ++f) {
    const std::vector<double> own(values.begin() + static_cast<std::ptrdiff_t>(starts_[f]), values.begin() + static_cast<std::ptrdiff_t>(film_end(f)));
    runs_.push_back(run_length(fixed_run, own));
  }
}

std::size_t ShotResampler::run() const { return *std::max_element(runs_.begin(), runs_.end()); }

void ShotResampler::draw(std::mt19937_64& rng, std::vector<int>& drawn) const {
  drawn.resize(n_);
  if (starts_.size() == 1) {
    draw_blocks(rng, runs_[0], drawn);
    return;
  }
  std::fill(drawn.begin(), drawn.end(), 0);
  for (std::size_t k = 0; k < starts_.size(); ++k) {
    const std::size_t f = uniform_index(rng(), starts_.size());
    add_blocks(rng, runs_[f], drawn.data() + starts_[f], film_end(f) - starts_[f]);
  }
}

ShuffleUnits shuffle_units(const std::vector<int>& film_a, const std::vector<int>& film_b, std::size_t run) {
  ShuffleUnits u;
  // Film numbers only grow along a side: it holds several films when its first and last differ.
  const bool corpora = !film_a.empty() && !film_b.empty() && film_a.front() != film_a.back() && film_b.front() != film_b.back();
  u.films = corpora;
  u.run = corpora ? 0 : static_cast<int>(std::max<std::size_t>(run, 1));
  for (int side = 0; side < 2; ++side) {
    const auto& film = side == 0 ? film_a : film_b;
    for (std::size_t i = 0; i < film.size();) {
      std::size_t end = i + 1;
      if (corpora)
        while (end < film.size() && film[end] == film[i]) ++end;
      else
        end = std::min(i + static_cast<std::size_t>(u.run), film.size());
      u.units.push_back({side, i, end - i});
      i = end;
    }
    if (side == 0) u.units_a = u.units.size();
  }
  return u;
}

void shuffle(std::mt19937_64& rng, ShuffleUnits& u) {
  for (std::size_t i = u.units.size() - 1; i > 0; --i) std::swap(u.units[i], u.units[uniform_index(rng(), i + 1)]);
}

double effective_units(const std::vector<double>& values, const ShotResampler& films) {
  const std::size_t n = values.size(), k = films.films();
  if (n == 0) return 0;
  if (k == 1) return std::ceil(static_cast<double>(n) / static_cast<double>(std::max<std::size_t>(films.run(), 1)));
  // Mid-ranks, so that the correlation is that of the order δ counts, not of the values' scale.
  std::vector<std::size_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) { return values[x] < values[y]; });
  std::vector<double> rank(n);
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i;
    while (j + 1 < n && values[order[j + 1]] == values[order[i]]) ++j;
    for (std::size_t q = i; q <= j; ++q) rank[order[q]] = 0.5 * static_cast<double>(i + j);
    i = j + 1;
  }
  double grand = 0;
  for (double r : rank) grand += r;
  grand /= static_cast<double>(n);
  double between = 0, within = 0, sum_sq_sizes = 0;
  for (std::size_t f = 0; f < k; ++f) {
    const std::size_t from = films.film_start(f), to = films.film_end(f);
    const double size = static_cast<double>(to - from);
    double mean = 0;
    for (std::size_t i = from; i < to; ++i) mean += rank[i];
    mean /= size;
    for (std::size_t i = from; i < to; ++i) within += (rank[i] - mean) * (rank[i] - mean);
    between += size * (mean - grand) * (mean - grand);
    sum_sq_sizes += size * size;
  }
  const double total = static_cast<double>(n), groups = static_cast<double>(k);
  const double ms_between = between / (groups - 1);
  const double ms_within = total > groups ? within / (total - groups) : 0.0;
  const double n0 = (total - sum_sq_sizes / total) / (groups - 1);
  const double denominator = ms_between + (n0 - 1) * ms_within;
  const double icc = denominator > 0 ? std::clamp((ms_between - ms_within) / denominator, 0.0, 1.0) : 1.0;
  return total / (1.0 + (total / groups - 1.0) * icc);
}

double mean_units(const std::vector<double>& values, const std::vector<double>& weights, const ShotResampler& films) {
  const std::size_t n = values.size();
  if (n == 0) return 0;
  double total = 0, squares = 0;
  for (double w : weights) {
    total += w;
    squares += w * w;
  }
  const double weighting = squares > 0 ? total * total / (static_cast<double>(n) * squares) : 1.0;
  return effective_units(values, films) * weighting;
}

double expanded_tail(double variance_a, double units_a, double variance_b, double units_b) {
  constexpr double nominal = 0.025;
  const double boot = variance_a + variance_b;
  if (!(boot > 0)) return nominal;
  // A side that varies but rests on one unit or less leaves only the resamples' whole range.
  if ((variance_a > 0 && !(units_a > 1)) || (variance_b > 0 && !(units_b > 1))) return 0.0;
  const double corrected_a = variance_a > 0 ? variance_a * units_a / (units_a - 1) : 0.0;
  const double corrected_b = variance_b > 0 ? variance_b * units_b / (units_b - 1) : 0.0;
  const double corrected = corrected_a + corrected_b;
  const double spread = (variance_a > 0 ? corrected_a * corrected_a / (units_a - 1) : 0.0) +
                        (variance_b > 0 ? corrected_b * corrected_b / (units_b - 1) : 0.0);
  const double z = measure::student_t_quantile(1.0 - nominal, corrected * corrected / spread) * std::sqrt(corrected / boot);
  return std::min(nominal, 0.5 * std::erfc(z / std::sqrt(2.0)));
}

}  // namespace stereotype::style
