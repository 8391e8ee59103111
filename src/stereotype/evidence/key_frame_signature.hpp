#pragma once
// What a shot's key frame looks like, in a few bytes kept in the profile: a perceptual hash and a
// tiny grey picture (for aligning a remake with its original and for typicality), and its mean
// colour. Computed from the key frame's thumbnail, so profiles from the corpus carry it too.
#include <array>
#include <cstdint>
#include <string>

#include <opencv2/core.hpp>

namespace stereotype::evidence {

inline constexpr int kThumbWidth = 16, kThumbHeight = 9;

struct KeyFrameSignature {
  bool valid = false;
  std::uint64_t phash = 0;                                  // OpenCV img_hash PHash (DCT of a 32x32 grey), 64 bits
  std::array<std::uint8_t, kThumbWidth * kThumbHeight> thumb{};  // grey, area-shrunk, row-major
  cv::Vec3f mean_lab;                                       // CIE L*a*b* (D65) of the mean sRGB colour
};

KeyFrameSignature key_frame_signature(const cv::Mat& bgr);

// Hex and base64 text forms for the profile JSON, and back (throws std::invalid_argument).
std::string phash_hex(std::uint64_t hash);
std::uint64_t phash_from_hex(const std::string& text);
std::string thumb_text(const KeyFrameSignature& s);
void thumb_from_text(const std::string& text, KeyFrameSignature& s);

// Share of the 64 hash bits that differ: 0 identical ... ~0.5 unrelated.
double hash_distance(std::uint64_t a, std::uint64_t b);
// Pearson r of two thumbnails: the same layout under another brightness or contrast gives ~1;
// NaN when either is flat.
double thumb_correlation(const KeyFrameSignature& a, const KeyFrameSignature& b);

}  // namespace stereotype::evidence
