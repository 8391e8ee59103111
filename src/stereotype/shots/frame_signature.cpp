#include "stereotype/shots/frame_signature.hpp"

#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>

namespace stereotype::shots {

FrameSignature make_signature(const media::Frame& frame) {
  FrameSignature s;
  s.index = frame.index;
  s.time_s = frame.time_s;
  cv::Mat small;
  cv::resize(frame.bgr, small, cv::Size(FrameSignature::kThumbWidth, FrameSignature::kThumbHeight), 0, 0, cv::INTER_AREA);
  small.convertTo(s.thumb, CV_32FC3, 1.0 / 255.0);
  cv::cvtColor(s.thumb, s.luma, cv::COLOR_BGR2GRAY);

  cv::Scalar mean, stddev;
  cv::meanStdDev(s.luma, mean, stddev);
  s.luma_mean = static_cast<float>(mean[0]);
  s.luma_std = static_cast<float>(stddev[0]);

  cv::Mat hsv;
  cv::cvtColor(small, hsv, cv::COLOR_BGR2HSV_FULL);  // 8-bit: H, S, V all in [0,255]
  double hue_weight = 0.0;
  const int n = hsv.rows * hsv.cols;
  for (int y = 0; y < hsv.rows; ++y) {
    const auto* p = hsv.ptr<cv::Vec3b>(y);
    for (int x = 0; x < hsv.cols; ++x) {
      const int h = p[x][0], sa = p[x][1], v = p[x][2];
      const float w = static_cast<float>(sa) / 255.f;
      s.hue[static_cast<std::size_t>(h * FrameSignature::kHueBins / 256)] += w;
      hue_weight += w;
      s.sat[static_cast<std::size_t>(sa * FrameSignature::kSatBins / 256)] += 1.f;
      s.val[static_cast<std::size_t>(v * FrameSignature::kValBins / 256)] += 1.f;
    }
  }
  for (auto& h : s.hue) h = hue_weight > 1e-6 ? static_cast<float>(h / hue_weight) : 0.f;
  s.mean_saturation = static_cast<float>(hue_weight / n);
  for (auto& v : s.sat) v /= static_cast<float>(n);
  for (auto& v : s.val) v /= static_cast<float>(n);
  return s;
}

namespace {

template <std::size_t N>
double histogram_distance(const std::array<float, N>& a, const std::array<float, N>& b) {
  double inter = 0.0, mass_a = 0.0, mass_b = 0.0;
  for (std::size_t i = 0; i < N; ++i) {
    inter += std::min(a[i], b[i]);
    mass_a += a[i];
    mass_b += b[i];
  }
  const double mass = std::max(mass_a, mass_b);
  return mass > 1e-9 ? 1.0 - inter / mass : 0.0;
}

// Pixel differences are small numbers (a cut moves the mean absolute difference to ~0.2-0.4);
// scaling puts them on the histogram distance's footing before the two are averaged.
constexpr double kPixelScale = 2.5;

double pixel_distance(const cv::Mat& a, const cv::Mat& b) {
  return cv::norm(a, b, cv::NORM_L1) / static_cast<double>(a.total() * a.channels());
}

}  // namespace

namespace {

double histogram_part(const FrameSignature& a, const FrameSignature& b) {
  // Hue only counts as much as both frames are coloured: grey footage has no reliable hue.
  const double hue_weight = std::clamp(4.0 * std::min(a.mean_saturation, b.mean_saturation), 0.0, 1.0);
  return (hue_weight * histogram_distance(a.hue, b.hue) + histogram_distance(a.sat, b.sat) +
          histogram_distance(a.val, b.val)) / (hue_weight + 2.0);
}

}  // namespace

double content_distance(const FrameSignature& a, const FrameSignature& b) {
  const double pixels = std::min(1.0, kPixelScale * pixel_distance(a.thumb, b.thumb));
  return 0.5 * histogram_part(a, b) + 0.5 * pixels;
}

double hue_distance(const FrameSignature& a, const FrameSignature& b) {
  const double hue_weight = std::clamp(4.0 * std::min(a.mean_saturation, b.mean_saturation), 0.0, 1.0);
  return hue_weight * histogram_distance(a.hue, b.hue);
}

double structure_similarity(const FrameSignature& a, const FrameSignature& b) {
  const double sa = a.luma_std, sb = b.luma_std;
  if (sa < 1e-3 || sb < 1e-3) return (sa < 1e-3 && sb < 1e-3) ? 1.0 : 0.0;
  const double n = static_cast<double>(a.luma.total());
  const double cross = a.luma.dot(b.luma) / n - static_cast<double>(a.luma_mean) * b.luma_mean;
  return std::clamp(cross / (sa * sb), -1.0, 1.0);
}

double motion_compensated_distance(const FrameSignature& a, const FrameSignature& b) {
  static const cv::Mat window = [] {
    cv::Mat w;
    cv::createHanningWindow(w, cv::Size(FrameSignature::kThumbWidth, FrameSignature::kThumbHeight), CV_32F);
    return w;
  }();
  // OpenCV 4.6's phaseCorrelate multiplies its inputs by the window in place: give it copies.
  const cv::Point2d shift = cv::phaseCorrelate(a.luma.clone(), b.luma.clone(), window);
  // Undo the shift on b and compare only the overlapping area.
  const int dx = static_cast<int>(std::lround(shift.x)), dy = static_cast<int>(std::lround(shift.y));
  const int w = a.thumb.cols - std::abs(dx), h = a.thumb.rows - std::abs(dy);
  if (w < a.thumb.cols / 3 || h < a.thumb.rows / 3) return content_distance(a, b);
  const cv::Rect ra(std::max(0, dx), std::max(0, dy), w, h);
  const cv::Rect rb(std::max(0, -dx), std::max(0, -dy), w, h);
  // phaseCorrelate reports how b is shifted relative to a: a(x+dx) ~ b(x).
  const double pixels = std::min(1.0, kPixelScale * pixel_distance(a.thumb(ra), b.thumb(rb)));
  return 0.5 * histogram_part(a, b) + 0.5 * pixels;
}

BlendFit fit_blend(const FrameSignature& a, const FrameSignature& b, const FrameSignature& mid) {
  // Least squares for mid - b = alpha (a - b), on the colour thumbnails.
  cv::Mat diff_ab = a.thumb - b.thumb;
  cv::Mat diff_mb = mid.thumb - b.thumb;
  const double energy = diff_ab.dot(diff_ab);
  BlendFit fit;
  if (energy < 1e-9) return fit;
  fit.alpha = diff_mb.dot(diff_ab) / energy;
  cv::Mat residual = diff_mb - fit.alpha * diff_ab;
  fit.residual = residual.dot(residual) / energy;
  return fit;
}

}  // namespace stereotype::shots
