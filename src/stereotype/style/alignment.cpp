#include "stereotype/style/alignment.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace stereotype::style {

double key_frame_similarity(const ShotStyle& a, const ShotStyle& b) {
  if (!a.signature.valid || !b.signature.valid) return std::numeric_limits<double>::quiet_NaN();
  // Layout outweighs colour: a remake (or a re-grade) keeps the framing far more than the palette.
  // The hash and the thumbnail's correlation both see layout; the correlation ignores a change of
  // brightness or contrast, which moves hash bits.
  const double hash = 1.0 - std::min(evidence::hash_distance(a.signature.phash, b.signature.phash) / 0.5, 1.0);
  const double r = evidence::thumb_correlation(a.signature, b.signature);
  const double layout = std::isnan(r) ? 0.0 : std::max(r, 0.0);
  const double colour = 1.0 - std::min(cv::norm(a.signature.mean_lab - b.signature.mean_lab) / 40.0, 1.0);
  return 0.4 * hash + 0.4 * layout + 0.2 * colour;
}

std::vector<ShotPair> align_shots(const std::vector<const ShotStyle*>& a, const std::vector<const ShotStyle*>& b) {
  const std::size_t n = a.size(), m = b.size();
  std::vector<std::vector<double>> sim(n, std::vector<double>(m));
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < m; ++j) sim[i][j] = key_frame_similarity(*a[i], *b[j]);
  // Needleman-Wunsch with free gaps: maximise the summed excess similarity of matched pairs.
  std::vector<std::vector<double>> score(n + 1, std::vector<double>(m + 1, 0.0));
  for (std::size_t i = 1; i <= n; ++i) {
    for (std::size_t j = 1; j <= m; ++j) {
      double best = std::max(score[i - 1][j], score[i][j - 1]);
      const double s = sim[i - 1][j - 1];
      if (s > kAlignThreshold) best = std::max(best, score[i - 1][j - 1] + (s - kAlignThreshold));
      score[i][j] = best;
    }
  }
  std::vector<ShotPair> pairs;
  std::vector<bool> used_a(n, false), used_b(m, false);
  for (std::size_t i = n, j = m; i > 0 && j > 0;) {
    const double s = sim[i - 1][j - 1];
    if (s > kAlignThreshold && score[i][j] == score[i - 1][j - 1] + (s - kAlignThreshold)) {
      pairs.push_back({static_cast<int>(i - 1), static_cast<int>(j - 1), s, true});
      used_a[i - 1] = used_b[j - 1] = true;
      --i;
      --j;
    } else if (score[i][j] == score[i - 1][j]) {
      --i;
    } else {
      --j;
    }
  }
  std::reverse(pairs.begin(), pairs.end());
  // What order could not place: the most similar remaining pairs first, each shot used once.
  std::vector<ShotPair> rest;
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < m; ++j)
      if (!used_a[i] && !used_b[j] && sim[i][j] > kAlignThreshold) rest.push_back({static_cast<int>(i), static_cast<int>(j), sim[i][j], false});
  std::stable_sort(rest.begin(), rest.end(), [](const ShotPair& x, const ShotPair& y) { return x.similarity > y.similarity; });
  for (const auto& p : rest) {
    if (used_a[static_cast<std::size_t>(p.a)] || used_b[static_cast<std::size_t>(p.b)]) continue;
    used_a[static_cast<std::size_t>(p.a)] = used_b[static_cast<std::size_t>(p.b)] = true;
    pairs.push_back(p);
  }
  std::stable_sort(pairs.begin(), pairs.end(), [](const ShotPair& x, const ShotPair& y) { return x.a < y.a; });
  return pairs;
}

}  // namespace stereotype::style
