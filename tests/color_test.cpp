// Colour and light on frames whose true values are known.
#include <cmath>

#include <gtest/gtest.h>
#include <opencv2/imgproc.hpp>

#include "stereotype/measure/color.hpp"
#include "stereotype/media/source.hpp"
#include "support/footage.hpp"
#include "support/frames.hpp"

namespace stereotype::test {
namespace {

using measure::analyze_color;
using measure::ColorFrame;

// CIE 1976 L*a*b* of an 8-bit sRGB colour (IEC 61966-2-1 transfer, D65), straight from the formulas.
cv::Vec3d cie_lab(double r8, double g8, double b8) {
  auto lin = [](double c) { c /= 255.0; return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4); };
  const double r = lin(r8), g = lin(g8), b = lin(b8);
  const double X = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047;
  const double Y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b;
  const double Z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883;
  auto f = [](double t) { return t > 216.0 / 24389.0 ? std::cbrt(t) : (24389.0 / 27.0 * t + 16.0) / 116.0; };
  return {116 * f(Y) - 16, 500 * (f(X) - f(Y)), 200 * (f(Y) - f(Z))};
}

media::Frame solid(int r, int g, int b) { return make_frame(cv::Mat(360, 640, CV_8UC3, cv::Scalar(b, g, r))); }

// A frame whose left and right halves have two colours.
media::Frame halves(cv::Scalar left_bgr, cv::Scalar right_bgr) {
  cv::Mat m(360, 640, CV_8UC3, left_bgr);
  m(cv::Rect(320, 0, 320, 360)).setTo(right_bgr);
  return make_frame(m);
}

cv::Scalar bgr_of_lab(double l, double a, double b) {
  const cv::Vec3b v = measure::lab_to_bgr8(cv::Vec3f(static_cast<float>(l), static_cast<float>(a), static_cast<float>(b)));
  return cv::Scalar(v[0], v[1], v[2]);
}

TEST(Color, SolidColoursGiveCieLab) {
  for (const auto& c : {cv::Vec3i(200, 60, 30), cv::Vec3i(30, 160, 200), cv::Vec3i(128, 128, 128), cv::Vec3i(255, 255, 255),
                        cv::Vec3i(0, 255, 255), cv::Vec3i(255, 0, 255)}) {
    const ColorFrame cf = analyze_color(solid(c[0], c[1], c[2]));
    const cv::Vec3d ref = cie_lab(c[0], c[1], c[2]);
    EXPECT_NEAR(cf.lightness_mean, ref[0], 0.5) << c;
    EXPECT_NEAR(cf.mean_a, ref[1], 0.5) << c;
    EXPECT_NEAR(cf.mean_b, ref[2], 0.5) << c;
    EXPECT_NEAR(cf.chroma_mean, std::hypot(ref[1], ref[2]), 0.5) << c;
    EXPECT_NEAR(cf.contrast_rms, 0.0, 1e-3);
    EXPECT_NEAR(cf.dynamic_range, 0.0, 0.2);
  }
}

TEST(Color, D65WhiteIs6500Kelvin) {
  const ColorFrame cf = analyze_color(solid(255, 255, 255));
  EXPECT_NEAR(measure::correlated_color_temperature(cf.mean_linear_rgb), 6500, 100);
  // Warm and cool light order correctly.
  const double warm = measure::correlated_color_temperature(analyze_color(solid(255, 200, 150)).mean_linear_rgb);
  const double cool = measure::correlated_color_temperature(analyze_color(solid(180, 210, 255)).mean_linear_rgb);
  EXPECT_LT(warm, 4500);
  EXPECT_GT(cool, 8000);
}

TEST(Color, BlackAndWhiteHalvesSpanTheLightnessRange) {
  const ColorFrame cf = analyze_color(halves(cv::Scalar::all(0), cv::Scalar::all(255)));
  EXPECT_NEAR(cf.lightness_mean, 50, 0.5);
  EXPECT_NEAR(cf.lightness_p05, 0, 0.5);
  EXPECT_NEAR(cf.lightness_p95, 100, 0.5);
  EXPECT_NEAR(cf.dynamic_range, 100, 0.5);
  EXPECT_NEAR(cf.contrast_rms, 0.5, 0.005);
  EXPECT_EQ(measure::lightness_key(cf.lightness_mean), "mid");
  EXPECT_EQ(measure::lightness_key(20), "low");
  EXPECT_EQ(measure::lightness_key(80), "high");
}

TEST(Color, ComplementaryPairIsConcentratedOnDoubledAnglesOnly) {
  // Equal chroma at opposite hues (h = 34 deg and 214 deg: orange against teal).
  const ColorFrame pair = analyze_color(halves(bgr_of_lab(60, 30, 20), bgr_of_lab(60, -30, -20)));
  EXPECT_LT(pair.hue_concentration, 0.05);
  EXPECT_GT(pair.hue_concentration_doubled, 0.95);
  // One hue: both are near 1.
  const ColorFrame one = analyze_color(solid(200, 60, 30));
  EXPECT_GT(one.hue_concentration, 0.99);
  EXPECT_GT(one.hue_concentration_doubled, 0.99);
}

TEST(Color, ColourfulnessMatchesTheFormula) {
  // Halves (R,G,B) = (200, 40, 40) and (40, 40, 200): rg = 160 / 0, yb = 80 / -160.
  const ColorFrame cf = analyze_color(halves(cv::Scalar(40, 40, 200), cv::Scalar(200, 40, 40)));
  const double sd_rg = 80, sd_yb = 120, m_rg = 80, m_yb = -40;
  const double expected = std::hypot(sd_rg, sd_yb) + 0.3 * std::hypot(m_rg, m_yb);
  EXPECT_NEAR(cf.colorfulness, expected, 0.01 * expected);
  EXPECT_NEAR(analyze_color(solid(128, 128, 128)).colorfulness, 0.0, 1e-6);
  EXPECT_EQ(measure::colorfulness_label(0), "not colourful");
  EXPECT_EQ(measure::colorfulness_label(expected), "extremely colourful");
  EXPECT_EQ(measure::colorfulness_label(47), "averagely colourful");
}

TEST(Color, NeonShareIsThePaintedShareOfGlowingStrokes) {
  cv::Mat m(360, 640, CV_8UC3, cv::Scalar(22, 20, 20));  // a dark street (L* ~ 7)
  cv::Mat painted(360, 640, CV_8UC1, cv::Scalar(0));
  for (int i = 0; i < 4; ++i) {
    const cv::Scalar colour = i % 2 ? cv::Scalar(255, 255, 0) : cv::Scalar(255, 0, 255);  // cyan, magenta (BGR)
    const cv::Rect stroke(40 + i * 150, 60 + (i % 2) * 100, 90, 16);
    m(stroke).setTo(colour);
    painted(stroke).setTo(255);
  }
  // A bright but grey sign and a saturated but dim red patch are not neon.
  m(cv::Rect(300, 300, 60, 30)).setTo(cv::Scalar::all(240));
  m(cv::Rect(420, 300, 60, 30)).setTo(cv::Scalar(0, 0, 120));
  const double share = cv::countNonZero(painted) / static_cast<double>(painted.total());
  const ColorFrame cf = analyze_color(make_frame(m));
  EXPECT_NEAR(cf.neon_share, share, 0.1 * share) << "painted " << share;
  EXPECT_NEAR(analyze_color(solid(0, 255, 255)).neon_share, 0.0, 1e-6);  // cyan everywhere: not glowing against anything
}

TEST(Color, AFaceOnGreyIsNotTealOrange) {
  cv::Mat m(360, 640, CV_8UC3, cv::Scalar::all(128));
  cv::ellipse(m, cv::Point(320, 180), cv::Size(70, 95), 0, 0, 360, cv::Scalar(140, 170, 225), cv::FILLED);  // skin tone
  const ColorFrame face = analyze_color(make_frame(m));
  EXPECT_LT(face.teal_orange, 0.02);
  const ColorFrame graded = analyze_color(halves(bgr_of_lab(45, -25, -20), bgr_of_lab(65, 25, 45)));  // teal shadows, orange light
  EXPECT_GT(graded.teal_orange, 0.8);
}

TEST(Color, SplitToningSeparatesShadowAndHighlightHues) {
  const cv::Scalar shadow = bgr_of_lab(25, -20, -20), light = bgr_of_lab(80, 10, 40);  // as close as sRGB gets
  const ColorFrame cf = analyze_color(halves(shadow, light));
  const cv::Vec3d s = cie_lab(shadow[2], shadow[1], shadow[0]), l = cie_lab(light[2], light[1], light[0]);
  EXPECT_NEAR(measure::hue_angle_deg(cf.shadow_a, cf.shadow_b), measure::hue_angle_deg(s[1], s[2]), 1);
  EXPECT_NEAR(measure::hue_angle_deg(cf.highlight_a, cf.highlight_b), measure::hue_angle_deg(l[1], l[2]), 1);
  EXPECT_GT(measure::hue_angle_deg(cf.shadow_a, cf.shadow_b), 200);   // blue-teal shadows
  EXPECT_LT(measure::hue_angle_deg(cf.highlight_a, cf.highlight_b), 90);  // warm highlights
}

TEST(Color, HazeIsHigherInFog) {
  test::require_file(footage::kVtest);
  auto source = media::open_source(footage::kVtest);
  media::Frame f;
  ASSERT_TRUE(source->read(f));
  const ColorFrame crisp = analyze_color(f);
  media::Frame fog;
  fog.bgr = f.bgr * 0.5 + cv::Scalar::all(110);
  const ColorFrame hazy = analyze_color(fog);
  EXPECT_GT(hazy.haze, crisp.haze + 0.2);
  EXPECT_GE(crisp.haze, 0.0);
  EXPECT_LE(hazy.haze, 1.0);
}

TEST(Color, HueHistogramHoldsTheChromaOfEachBin) {
  const ColorFrame cf = analyze_color(solid(200, 60, 30));
  const double h = measure::hue_angle_deg(cf.mean_a, cf.mean_b);
  double total = 0;
  for (float m : cf.hue_mass) total += m;
  EXPECT_NEAR(total, cf.chroma_mean, 1e-3);
  EXPECT_NEAR(cf.hue_mass[static_cast<std::size_t>(h / 10)], cf.chroma_mean, 1e-3);
  EXPECT_EQ(measure::hue_band_of(h), "orange");
  EXPECT_EQ(measure::hue_band_of(200), "cyan");
  EXPECT_EQ(measure::hue_band_of(350), "red");
}

TEST(Color, PaletteFindsKnownColoursAndShares) {
  cv::Mat lab(100, 100, CV_32FC3, cv::Scalar(50, 40, 30));  // 50 %
  lab(cv::Rect(0, 0, 30, 100)).setTo(cv::Scalar(80, -20, -30));  // 30 %
  lab(cv::Rect(30, 0, 20, 100)).setTo(cv::Scalar(20, 0, 0));     // 20 %
  const auto palette = measure::dominant_palette(lab, 5);
  ASSERT_EQ(palette.size(), 3u);  // only three distinct colours
  EXPECT_NEAR(palette[0].share, 0.5, 1e-6);
  EXPECT_NEAR(palette[1].share, 0.3, 1e-6);
  EXPECT_NEAR(palette[2].share, 0.2, 1e-6);
  EXPECT_NEAR(cv::norm(palette[1].lab - cv::Vec3f(80, -20, -30)), 0.0, 1e-3);
  // Deterministic for a seed.
  cv::Mat noisy(60, 60, CV_32FC3);
  cv::randu(noisy, cv::Scalar(0, -50, -50), cv::Scalar(100, 50, 50));
  const auto p1 = measure::dominant_palette(noisy, 5, 7), p2 = measure::dominant_palette(noisy, 5, 7);
  ASSERT_EQ(p1.size(), 5u);
  for (std::size_t i = 0; i < p1.size(); ++i) EXPECT_EQ(p1[i].lab, p2[i].lab);
}

}  // namespace
}  // namespace stereotype::test
