#pragma once
// Spatial continuity between consecutive shots: the jumps a film makes across its cuts (shot
// scale, colour, screen direction) and how it joins shots. Definitions: docs/metrics/composition.md.
#include <map>
#include <string>
#include <vector>

#include "stereotype/measure/color_profile.hpp"
#include "stereotype/measure/composition.hpp"
#include "stereotype/measure/motion_profile.hpp"
#include "stereotype/shots/shot_list.hpp"

namespace stereotype::measure {

inline constexpr double kColorJumpDeltaE = 25.0;    // mean colours further apart than this across a join: a colour jump
inline constexpr double kDirectionFloor = 0.01;     // diagonals/s of median horizontal flow below which a shot has no direction
inline constexpr int kScaleJumpClasses = 3;         // shot-scale classes a join must cross to count as a jump

// A shot's screen direction: +1 rightwards, -1 leftwards, 0 none (from its median horizontal flow).
int screen_direction(double median_horizontal_flow);

// "space.scale_jumps", "space.color_jumps", "space.color_jump_mean", "space.direction_flips",
// "space.gradual_share" (NaN where no join qualifies).
std::map<std::string, double> film_continuity(const shots::ShotList& shots, const ColorProfile& color, const MotionProfile& motion,
                                              const CompositionProfile& composition);

const std::vector<std::string>& continuity_metric_names();

}  // namespace stereotype::measure
