// Texture and surface on frames with known properties: flat frames with Gaussian noise of known
// sigma, a sharp texture against the same blurred, fine noise that is re-drawn every frame
// (boiling) against noise that stays; a real camera clip against the same clip denoised and
// smoothed with ffmpeg; HD against SD encodes of real footage.
#include <cmath>
#include <random>

#include <gtest/gtest.h>
#include <opencv2/imgproc.hpp>

#include "stereotype/measure/motion.hpp"
#include "stereotype/measure/texture.hpp"
#include "stereotype/media/source.hpp"
#include "stereotype/pipeline/film_analysis.hpp"
#include "support/footage.hpp"
#include "support/frames.hpp"
#include "support/montage.hpp"

namespace stereotype::test {
namespace {

using namespace measure;

cv::Mat noisy(cv::Mat base, double sigma, int seed) {
  cv::Mat noise(base.size(), CV_32F);
  cv::RNG rng(static_cast<std::uint64_t>(seed));
  rng.fill(noise, cv::RNG::NORMAL, 0, sigma);
  cv::Mat f;
  base.convertTo(f, CV_32F);
  f += noise;
  cv::Mat out;
  f.convertTo(out, CV_8U);
  return out;
}

cv::Mat street_grey() {
  auto source = media::open_source(footage::kVtest);
  media::Frame f;
  for (int i = 0; i < 20; ++i) source->read(f);
  return f.gray.clone();
}

TEST(Texture, GrainIsTheNoiseSigmaWithinTenPercent) {
  const cv::Mat flat(360, 640, CV_8U, cv::Scalar(128));
  // A smooth ramp under the noise: Immerkær's operator is blind to it.
  cv::Mat ramp(360, 640, CV_8U);
  for (int y = 0; y < ramp.rows; ++y)
    for (int x = 0; x < ramp.cols; ++x) ramp.at<std::uint8_t>(y, x) = static_cast<std::uint8_t>(60 + x / 6 + y / 8);
  for (const double sigma : {1.5, 3.0, 6.0, 12.0, 20.0}) {
    EXPECT_NEAR(grain_sigma(noisy(flat, sigma, 1)), sigma, 0.1 * sigma) << sigma;
    EXPECT_NEAR(grain_sigma(noisy(ramp, sigma, 2)), sigma, 0.1 * sigma) << sigma;
  }
  EXPECT_LT(grain_sigma(flat), 0.05);
  // A real street with sigma 6 added: the flattest blocks report the added noise and the street's
  // own (vtest's sensor noise, ~0.9 grey levels): sqrt(6^2 + 0.9^2) = 6.07.
  EXPECT_NEAR(grain_sigma(noisy(street_grey(), 6.0, 3)), 6.07, 0.6);
}

TEST(Texture, BlurLowersDetailAndSharpnessMonotonicallyAndRaisesSmoothness) {
  const cv::Mat sharp = street_grey();
  double last_detail = fine_detail(sharp), last_sharpness = laplacian_sharpness(sharp), last_smooth = smooth_share(sharp);
  EXPECT_GT(last_detail, 0.01);
  EXPECT_LE(last_detail, 1.0);
  for (const double radius : {0.7, 1.2, 2.0, 3.5}) {
    cv::Mat blurred;
    cv::GaussianBlur(sharp, blurred, cv::Size(0, 0), radius);
    const double detail = fine_detail(blurred), sharpness = laplacian_sharpness(blurred), smooth = smooth_share(blurred);
    EXPECT_LT(detail, last_detail) << radius;
    EXPECT_LT(sharpness, last_sharpness) << radius;
    EXPECT_GE(smooth, last_smooth) << radius;
    last_detail = detail;
    last_sharpness = sharpness;
    last_smooth = smooth;
  }
  EXPECT_GT(last_smooth, 0.4);
  // A flat frame: all of it is smooth; detail undefined (no energy).
  const cv::Mat flat(360, 640, CV_8U, cv::Scalar(90));
  EXPECT_DOUBLE_EQ(smooth_share(flat), 1.0);
  EXPECT_TRUE(std::isnan(fine_detail(flat)));
}

TEST(Texture, FineNoiseRedrawnEveryFrameBoilsAndFixedNoiseDoesNot) {
  const cv::Mat base = street_grey();
  MotionAnalyzer fixed, redrawn;
  const cv::Mat still = noisy(base, 4.0, 99);
  for (int i = 0; i < 24; ++i) {
    cv::Mat a, b;
    cv::cvtColor(still, a, cv::COLOR_GRAY2BGR);
    cv::cvtColor(noisy(base, 4.0, 1000 + i), b, cv::COLOR_GRAY2BGR);
    fixed.add(make_frame(a, i, 24));
    redrawn.add(make_frame(b, i, 24));
  }
  std::vector<double> f, r;
  for (const auto& p : fixed.pairs()) f.push_back(p.detail_change);
  for (const auto& p : redrawn.pairs()) r.push_back(p.detail_change);
  ASSERT_FALSE(f.empty());
  EXPECT_LT(quantile(f, 0.5), 0.02);  // the same picture: nothing changes
  // Independent noise in every frame (diluted by the street's own, steady, detail).
  EXPECT_GT(quantile(r, 0.5), 0.15);
  EXPECT_GT(quantile(r, 0.5), 10 * quantile(f, 0.5));
}

TEST(Texture, BrisqueScoresASharpRealFrameBetterThanItsBlurredCopy) {
  TextureFamily family;
  cv::Mat sharp, blurred;
  cv::cvtColor(street_grey(), sharp, cv::COLOR_GRAY2BGR);
  cv::GaussianBlur(sharp, blurred, cv::Size(0, 0), 3.0);
  const double a = family.brisque(sharp), b = family.brisque(blurred);
  EXPECT_GT(a, 0.0);
  EXPECT_LT(a, 100.0);
  EXPECT_GT(b, a + 10.0);  // lower is better
}

pipeline::FilmAnalysis analyse(const std::string& path) {
  auto source = media::open_source(path);
  return pipeline::analyze_film(*source, {});
}

TEST(Texture, ADenoisedAndSmoothedCopyOfACameraClipIsCleanerAndSmoother) {
  const std::string encode = " -t 20 -c:v libx264 -crf 16 -preset veryfast -an";
  const auto plain = cached_ffmpeg("texture-street.mp4", "-i " + shell_quote(footage::kVtest) + encode);
  const auto smooth = cached_ffmpeg("texture-street-smooth.mp4", "-i " + shell_quote(footage::kVtest) +
                                                                       " -vf hqdn3d=8:6:12:9,smartblur=lr=2.5:ls=0.8" + encode);
  const auto a = analyse(plain).texture.film_median, b = analyse(smooth).texture.film_median;
  EXPECT_LT(b.at("texture.grain"), 0.7 * a.at("texture.grain"));
  EXPECT_LT(b.at("texture.detail"), 0.5 * a.at("texture.detail"));
  EXPECT_GT(b.at("texture.smoothness"), a.at("texture.smoothness") + 0.1);
  EXPECT_GT(b.at("texture.brisque"), a.at("texture.brisque"));
}

TEST(Texture, HdAndSdEncodesOfTheSameFootageAgreeWithinFivePercent) {
  const auto a = analyse(hd_or_sd_montage(true).path);
  const auto b = analyse(hd_or_sd_montage(false).path);
  // 5 % of the value, or 1 % of the metric's span for values near zero.
  const std::map<std::string, double> span = {{"texture.detail", 0.1},    {"texture.grain", 5},   {"texture.sharpness", 10000},
                                              {"texture.smoothness", 1}, {"texture.boiling", 1}, {"texture.brisque", 100}};
  for (const auto& name : texture_metric_names()) {
    const double x = a.texture.film_median.at(name), y = b.texture.film_median.at(name);
    EXPECT_NEAR(x, y, std::max(0.05 * std::max(std::abs(x), std::abs(y)), 0.01 * span.at(name))) << name;
  }
}

}  // namespace
}  // namespace stereotype::test
