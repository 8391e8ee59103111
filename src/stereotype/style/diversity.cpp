#include "stereotype/style/diversity.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>

#include "stereotype/measure/statistics.hpp"
#include "stereotype/style/metric_catalog.hpp"
#include "stereotype/style/resampling.hpp"

namespace stereotype::style {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double rms_distance(const cv::Mat& v, int i, int j) {
  double sum = 0;
  for (int d = 0; d < v.cols; ++d) {
    const double diff = v.at<double>(i, d) - v.at<double>(j, d);
    sum += diff * diff;
  }
  return std::sqrt(sum / v.cols);
}
// A shot's coordinate along one style dimension, in style units (NaN when it is undefined).
double style_coordinate(const ShotStyle& s, const std::string& key) {
  if (const MetricInfo* info = find_metric(key)) return s.metric(key) / info->style_unit;
  if (!s.signature.valid) return kNaN;
  return (key == "key_frame.a" ? s.signature.mean_lab[1] : s.signature.mean_lab[2]) / kKeyColourUnit;
}
}  // namespace

std::vector<std::string> style_dimensions() {
  std::vector<std::string> dims;
  for (const auto& m : metric_catalog())
    if (m.style_unit > 0) dims.push_back(m.key);
  dims.push_back("key_frame.a");
  dims.push_back("key_frame.b");
  return dims;
}

cv::Mat style_vectors(const std::vector<const ShotStyle*>& shots) {
  const auto dims = style_dimensions();
  cv::Mat v(static_cast<int>(shots.size()), static_cast<int>(dims.size()), CV_64F, cv::Scalar(0));
  for (int d = 0; d < v.cols; ++d) {
    const std::string& key = dims[static_cast<std::size_t>(d)];
    std::vector<double> column;
    for (const auto* s : shots) column.push_back(style_coordinate(*s, key));
    double fill = measure::quantile(column, 0.5);
    if (std::isnan(fill)) fill = 0;
    for (int i = 0; i < v.rows; ++i) {
      const double x = column[static_cast<std::size_t>(i)];
      v.at<double>(i, d) = std::isnan(x) ? fill : x;
    }
  }
  return v;
}

namespace {
// K_ij = exp(-|x_i - x_j|^2 / (2 D)) = exp(-r^2 / 2) with r the RMS-per-dimension distance.
cv::Mat style_kernel(const cv::Mat& v) {
  const int n = v.rows;
  cv::Mat k(n, n, CV_64F);
  for (int i = 0; i < n; ++i) {
    k.at<double>(i, i) = 1.0;
    for (int j = i + 1; j < n; ++j) {
      const double r = rms_distance(v, i, j);
      k.at<double>(i, j) = k.at<double>(j, i) = std::exp(-0.5 * r * r);
    }
  }
  return k;
}

double vendi_of_kernel(const cv::Mat& kernel) {
  if (kernel.rows == 0) return kNaN;
  cv::Mat eigenvalues;
  cv::eigen(kernel / kernel.rows, eigenvalues);
  double entropy = 0;
  for (int i = 0; i < eigenvalues.rows; ++i) {
    const double l = eigenvalues.at<double>(i);
    if (l > 1e-12) entropy -= l * std::log(l);
  }
  return std::exp(entropy);
}

// The shots the homogenisation figures are computed on: all, or every k-th of a long film.
std::vector<const ShotStyle*> diversity_shots(const std::vector<const ShotStyle*>& all) {
  std::vector<const ShotStyle*> shots;
  if (all.empty()) return shots;
  const std::size_t step = (all.size() + kMaxDiversityShots - 1) / kMaxDiversityShots;
  for (std::size_t i = 0; i < all.size(); i += step) shots.push_back(all[i]);
  return shots;
}

// C(n, m), or more than `limit` when it is.
double binomial_up_to(int n, int m, double limit) {
  double c = 1;
  for (int i = 1; i <= m && c <= limit; ++i) c = c * (n - m + i) / i;
  return c;
}

// The mean Vendi score over subsets of m of the kernel's `rows`: every subset when there are no
// more than `subsets` of them (the exact mean, the same for every seed), else `subsets` random
// ones drawn without replacement. Sets `used` to how many were averaged.
double subset_vendi(const cv::Mat& kernel, const std::vector<int>& rows, int m, int subsets, std::mt19937_64& rng, int& used) {
  const int n = static_cast<int>(rows.size());
  m = std::min(m, n);
  cv::Mat sub(m, m, CV_64F);
  const auto vendi_of = [&](const std::vector<int>& chosen) {
    for (int i = 0; i < m; ++i)
      for (int j = 0; j < m; ++j) sub.at<double>(i, j) = kernel.at<double>(chosen[static_cast<std::size_t>(i)], chosen[static_cast<std::size_t>(j)]);
    return vendi_of_kernel(sub);
  };
  double sum = 0;
  used = 0;
  if (binomial_up_to(n, m, subsets) <= subsets) {
    std::vector<int> pick(static_cast<std::size_t>(m)), chosen(static_cast<std::size_t>(m));
    std::iota(pick.begin(), pick.end(), 0);
    while (true) {
      for (int i = 0; i < m; ++i) chosen[static_cast<std::size_t>(i)] = rows[static_cast<std::size_t>(pick[static_cast<std::size_t>(i)])];
      sum += vendi_of(chosen);
      ++used;
      // The next combination in lexicographic order.
      int i = m - 1;
      while (i >= 0 && pick[static_cast<std::size_t>(i)] == n - m + i) --i;
      if (i < 0) break;
      ++pick[static_cast<std::size_t>(i)];
      for (int j = i + 1; j < m; ++j) pick[static_cast<std::size_t>(j)] = pick[static_cast<std::size_t>(j) - 1] + 1;
    }
    return sum / used;
  }
  std::vector<int> order;
  for (int r = 0; r < subsets; ++r) {
    order = rows;
    // The first m places of a Fisher-Yates shuffle, with the platform-independent index.
    for (int i = 0; i < m; ++i) std::swap(order[static_cast<std::size_t>(i)], order[static_cast<std::size_t>(i) + uniform_index(rng(), static_cast<std::uint64_t>(n - i))]);
    order.resize(static_cast<std::size_t>(m));
    sum += vendi_of(order);
    ++used;
  }
  return sum / used;
}

// The mean Vendi score of subsets of m of the shots, drawn without replacement (the Vendi score
// itself when m covers them all).
double rarefied_vendi(const std::vector<const ShotStyle*>& all, int m, std::mt19937_64& rng, int& subsets) {
  const auto shots = diversity_shots(all);
  const int n = static_cast<int>(shots.size());
  const cv::Mat kernel = style_kernel(style_vectors(shots));
  subsets = 0;
  if (m >= n) return vendi_of_kernel(kernel);
  // Enough subsets that their mean is steady, fewer for large ones (each costs m^3).
  subsets = std::clamp(static_cast<int>(4e8 / (static_cast<double>(m) * m * m)), kMinRarefactionSubsets, kMaxRarefactionSubsets);
  std::vector<int> rows(static_cast<std::size_t>(n));
  std::iota(rows.begin(), rows.end(), 0);
  return subset_vendi(kernel, rows, m, subsets, rng, subsets);
}
}  // namespace

double vendi_score(const cv::Mat& v) { return v.rows == 0 ? kNaN : vendi_of_kernel(style_kernel(v)); }

CommonSizeVendi vendi_at_common_size(const std::vector<const ShotStyle*>& a, const std::vector<const ShotStyle*>& b, std::uint64_t seed) {
  CommonSizeVendi c;
  const int na = static_cast<int>(diversity_shots(a).size()), nb = static_cast<int>(diversity_shots(b).size());
  c.shots = std::min(na, nb);
  if (c.shots == 0) return c;
  std::mt19937_64 rng(stream_seed(seed, "diversity.vendi_common"));
  c.a = rarefied_vendi(a, c.shots, rng, c.subsets_a);
  c.b = rarefied_vendi(b, c.shots, rng, c.subsets_b);
  return c;
}

namespace {
// T = ln(V_b / V_a) at the sides' common size.
double log_vendi_ratio(const cv::Mat& kernel, const std::vector<int>& a, const std::vector<int>& b, std::mt19937_64& rng) {
  const int m = std::min({static_cast<int>(a.size()), static_cast<int>(b.size()), kHomogeneityTestShots});
  const int subsets = std::clamp(static_cast<int>(2e6 / (static_cast<double>(m) * m * m)), kMinHomogeneityTestSubsets, kMaxHomogeneityTestSubsets);
  int used = 0;
  const double va = subset_vendi(kernel, a, m, subsets, rng, used);
  return std::log(subset_vendi(kernel, b, m, subsets, rng, used) / va);
}

// A side's run length over the style space: the median of its dimensions' own.
std::size_t style_run(const cv::Mat& vectors, int first, int count) {
  std::vector<double> runs;
  for (int d = 0; d < vectors.cols; ++d) {
    std::vector<double> column;
    for (int i = first; i < first + count; ++i) column.push_back(vectors.at<double>(i, d));
    runs.push_back(static_cast<double>(block_length(column)));
  }
  return static_cast<std::size_t>(std::lround(measure::quantile(runs, 0.5)));
}
}  // namespace

HomogeneityTest homogeneity_test(const std::vector<const ShotStyle*>& a_all, const std::vector<const ShotStyle*>& b_all, std::uint64_t seed,
                                 int permutations, std::size_t fixed_run) {
  HomogeneityTest t;
  const auto a = diversity_shots(a_all), b = diversity_shots(b_all);
  const int na = static_cast<int>(a.size()), nb = static_cast<int>(b.size());
  t.shots = std::min({na, nb, kHomogeneityTestShots});
  if (t.shots < 3 || permutations < 1) return t;
  auto both = a;
  both.insert(both.end(), b.begin(), b.end());
  const cv::Mat vectors = style_vectors(both);
  const cv::Mat kernel = style_kernel(vectors);
  auto shuffled = shuffle_units(film_numbers(a), film_numbers(b),
                                fixed_run > 0 ? fixed_run : std::max(style_run(vectors, 0, na), style_run(vectors, na, nb)));
  t.films = shuffled.films;
  t.run = shuffled.run;
  // The kernel's rows of the units [from, to): B's shots follow A's.
  const auto rows = [&](std::size_t from, std::size_t to) {
    std::vector<int> out;
    for (std::size_t k = from; k < to; ++k) {
      const auto& u = shuffled.units[k];
      for (std::size_t i = u.first; i < u.first + u.count; ++i) out.push_back(static_cast<int>(i) + (u.side == 0 ? 0 : na));
    }
    return out;
  };
  std::mt19937_64 rng(stream_seed(seed, "diversity.homogeneity_test"));
  const std::size_t units_a = shuffled.units_a, units = shuffled.units.size();
  const double observed = log_vendi_ratio(kernel, rows(0, units_a), rows(units_a, units), rng);
  int extreme = 0;
  for (int r = 0; r < permutations; ++r) {
    shuffle(rng, shuffled);
    // A shuffle of unequal films may leave a side fewer shots than observed: T at its own common
    // size is still a function of the split, which is all a permutation test needs.
    if (std::abs(log_vendi_ratio(kernel, rows(0, units_a), rows(units_a, units), rng)) >= std::abs(observed) - 1e-12) ++extreme;
  }
  t.permutations = permutations;
  t.p_value = (1.0 + extreme) / (1.0 + permutations);
  return t;
}

double typicality(const std::vector<const ShotStyle*>& shots) {
  std::vector<const ShotStyle*> valid;
  for (const auto* s : shots)
    if (s->signature.valid) valid.push_back(s);
  if (valid.size() < 2) return kNaN;
  const std::size_t m = valid.front()->signature.thumb.size();
  std::vector<double> mean(m, 0);
  for (const auto* s : valid)
    for (std::size_t i = 0; i < m; ++i) mean[i] += s->signature.thumb[i];
  for (double& x : mean) x /= static_cast<double>(valid.size());
  const auto pearson = [&](const ShotStyle& s) {
    double ma = 0, mb = 0;
    for (std::size_t i = 0; i < m; ++i) {
      ma += s.signature.thumb[i];
      mb += mean[i];
    }
    ma /= static_cast<double>(m);
    mb /= static_cast<double>(m);
    double sab = 0, saa = 0, sbb = 0;
    for (std::size_t i = 0; i < m; ++i) {
      const double a = s.signature.thumb[i] - ma, b = mean[i] - mb;
      sab += a * b;
      saa += a * a;
      sbb += b * b;
    }
    return saa > 1e-9 && sbb > 1e-9 ? sab / std::sqrt(saa * sbb) : kNaN;
  };
  std::vector<double> r;
  for (const auto* s : valid) r.push_back(pearson(*s));
  std::erase_if(r, [](double x) { return std::isnan(x); });
  if (r.empty()) return kNaN;
  double sum = 0;
  for (double x : r) sum += x;
  return sum / static_cast<double>(r.size());
}

std::vector<double> film_style_point(const std::vector<const ShotStyle*>& shots) {
  std::vector<double> point;
  for (const auto& key : style_dimensions()) {
    std::vector<std::pair<double, double>> vw;
    for (const auto* s : shots) vw.emplace_back(style_coordinate(*s, key), s->duration_s);
    point.push_back(measure::weighted_median(vw));
  }
  return point;
}

double style_distance(const std::vector<double>& a, const std::vector<double>& b) {
  double sum = 0;
  int n = 0;
  for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) {
    if (std::isnan(a[i]) || std::isnan(b[i])) continue;
    sum += (a[i] - b[i]) * (a[i] - b[i]);
    ++n;
  }
  return n ? std::sqrt(sum / n) : kNaN;
}

std::vector<double> centroid(const std::vector<std::vector<double>>& points) {
  if (points.empty()) return {};
  std::vector<double> out(points.front().size(), kNaN);
  for (std::size_t d = 0; d < out.size(); ++d) {
    double sum = 0;
    int n = 0;
    for (const auto& p : points)
      if (d < p.size() && !std::isnan(p[d])) {
        sum += p[d];
        ++n;
      }
    if (n) out[d] = sum / n;
  }
  return out;
}

Diversity measure_diversity(const std::vector<const ShotStyle*>& all) {
  Diversity d;
  d.shots = static_cast<int>(all.size());
  if (all.empty()) {
    d.vendi = d.vendi_ratio = d.mean_pairwise = d.typicality = d.style_entropy = kNaN;
    return d;
  }
  const auto shots = diversity_shots(all);
  const cv::Mat v = style_vectors(shots);
  const int n = v.rows;
  d.vendi = vendi_score(v);
  d.vendi_ratio = d.vendi / n;
  double sum = 0;
  long pairs = 0;
  for (int i = 0; i < n; ++i)
    for (int j = i + 1; j < n; ++j) {
      sum += rms_distance(v, i, j);
      ++pairs;
    }
  d.mean_pairwise = pairs ? sum / static_cast<double>(pairs) : kNaN;
  d.typicality = typicality(shots);
  // Leader clustering in shot order: deterministic, and its number of clusters grows with how
  // spread out the shots are (a fixed k would hide homogeneity).
  std::vector<int> leaders, counts;
  for (int i = 0; i < n; ++i) {
    bool joined = false;
    for (std::size_t c = 0; c < leaders.size(); ++c) {
      if (rms_distance(v, i, leaders[c]) <= kStyleClusterRadius) {
        ++counts[c];
        joined = true;
        break;
      }
    }
    if (!joined) {
      leaders.push_back(i);
      counts.push_back(1);
    }
  }
  d.style_clusters = static_cast<int>(leaders.size());
  double entropy = 0;
  for (int c : counts) {
    const double p = static_cast<double>(c) / n;
    entropy -= p * std::log(p);
  }
  d.style_entropy = n > 1 ? entropy / std::log(static_cast<double>(n)) : kNaN;
  return d;
}

}  // namespace stereotype::style
