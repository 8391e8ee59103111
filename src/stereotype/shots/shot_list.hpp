#pragma once
// The result of shot segmentation: transitions (what the editor did) and shots (what lies between
// them). Shots tile the film without gaps: a gradual transition's boundary is its middle frame.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "stereotype/media/timebase.hpp"

namespace stereotype::shots {

enum class TransitionType { Cut, Dissolve, FadeIn, FadeOut, FadeThrough };
enum class FadeColor { None, Black, White };

std::string to_string(TransitionType type);  // "cut", "dissolve", "fade_in", "fade_out", "fade_through"
std::string to_string(FadeColor color);      // "", "black", "white"

struct Transition {
  TransitionType type = TransitionType::Cut;
  FadeColor color = FadeColor::None;
  // For a cut: the last frame of the outgoing shot and the first frame of the incoming one.
  // For a gradual transition: the first and the last frame that are a mix (or partly faded).
  std::int64_t first_frame = 0;
  std::int64_t last_frame = 0;
  double first_s = 0.0;  // presentation times of those frames
  double last_s = 0.0;
  std::int64_t boundary_frame = 0;  // first frame of the shot that follows (tiling point)
  double boundary_s = 0.0;
  bool splits = true;  // false for a fade-in at the very start / fade-out at the very end
  double confidence = 0.0;  // [0,1]
};

struct Shot {
  int number = 0;                // 1-based
  std::int64_t start_frame = 0;  // first frame
  std::int64_t frame_count = 0;  // end is start_frame + frame_count (exclusive)
  double start_s = 0.0;          // presentation time of the first frame
  double end_s = 0.0;            // start of the next shot (or end of the film): exclusive
  bool blank = false;            // a hold on black or white (between fades), not a picture
  double duration_s() const { return end_s - start_s; }
};

struct ShotList {
  std::vector<Shot> shots;
  std::vector<Transition> transitions;
  std::int64_t frame_count = 0;
  double duration_s = 0.0;
  media::Rational frame_rate;
};

// Builds the tiling shot list from transitions; a shot is blank when 90% of its frames lie in
// `blank_runs` (black/white frames, first..last inclusive).
ShotList build_shot_list(std::vector<Transition> transitions, std::int64_t frame_count, double duration_s,
                         media::Rational frame_rate, const std::vector<std::pair<std::int64_t, std::int64_t>>& blank_runs);

}  // namespace stereotype::shots
