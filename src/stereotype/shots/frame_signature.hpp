#pragma once
// What the shot detector keeps of each frame: a tiny colour thumbnail and colour histograms.
// Small enough that a few seconds of context cost little memory, rich enough to tell a cut (new
// content), a dissolve (a mix of two images) and a pan (shifted content) apart.
#include <array>
#include <cstdint>
#include <opencv2/core.hpp>

#include "stereotype/media/frame.hpp"

namespace stereotype::shots {

struct FrameSignature {
  static constexpr int kThumbWidth = 64;
  static constexpr int kThumbHeight = 36;
  static constexpr int kHueBins = 16;
  static constexpr int kSatBins = 8;
  static constexpr int kValBins = 16;

  std::int64_t index = 0;
  double time_s = 0.0;
  cv::Mat thumb;  // kThumbWidth x kThumbHeight, CV_32FC3, BGR in [0,1]: the picture's area mean over each cell
  cv::Mat luma;   // same size, CV_32FC1 in [0,1]
  std::array<float, kHueBins> hue{};  // hue histogram weighted by saturation, sums to 1 (or all 0 for grey)
  std::array<float, kSatBins> sat{};  // sums to 1
  std::array<float, kValBins> val{};  // sums to 1
  float luma_mean = 0.f;  // [0,1]
  float luma_std = 0.f;   // [0,1]
  float mean_saturation = 0.f;  // HSV saturation, [0,1]
};

// From the frame's decoded Y'CbCr planes when it has them (8-bit planar video: the thumbnail is
// then the area mean of the picture as decoded), else from its analysis-size planes (other Y'CbCr
// video), else from its B'G'R' picture.
FrameSignature make_signature(const media::Frame& frame);

// Colour-and-layout difference of two frames in [0,1]: the mean of a histogram distance (robust to
// motion) and a thumbnail pixel distance (sees a cut between shots of similar colour).
double content_distance(const FrameSignature& a, const FrameSignature& b);

// Zero-mean normalised cross-correlation of the luma thumbnails in [-1,1]: insensitive to a change
// of exposure, so a flash or a light switched on keeps it high while a new shot drops it.
double structure_similarity(const FrameSignature& a, const FrameSignature& b);

// Distance (0-1) of the saturation-weighted hue histograms, 0 when either frame is grey: a new
// palette rather than new light.
double hue_distance(const FrameSignature& a, const FrameSignature& b);

// The difference left after undoing the best global translation (phase correlation), as a
// content_distance-like value: small for a pan or tilt, large for a new shot.
double motion_compensated_distance(const FrameSignature& a, const FrameSignature& b);

// How far `mid` is from being a mix of `a` and `b`: mid ≈ alpha·a + (1-alpha)·b. Returns alpha
// (unclamped) and the residual energy relative to the energy of a-b.
struct BlendFit {
  double alpha = 0.0;
  double residual = 1.0;
};
BlendFit fit_blend(const FrameSignature& a, const FrameSignature& b, const FrameSignature& mid);

}  // namespace stereotype::shots
