#include "stereotype/shots/shot_list.hpp"

#include <algorithm>

namespace stereotype::shots {

std::string to_string(TransitionType type) {
  switch (type) {
    case TransitionType::Cut: return "cut";
    case TransitionType::Dissolve: return "dissolve";
    case TransitionType::FadeIn: return "fade_in";
    case TransitionType::FadeOut: return "fade_out";
    case TransitionType::FadeThrough: return "fade_through";
  }
  return "cut";
}

std::string to_string(FadeColor color) {
  switch (color) {
    case FadeColor::Black: return "black";
    case FadeColor::White: return "white";
    case FadeColor::None: break;
  }
  return "";
}

ShotList build_shot_list(std::vector<Transition> transitions, std::int64_t frame_count, double duration_s,
                         media::Rational frame_rate, const std::vector<std::pair<std::int64_t, std::int64_t>>& blank_runs) {
  ShotList list;
  list.frame_count = frame_count;
  list.duration_s = duration_s;
  list.frame_rate = frame_rate;
  std::sort(transitions.begin(), transitions.end(),
            [](const Transition& a, const Transition& b) { return a.boundary_frame < b.boundary_frame; });
  list.transitions = transitions;
  if (frame_count <= 0) return list;

  std::vector<std::pair<std::int64_t, double>> starts{{0, 0.0}};
  for (const auto& t : transitions) {
    if (!t.splits || t.boundary_frame <= starts.back().first || t.boundary_frame >= frame_count) continue;
    starts.emplace_back(t.boundary_frame, t.boundary_s);
  }
  // Holds and shots both run in frame order, so one sweep over the holds serves every shot (the
  // segmenter rebuilds the list as the pass goes, and a long film has thousands of each).
  auto holds = blank_runs;
  std::sort(holds.begin(), holds.end());
  std::size_t first_hold = 0;
  for (std::size_t i = 0; i < starts.size(); ++i) {
    Shot shot;
    shot.number = static_cast<int>(i) + 1;
    shot.start_frame = starts[i].first;
    shot.start_s = starts[i].second;
    const bool last = i + 1 == starts.size();
    shot.frame_count = (last ? frame_count : starts[i + 1].first) - shot.start_frame;
    shot.end_s = last ? duration_s : starts[i + 1].second;
    // Blank when at least 90% of its frames are black/white holds.
    std::int64_t flat = 0;
    const auto end = shot.start_frame + shot.frame_count;
    while (first_hold < holds.size() && holds[first_hold].second < shot.start_frame) ++first_hold;
    for (auto h = first_hold; h < holds.size() && holds[h].first < end; ++h) {
      flat += std::max<std::int64_t>(0, std::min(holds[h].second + 1, end) - std::max(holds[h].first, shot.start_frame));
    }
    shot.blank = flat * 10 >= shot.frame_count * 9;
    list.shots.push_back(shot);
  }
  return list;
}

}  // namespace stereotype::shots
