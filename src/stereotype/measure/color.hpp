#pragma once
// Colour and light: the study's first dimension. Per-frame values computed from one colour
// conversion (sRGB -> CIE L*a*b*, D65) of the analysis frame shrunk by two, aggregated per shot
// (median, IQR) and per film (screen-time weighted). Definitions: docs/metrics/color.md.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "stereotype/media/frame.hpp"

namespace stereotype::measure {

inline constexpr int kHueBins = 36;  // 10 degrees each, on the CIE h_ab circle

// Everything the colour family keeps of one frame.
struct ColorFrame {
  float lightness_mean = 0;   // mean L*, 0..100
  float lightness_p05 = 0;    // 5th percentile of L*
  float lightness_p95 = 0;    // 95th percentile of L*
  float dynamic_range = 0;    // L* p98 - p2, 0..100
  float contrast_rms = 0;     // std of L*/100, 0..0.5
  float colorfulness = 0;     // Hasler & Suesstrunk M on 8-bit sRGB, 0..~180
  float chroma_mean = 0;      // mean C*ab
  float hue_concentration = 0;          // |sum C e^{i h}| / sum C, 0..1
  float hue_concentration_doubled = 0;  // |sum C e^{2 i h}| / sum C, 0..1
  float haze = 0;             // mean dark channel, 0..1
  float neon_share = 0;       // share of glowing saturated cyan/violet-magenta pixels, 0..1
  float teal_orange = 0;      // teal+orange share of chroma mass, scaled down when one hue is scarce, 0..1
  float mean_a = 0, mean_b = 0;            // mean a*, b*
  float shadow_a = 0, shadow_b = 0;        // mean a*, b* of pixels with L* <= frame p25
  float highlight_a = 0, highlight_b = 0;  // mean a*, b* of pixels with L* >= frame p75
  cv::Vec3f mean_linear_rgb;  // mean linear-light R, G, B (0..1), for the colour temperature
  cv::Vec3f mean_bgr;         // mean 8-bit sRGB B, G, R, for the barcode
  std::array<float, kHueBins> hue_mass{};  // sum of C* per hue bin / pixel count (sums to chroma_mean)
};

struct ColorParams {
  int scale_divisor = 2;       // colour statistics at analysis size / this (area shrink)
  int haze_patch = 7;          // px at that scale (= 15 px at 360p analysis... ~1/26 of the short side)
  float neon_min_chroma = 45;  // C*ab
  float neon_min_lift = 20;    // L* above the local median
  float hue_min_chroma = 15;   // C*ab below which a pixel counts as neutral for teal/orange shares
};

// Analyses one frame. `lab_samples`, when given, receives a 16x9 L*a*b* thumbnail (CV_32FC3) for
// palettes: taken from the same conversion, not a second one.
ColorFrame analyze_color(const media::Frame& frame, const ColorParams& params = {}, cv::Mat* lab_samples = nullptr);

// Correlated colour temperature (K) of a linear-light sRGB colour: xy chromaticity and McCamy's
// cubic. NaN for black.
double correlated_color_temperature(const cv::Vec3f& linear_rgb);

// Hasler & Suesstrunk's words for a colourfulness value.
std::string colorfulness_label(double m);

// Lightness key of a mean L*: "low" (< 35), "mid", "high" (> 65).
std::string lightness_key(double lightness_mean);

// Hue bands on the CIE h_ab circle used for screen-time shares and palette naming.
struct HueBand {
  const char* name;
  double from_deg;  // inclusive
  double to_deg;    // exclusive; may wrap past 360
};
std::vector<HueBand> hue_bands();
std::string hue_band_of(double hue_deg);

// Five dominant colours with their area shares, by deterministic k-means in L*a*b*.
struct PaletteColor {
  cv::Vec3f lab;
  float share = 0;
};
std::vector<PaletteColor> dominant_palette(const cv::Mat& lab_pixels, int k = 5, std::uint64_t seed = 1);

cv::Vec3b lab_to_bgr8(const cv::Vec3f& lab);
// CIE L*a*b* of one sRGB colour given as 8-bit-scale B, G, R (e.g. a mean of pixels).
cv::Vec3f bgr8_to_lab(const cv::Vec3f& bgr);
double hue_angle_deg(double a, double b);  // 0..360

}  // namespace stereotype::measure
