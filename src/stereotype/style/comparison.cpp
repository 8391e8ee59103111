#include "stereotype/style/comparison.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <utility>

#include <fmt/format.h>

#include "stereotype/measure/statistics.hpp"
#include "stereotype/style/metric_catalog.hpp"
#include "stereotype/style/resampling.hpp"

namespace stereotype::style {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Cliff's delta from sorted A: for each b, how many a lie below and above it.
double delta_sorted(const std::vector<double>& sorted_a, const std::vector<double>& b) {
  if (sorted_a.empty() || b.empty()) return kNaN;
  double greater = 0, less = 0;
  for (double x : b) {
    less += static_cast<double>(sorted_a.end() - std::upper_bound(sorted_a.begin(), sorted_a.end(), x));
    greater += static_cast<double>(std::lower_bound(sorted_a.begin(), sorted_a.end(), x) - sorted_a.begin());
  }
  return (greater - less) / (static_cast<double>(sorted_a.size()) * static_cast<double>(b.size()));
}
}  // namespace

double cliffs_delta(const std::vector<double>& a, const std::vector<double>& b) {
  std::vector<double> sorted = a;
  std::sort(sorted.begin(), sorted.end());
  return delta_sorted(sorted, b);
}

Interval delta_score_interval(double delta, double units_a, double units_b) {
  Interval out;
  if (std::isnan(delta) || units_a < 1 || units_b < 1) return out;
  constexpr double z = 1.959963984540054;
  const double observed = std::clamp(0.5 * (delta + 1.0), 0.0, 1.0);
  const double n_star = 0.5 * (units_a + units_b) - 1.0;
  const auto excess = [&](double t) {  // > 0 outside the interval, < 0 inside
    const double v = t * (1 - t) * (1 + n_star * (1 - t) / (2 - t) + n_star * t / (1 + t)) / (units_a * units_b);
    return (observed - t) * (observed - t) - z * z * v;
  };
  // Each limit by bisection between the estimate (inside, or on the edge at 0 or 1) and the edge
  // beyond it (outside unless the estimate is that edge).
  const auto limit = [&](double outside) {
    if (observed == outside) return outside;
    double in = observed, out_side = outside;
    for (int k = 0; k < 200 && std::abs(in - out_side) > 1e-12; ++k) {
      const double mid = 0.5 * (in + out_side);
      (excess(mid) > 0 ? out_side : in) = mid;
    }
    return 0.5 * (in + out_side);
  };
  out.low = 2.0 * limit(0.0) - 1.0;
  out.high = 2.0 * limit(1.0) - 1.0;
  return out;
}

std::string magnitude_of(double d) {
  const double m = std::abs(d);
  if (std::isnan(m)) return "undefined";
  if (m < 0.147) return "negligible";
  if (m < 0.33) return "small";
  if (m < 0.474) return "medium";
  return "large";
}

FilmAmongFilms film_among_films(double film, const std::vector<double>& corpus, char side) {
  FilmAmongFilms r;
  r.film_side = side;
  if (std::isnan(film)) return r;
  int at_least = 0, at_most = 0;
  for (const double m : corpus) {
    if (std::isnan(m)) continue;
    ++r.films;
    r.below += m < film;
    r.above += m > film;
    at_least += m >= film;
    at_most += m <= film;
  }
  if (r.films == 0) return r;
  r.p_value = std::min(1.0, 2.0 * std::min(at_least + 1, at_most + 1) / (r.films + 1.0));
  return r;
}

namespace {
// Each film's screen-time-weighted median, films numbered as film_numbers does.
std::vector<double> film_medians(const std::vector<std::pair<double, double>>& value_weight, const std::vector<int>& film) {
  std::vector<double> out;
  std::vector<std::pair<double, double>> own;
  for (std::size_t i = 0; i < value_weight.size(); ++i) {
    own.push_back(value_weight[i]);
    if (i + 1 == value_weight.size() || film[i + 1] != film[i]) {
      out.push_back(measure::weighted_median(own));
      own.clear();
    }
  }
  return out;
}
}  // namespace

std::vector<MetricComparison> compare_metrics(const std::vector<const ShotStyle*>& a, const std::vector<const ShotStyle*>& b,
                                              const std::vector<std::string>& keys, const CompareParams& params) {
  std::vector<MetricComparison> out;
  const auto films_a = film_numbers(a), films_b = film_numbers(b);
  for (const auto& key : keys) {
    MetricComparison c;
    c.key = key;
    std::vector<double> va, vb;
    std::vector<int> fa, fb;
    std::vector<std::pair<double, double>> wa, wb;
    for (std::size_t i = 0; i < a.size(); ++i) {
      const double x = a[i]->metric(key);
      if (std::isnan(x)) continue;
      va.push_back(x);
      fa.push_back(films_a[i]);
      wa.emplace_back(x, a[i]->duration_s);
    }
    for (std::size_t i = 0; i < b.size(); ++i) {
      const double x = b[i]->metric(key);
      if (std::isnan(x)) continue;
      vb.push_back(x);
      fb.push_back(films_b[i]);
      wb.emplace_back(x, b[i]->duration_s);
    }
    c.n_a = static_cast<int>(va.size());
    c.n_b = static_cast<int>(vb.size());
    c.median_a = measure::weighted_median(wa);
    c.median_b = measure::weighted_median(wb);
    const IntervalParams own{params.seed, params.bootstrap, params.block};
    c.median_a_ci = figure_intervals(wa, key, own, fa).median;
    c.median_b_ci = figure_intervals(wb, key, own, fb).median;
    c.delta = cliffs_delta(va, vb);
    c.ci_low = c.ci_high = c.p_value = kNaN;
    const bool single_a = films_a.empty() || films_a.back() == 0, single_b = films_b.empty() || films_b.back() == 0;
    if (single_a != single_b && !va.empty() && !vb.empty())
      c.among = single_a ? film_among_films(c.median_a, film_medians(wb, fb), 'a') : film_among_films(c.median_b, film_medians(wa, fa), 'b');
    c.magnitude = magnitude_of(c.delta);
    if (va.size() >= 2 && vb.size() >= 2) {
      std::mt19937_64 rng(stream_seed(params.seed, key));
      std::vector<double> deltas;
      deltas.reserve(static_cast<std::size_t>(params.bootstrap));
      // Each side's shots are drawn in runs of neighbours, as the film figures' are, a pooled
      // side's film by film (resampling.hpp).
      const ShotResampler resample_a(va, fa, params.block), resample_b(vb, fb, params.block);
      std::vector<int> drawn_a(va.size()), drawn_b(vb.size());
      std::vector<double> ra, rb;
      const auto resample = [](const std::vector<double>& values, const std::vector<int>& drawn, std::vector<double>& into) {
        into.clear();
        for (std::size_t i = 0; i < values.size(); ++i) into.insert(into.end(), static_cast<std::size_t>(drawn[i]), values[i]);
      };
      for (int r = 0; r < params.bootstrap; ++r) {
        resample_a.draw(rng, drawn_a);
        resample_b.draw(rng, drawn_b);
        resample(va, drawn_a, ra);
        resample(vb, drawn_b, rb);
        std::sort(ra.begin(), ra.end());
        deltas.push_back(delta_sorted(ra, rb));
      }
      c.units_a = effective_units(va, resample_a);
      c.units_b = effective_units(vb, resample_b);
      const Interval score = delta_score_interval(c.delta, c.units_a, c.units_b);
      c.ci_low = std::min(measure::quantile(deltas, 0.025), score.low);
      c.ci_high = std::max(measure::quantile(deltas, 0.975), score.high);
      auto shuffled = shuffle_units(fa, fb, std::max(resample_a.run(), resample_b.run()));
      c.p_value_films = shuffled.films;
      c.p_value_run = shuffled.run;
      int extreme = 0;
      std::vector<double> pa, pb;
      for (int r = 0; r < params.permutations; ++r) {
        shuffle(rng, shuffled);
        pa.clear();
        pb.clear();
        for (std::size_t k = 0; k < shuffled.units.size(); ++k) {
          const auto& u = shuffled.units[k];
          const auto& from = u.side == 0 ? va : vb;
          auto& into = k < shuffled.units_a ? pa : pb;
          into.insert(into.end(), from.begin() + static_cast<std::ptrdiff_t>(u.first), from.begin() + static_cast<std::ptrdiff_t>(u.first + u.count));
        }
        std::sort(pa.begin(), pa.end());
        if (std::abs(delta_sorted(pa, pb)) >= std::abs(c.delta) - 1e-12) ++extreme;
      }
      c.p_value = (1.0 + extreme) / (1.0 + params.permutations);
    }
    out.push_back(c);
  }
  return out;
}

namespace {
double variance(const std::vector<double>& x) {
  if (x.size() < 2) return 0.0;
  double m = 0;
  for (double v : x) m += v;
  m /= static_cast<double>(x.size());
  double ss = 0;
  for (double v : x) ss += (v - m) * (v - m);
  return ss / static_cast<double>(x.size() - 1);
}
}  // namespace

MeanComparison compare_means(const std::vector<std::pair<double, double>>& a_in, const std::vector<int>& films_a_in,
                             const std::vector<std::pair<double, double>>& b_in, const std::vector<int>& films_b_in, const std::string& figure,
                             const CompareParams& params) {
  // Each side's defined values (v, w), their films, and values alone for the resampler's runs.
  struct Side {
    std::vector<double> v, w;
    std::vector<int> film;
  };
  const auto side_of = [](const std::vector<std::pair<double, double>>& in, const std::vector<int>& films) {
    Side s;
    for (std::size_t i = 0; i < in.size(); ++i) {
      if (std::isnan(in[i].first) || !(in[i].second > 0)) continue;
      s.v.push_back(in[i].first);
      s.w.push_back(in[i].second);
      s.film.push_back(i < films.size() ? films[i] : 0);
    }
    return s;
  };
  const Side a = side_of(a_in, films_a_in), b = side_of(b_in, films_b_in);
  const auto mean = [](const Side& s, const std::vector<int>* drawn) {
    double sum = 0, total = 0;
    for (std::size_t i = 0; i < s.v.size(); ++i) {
      const double times = drawn ? (*drawn)[i] : 1.0;
      sum += times * s.w[i] * s.v[i];
      total += times * s.w[i];
    }
    return total > 0 ? sum / total : kNaN;
  };
  MeanComparison c;
  c.mean_a = mean(a, nullptr);
  c.mean_b = mean(b, nullptr);
  c.difference = c.mean_b - c.mean_a;
  if (a.v.size() < 2 || b.v.size() < 2) return c;
  std::mt19937_64 rng(stream_seed(params.seed, figure));
  const ShotResampler resample_a(a.v, a.film, params.block), resample_b(b.v, b.film, params.block);
  std::vector<int> drawn_a, drawn_b;
  std::vector<double> differences, means_a, means_b;
  for (int r = 0; r < params.bootstrap; ++r) {
    resample_a.draw(rng, drawn_a);
    resample_b.draw(rng, drawn_b);
    means_a.push_back(mean(a, &drawn_a));
    means_b.push_back(mean(b, &drawn_b));
    differences.push_back(means_b.back() - means_a.back());
  }
  c.units_a = mean_units(a.v, a.w, resample_a);
  c.units_b = mean_units(b.v, b.w, resample_b);
  c.interval_tail = expanded_tail(variance(means_a), c.units_a, variance(means_b), c.units_b);
  c.ci_low = measure::quantile(differences, c.interval_tail);
  c.ci_high = measure::quantile(differences, 1.0 - c.interval_tail);
  auto shuffled = shuffle_units(a.film, b.film, std::max(resample_a.run(), resample_b.run()));
  c.p_value_films = shuffled.films;
  c.p_value_run = shuffled.run;
  int extreme = 0;
  for (int r = 0; r < params.permutations; ++r) {
    shuffle(rng, shuffled);
    double sum[2] = {0, 0}, total[2] = {0, 0};
    for (std::size_t k = 0; k < shuffled.units.size(); ++k) {
      const auto& u = shuffled.units[k];
      const Side& from = u.side == 0 ? a : b;
      const int to = k < shuffled.units_a ? 0 : 1;
      for (std::size_t i = u.first; i < u.first + u.count; ++i) {
        sum[to] += from.w[i] * from.v[i];
        total[to] += from.w[i];
      }
    }
    if (std::abs(sum[1] / total[1] - sum[0] / total[0]) >= std::abs(c.difference) - 1e-12) ++extreme;
  }
  c.p_value = (1.0 + extreme) / (1.0 + params.permutations);
  return c;
}

double smallest_film_p_value(std::size_t films_a, std::size_t films_b) {
  double splits = 1;
  for (std::size_t i = 1; i <= films_a; ++i) splits = splits * static_cast<double>(films_b + i) / static_cast<double>(i);
  return (films_a == films_b ? 2.0 : 1.0) / splits;
}

namespace {
std::string among_text(const MetricComparison& c, const std::string& name_a) {
  const auto& r = c.among;
  if (r.film_side == 0 || r.films == 0) return "";
  const bool higher = c.delta > 0;  // B's shots above A's
  const int k = r.film_side == 'b' ? (higher ? r.below : r.above) : (higher ? r.above : r.below);
  const std::string dir = higher ? "above" : "below";
  if (r.film_side == 'b')
    return k == r.films ? fmt::format("; its median {} those of all {} of {}'s films (p = {:.3f})", dir, k, name_a, r.p_value)
                        : fmt::format("; its median {} those of {} of {}'s {} films (p = {:.3f})", dir, k, name_a, r.films, r.p_value);
  return k == r.films ? fmt::format("; the medians of all {} of its films {} {}'s (p = {:.3f})", k, dir, name_a, r.p_value)
                      : fmt::format("; the medians of {} of its {} films {} {}'s (p = {:.3f})", k, r.films, dir, name_a, r.p_value);
}
}  // namespace

std::vector<std::string> plain_lines(const std::vector<MetricComparison>& comparisons, const std::string& name_b, const std::string& name_a) {
  std::vector<const MetricComparison*> notable;
  for (const auto& c : comparisons) {
    // Both tests must agree: the interval excludes 0 and the permutation test rejects at 5 %.
    if (std::isnan(c.ci_low) || std::abs(c.delta) < 0.33 || !(c.p_value <= 0.05)) continue;
    if (c.ci_low <= 0 && c.ci_high >= 0) continue;
    notable.push_back(&c);
  }
  std::stable_sort(notable.begin(), notable.end(), [](const auto* x, const auto* y) { return std::abs(x->delta) > std::abs(y->delta); });
  std::vector<std::string> lines;
  for (const auto* c : notable) {
    std::string more, less;
    if (const auto* info = find_metric(c->key)) {
      more = info->more;
      less = info->less;
    } else if (c->key.rfind("template.", 0) == 0) {
      more = fmt::format("closer to the '{}' template", c->key.substr(9));
      less = fmt::format("further from the '{}' template", c->key.substr(9));
    } else {
      more = "higher in " + c->key;
      less = "lower in " + c->key;
    }
    const std::string how = std::abs(c->delta) >= 0.474 ? "far " : "clearly ";
    const std::string phrase = c->delta > 0 ? more : less;
    lines.push_back(fmt::format("{}'s shots are {}{}: δ = {:.2f} [{:.2f}, {:.2f}] ({}, p = {:.3f}){}", name_b, how, phrase, c->delta, c->ci_low,
                                c->ci_high, c->key, c->p_value, among_text(*c, name_a)));
  }
  return lines;
}

}  // namespace stereotype::style
