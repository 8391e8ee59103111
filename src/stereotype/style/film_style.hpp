#pragma once
// A film as the style module sees it: shots, each a flat set of named measurements (the shot
// values of a profile: medians for per-frame metrics, the one value for per-shot ones), with
// its screen time and key-frame signature. Read from the profile JSON, so films analysed now and
// films kept in the corpus are compared by the same code.
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "stereotype/evidence/key_frame_signature.hpp"

namespace stereotype::style {

struct ShotStyle {
  std::string film;   // name of the film the shot comes from (a pooled corpus mixes films)
  int number = 0;     // 1-based within its film
  double start_s = 0, duration_s = 0;
  bool blank = false;
  std::int64_t key_frame = 0;
  std::map<std::string, double> metrics;  // "color.colorfulness" -> value (NaN when undefined)
  evidence::KeyFrameSignature signature;
  double metric(const std::string& key) const;  // NaN when absent
};

struct FilmStyle {
  std::string name;
  double duration_s = 0;
  std::vector<ShotStyle> shots;  // picture shots and blank holds, in order
};

// Throws stereotype::Error(Input, subject, ...) when the JSON is not a stereotype.profile.
FilmStyle film_style_from_profile(const nlohmann::ordered_json& profile, const std::string& name, const std::string& subject);

// Picture shots only (blank holds between fades carry no style).
std::vector<const ShotStyle*> picture_shots(const std::vector<FilmStyle>& films);

// Which film each shot comes from, numbered 0, 1, … in order (a new number wherever the film's
// name changes): the films of a pooled side, for resampling it film by film.
std::vector<int> film_numbers(const std::vector<const ShotStyle*>& shots);

}  // namespace stereotype::style
