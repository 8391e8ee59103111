#include "stereotype/measure/continuity.hpp"

#include <cmath>
#include <cstdlib>
#include <limits>


namespace stereotype::measure {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double share(int hits, int total) { return total > 0 ? static_cast<double>(hits) / total : kNaN; }
}  // namespace

int screen_direction(double flow) {
  if (std::isnan(flow) || std::abs(flow) < kDirectionFloor) return 0;
  return flow > 0 ? 1 : -1;
}

const std::vector<std::string>& continuity_metric_names() {
  static const std::vector<std::string> names = {"space.scale_jumps", "space.color_jumps", "space.color_jump_mean", "space.direction_flips",
                                                 "space.gradual_share"};
  return names;
}

std::map<std::string, double> film_continuity(const shots::ShotList& list, const ColorProfile& color, const MotionProfile& motion,
                                              const CompositionProfile& composition) {
  // Joins between consecutive picture shots (a blank hold between fades is not a shot to compare).
  std::vector<std::size_t> pictures;
  for (std::size_t i = 0; i < list.shots.size(); ++i)
    if (!list.shots[i].blank) pictures.push_back(i);
  int scale_pairs = 0, scale_jumps = 0, colour_pairs = 0, colour_jumps = 0, direction_pairs = 0, flips = 0;
  double colour_sum = 0;
  for (std::size_t k = 1; k < pictures.size(); ++k) {
    const std::size_t a = pictures[k - 1], b = pictures[k];
    const int sa = composition.shots[a].scale_class, sb = composition.shots[b].scale_class;
    if (sa != kNoScale && sb != kNoScale) {
      ++scale_pairs;
      if (std::abs(sa - sb) >= kScaleJumpClasses) ++scale_jumps;
    }
    const cv::Vec3f la = bgr8_to_lab(color.shots[a].mean_bgr), lb = bgr8_to_lab(color.shots[b].mean_bgr);
    const double de = cv::norm(la - lb);
    ++colour_pairs;
    colour_sum += de;
    if (de > kColorJumpDeltaE) ++colour_jumps;
    const int da = screen_direction(motion.shots[a].per_pair.at("motion.horizontal_flow").midmean);
    const int db = screen_direction(motion.shots[b].per_pair.at("motion.horizontal_flow").midmean);
    if (da != 0 && db != 0) {
      ++direction_pairs;
      if (da != db) ++flips;
    }
  }
  int joins = 0, gradual = 0;
  for (const auto& t : list.transitions) {
    if (!t.splits) continue;
    ++joins;
    if (t.type != shots::TransitionType::Cut) ++gradual;
  }
  return {{"space.scale_jumps", share(scale_jumps, scale_pairs)},
          {"space.color_jumps", share(colour_jumps, colour_pairs)},
          {"space.color_jump_mean", colour_pairs ? colour_sum / colour_pairs : kNaN},
          {"space.direction_flips", share(flips, direction_pairs)},
          {"space.gradual_share", share(gradual, joins)}};
}

}  // namespace stereotype::measure
