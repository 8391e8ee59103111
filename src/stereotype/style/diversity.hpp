#pragma once
// Homogenisation: how many really different shots a film (or a pooled corpus) has. Shots are
// points in a fixed style space (the catalogue's style units plus the key frame's mean a*, b*);
// the figures follow docs/style.md.
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include <opencv2/core.hpp>

#include "stereotype/style/film_style.hpp"

namespace stereotype::style {

inline constexpr double kKeyColourUnit = 15.0;   // a*, b* units per style unit
inline constexpr double kStyleClusterRadius = 1.0;  // RMS style units: shots closer than this share a style cluster
inline constexpr int kMaxDiversityShots = 800;   // above this, every k-th shot (eigen decomposition is cubic)

// One row per shot: its coordinates in style units. Undefined values take the median of the
// defined ones over the same shots, so a missing measurement never reads as a difference.
cv::Mat style_vectors(const std::vector<const ShotStyle*>& shots);
std::vector<std::string> style_dimensions();

// exp(entropy of the eigenvalues of K/n), K_ij = exp(-|x_i - x_j|^2 / (2 D)) over D dimensions.
double vendi_score(const cv::Mat& vectors);

struct Diversity {
  int shots = 0;
  double vendi = 0, vendi_ratio = 0;  // effective number of distinct shots, and ÷ shots
  double mean_pairwise = 0;          // mean RMS-per-dimension distance between shots (style units)
  double typicality = 0;             // mean Pearson r of each key frame's 16x9 grey with the mean one
  double style_entropy = 0;          // entropy of style clusters ÷ ln(shots)
  int style_clusters = 0;
};

Diversity measure_diversity(const std::vector<const ShotStyle*>& shots);

// The Vendi score grows with the number of shots (so its ratio to them falls): a film of 40 shots
// and one of 400 made the same way do not have the same score. Two sides compare at the smaller
// side's number of shots m, as ecologists compare species richness by rarefaction: the larger
// side's score is the mean over random subsets of m of its shots, drawn without replacement
// (200 subsets, down to 20 for large m), the smaller side's its own score. Seeded by `seed`.
inline constexpr int kMinRarefactionSubsets = 20, kMaxRarefactionSubsets = 200;
struct CommonSizeVendi {
  int shots = 0;                 // m: the smaller side's shots (as measure_diversity counts them)
  double a = 0, b = 0;           // each side's Vendi score at m shots
  int subsets_a = 0, subsets_b = 0;  // subsets averaged (0: the side's own score)
};
CommonSizeVendi vendi_at_common_size(const std::vector<const ShotStyle*>& a, const std::vector<const ShotStyle*>& b, std::uint64_t seed);

// Whether one side is more homogeneous than sides drawn from one process would be: a permutation
// test of T = ln(V_b / V_a), both Vendi scores at a common number of shots m (the smaller side's,
// at most kHomogeneityTestShots, since every shuffle costs eigen decompositions of m × m; a side
// larger than m is the mean over random subsets of m, 2·10⁶/m³ of them within [4, 50], enough that
// the seed hardly moves the p-value of a few shots and few enough that 100 shots cost seconds), the kernel computed
// once over both sides' shots. What changes sides is what the δ p-values shuffle: whole films when
// both sides hold several, else runs of consecutive shots (the longer of the two sides' runs, each
// the median over the style dimensions of their run lengths; or the fixed run). Two-sided:
// p = (1 + #{|T_perm| ≥ |T|}) / (1 + permutations), T itself computed as each shuffle's is.
inline constexpr int kHomogeneityTestShots = 100, kMinHomogeneityTestSubsets = 4, kMaxHomogeneityTestSubsets = 50;
struct HomogeneityTest {
  double p_value = std::numeric_limits<double>::quiet_NaN();  // NaN: fewer than 3 shots a side
  int shots = 0;         // m of the observed sides
  int permutations = 0;
  bool films = false;    // whole films changed sides
  int run = 0;           // else: consecutive shots that did
};
HomogeneityTest homogeneity_test(const std::vector<const ShotStyle*>& a, const std::vector<const ShotStyle*>& b, std::uint64_t seed, int permutations,
                                 std::size_t fixed_run = 0);

// A film (or corpus side) as one point of the style space: the screen-time-weighted median of
// each dimension (NaN where no shot defines it), and the RMS-per-dimension distance between two
// points over the dimensions both define. A corpus centroid is the mean of its films' points.
std::vector<double> film_style_point(const std::vector<const ShotStyle*>& shots);
double style_distance(const std::vector<double>& a, const std::vector<double>& b);
std::vector<double> centroid(const std::vector<std::vector<double>>& points);

// Each picture's mean-image closeness: Pearson r of a 16x9 grey thumbnail with the mean of all.
double typicality(const std::vector<const ShotStyle*>& shots);

}  // namespace stereotype::style
