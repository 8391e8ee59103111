#pragma once
// When B remakes A: which shot of B stands for which shot of A. Shots are compared by their key
// frames (perceptual hash and mean colour), aligned in order by dynamic programming (a remake
// mostly keeps the story's order), then shots left over are paired out of order when they still
// look alike (a re-edited remake moves scenes).
#include <vector>

#include "stereotype/style/film_style.hpp"

namespace stereotype::style {

inline constexpr double kAlignThreshold = 0.6;  // key-frame similarity a pair must exceed to be matched

// 0.4 (1 - min(hash distance / 0.5, 1)) + 0.4 max(thumbnail r, 0) + 0.2 (1 - min(ΔE of mean
// colours / 40, 1)): 1 for the same picture, about 0.2 for unrelated ones. NaN without signatures.
double key_frame_similarity(const ShotStyle& a, const ShotStyle& b);

struct ShotPair {
  int a = 0, b = 0;  // indices into the picture shots given
  double similarity = 0;
  bool in_order = true;
};

std::vector<ShotPair> align_shots(const std::vector<const ShotStyle*>& a, const std::vector<const ShotStyle*>& b);

}  // namespace stereotype::style
