#include "stereotype/measure/motion.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>

#include <opencv2/calib3d.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/video/tracking.hpp>

namespace stereotype::measure {

namespace {

constexpr double kPi = 3.14159265358979323846;

// 8-bit grey (gamma-encoded, taken as sRGB) -> L*, so flicker and warp error are in L* units.
const std::array<float, 256>& lightness_of_grey() {
  static const std::array<float, 256> table = [] {
    std::array<float, 256> t{};
    for (int i = 0; i < 256; ++i) {
      const double c = i / 255.0;
      const double y = c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
      t[static_cast<std::size_t>(i)] = static_cast<float>(y > 216.0 / 24389.0 ? 116.0 * std::cbrt(y) - 16.0 : 24389.0 / 27.0 * y);
    }
    return t;
  }();
  return table;
}

double median_of(std::vector<double> v) {
  if (v.empty()) return 0.0;
  const auto mid = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
  std::nth_element(v.begin(), mid, v.end());
  if (v.size() % 2) return *mid;
  return 0.5 * (*mid + *std::max_element(v.begin(), mid));
}

}  // namespace

struct MotionAnalyzer::Impl {
  cv::Ptr<cv::DISOpticalFlow> dis = cv::DISOpticalFlow::create(cv::DISOpticalFlow::PRESET_MEDIUM);
  // The backward flow only checks the forward one (consistency mask): the fast preset does, at a
  // third of the cost.
  cv::Ptr<cv::DISOpticalFlow> dis_back = cv::DISOpticalFlow::create(cv::DISOpticalFlow::PRESET_FAST);
  cv::Mat forward, backward, map_x, map_y, warped, backward_warped, detail_before, detail_after, blurred;
};

MotionAnalyzer::MotionAnalyzer(MotionParams params) : params_(params), impl_(new Impl), objects_(params.objects) {}
MotionAnalyzer::~MotionAnalyzer() { delete impl_; }

void MotionAnalyzer::add(const media::Frame& frame) {
  const double tick = 1.0 / params_.analysis_fps;
  if (!previous_.empty() && frame.time_s + 1e-6 < next_tick_) return;
  cv::Mat gray;
  const int height = std::max(8, static_cast<int>(std::lround(static_cast<double>(params_.flow_width) * frame.gray.rows / frame.gray.cols)));
  cv::resize(frame.gray, gray, cv::Size(params_.flow_width, height), 0, 0, cv::INTER_AREA);
  if (!previous_.empty()) {
    MotionPair p = compare(previous_, gray, frame.time_s - previous_time_);
    p.first_frame = previous_index_;
    p.second_frame = frame.index;
    p.time_s = frame.time_s;
    pairs_.push_back(p);
  }
  // Objects are followed in colour: many stand out from their ground by hue more than by lightness.
  cv::Mat colour;
  if (frame.bgr.empty()) {
    colour = gray;
  } else {
    cv::resize(frame.bgr, colour, gray.size(), 0, 0, cv::INTER_AREA);
  }
  objects_.add(colour, frame.time_s, frame.index, previous_.empty() ? cv::Matx23d(1, 0, 0, 0, 1, 0) : last_camera_);
  // Ticks count from the first frame, so a long film does not drift off the analysis rate; a gap
  // in the stream (variable frame rate) restarts them.
  next_tick_ = previous_.empty() || frame.time_s - next_tick_ > tick ? frame.time_s + tick : next_tick_ + tick;
  previous_ = gray;
  previous_index_ = frame.index;
  previous_time_ = frame.time_s;
}

void MotionAnalyzer::finish() { objects_.finish(); }

MotionPair MotionAnalyzer::compare(const cv::Mat& previous, const cv::Mat& current, double dt) {
  MotionPair p;
  p.dt_s = dt;
  last_camera_ = cv::Matx23d(1, 0, 0, 0, 1, 0);
  if (!(dt > 0)) return p;
  Impl& m = *impl_;
  m.dis->calc(previous, current, m.forward);
  m.dis_back->calc(current, previous, m.backward);
  const int w = previous.cols, h = previous.rows;
  const double diagonal = std::hypot(w, h);

  // The camera: a similarity transform fitted to a grid of flow vectors, robust to what moves.
  std::vector<cv::Point2f> from, to;
  for (int y = 4; y < h; y += 8) {
    for (int x = 4; x < w; x += 8) {
      const auto f = m.forward.at<cv::Vec2f>(y, x);
      from.emplace_back(static_cast<float>(x), static_cast<float>(y));
      to.emplace_back(static_cast<float>(x) + f[0], static_cast<float>(y) + f[1]);
    }
  }
  cv::Mat fit = cv::estimateAffinePartial2D(from, to, cv::noArray(), cv::RANSAC, 1.0, 2000, 0.99, 10);
  if (fit.empty()) fit = (cv::Mat_<double>(2, 3) << 1, 0, 0, 0, 1, 0);
  last_camera_ = cv::Matx23d(fit);
  const double a = fit.at<double>(0, 0), b = fit.at<double>(1, 0), tx = fit.at<double>(0, 2), ty = fit.at<double>(1, 2);
  const double scale = std::hypot(a, b), angle = std::atan2(b, a);
  const double cx = 0.5 * (w - 1), cy = 0.5 * (h - 1);
  const double centre_dx = a * cx - b * cy + tx - cx, centre_dy = b * cx + a * cy + ty - cy;
  p.camera_speed = std::hypot(centre_dx, centre_dy) / diagonal / dt;
  p.camera_dx = centre_dx / diagonal / dt;
  p.camera_dy = centre_dy / diagonal / dt;
  p.camera_zoom = std::log(std::max(scale, 1e-6)) / dt;
  p.camera_roll = angle * 180.0 / kPi / dt;

  // The scene: flow left after the camera's, and where frames agree after compensation.
  m.map_x.create(h, w, CV_32F);
  m.map_y.create(h, w, CV_32F);
  std::vector<float> magnitudes;
  magnitudes.reserve(static_cast<std::size_t>(w) * h);
  double total = 0, horizontal = 0, moving_sum = 0, moving_sum2 = 0;
  long moving = 0;
  for (int y = 0; y < h; ++y) {
    const auto* f = m.forward.ptr<cv::Vec2f>(y);
    auto* mx = m.map_x.ptr<float>(y);
    auto* my = m.map_y.ptr<float>(y);
    for (int x = 0; x < w; ++x) {
      const double fx = f[x][0], fy = f[x][1];
      // sqrt, not hypot: flow vectors are far from overflow, and hypot's care cost 3 % of the analysis.
      const double mag = std::sqrt(fx * fx + fy * fy);
      magnitudes.push_back(static_cast<float>(mag));
      total += mag;
      horizontal += fx;
      const double camera_x = a * x - b * y + tx - x, camera_y = b * x + a * y + ty - y;
      const double rx = fx - camera_x, ry = fy - camera_y;
      const double residual = std::sqrt(rx * rx + ry * ry);
      if (residual > params_.moving_floor_px) {
        moving_sum += residual;
        moving_sum2 += residual * residual;
        ++moving;
      }
      mx[x] = static_cast<float>(x + fx);
      my[x] = static_cast<float>(y + fy);
    }
  }
  const double n = static_cast<double>(w) * h;
  p.total_speed = total / n / diagonal / dt;
  p.horizontal_flow = horizontal / n / diagonal / dt;
  const auto p95 = magnitudes.begin() + static_cast<std::ptrdiff_t>(0.95 * (magnitudes.size() - 1));
  std::nth_element(magnitudes.begin(), p95, magnitudes.end());
  p.speed_p95 = *p95 / diagonal / dt;
  p.moving_share = moving / n;
  // Each moving pixel weighted by its own speed: the core of a moving body outweighs the soft
  // edge that dense flow smears around it.
  p.object_speed = moving ? moving_sum2 / moving_sum / diagonal / dt : 0.0;

  cv::remap(current, m.warped, m.map_x, m.map_y, cv::INTER_LINEAR, cv::BORDER_REPLICATE);
  cv::remap(m.backward, m.backward_warped, m.map_x, m.map_y, cv::INTER_LINEAR, cv::BORDER_REPLICATE);
  const auto& lightness = lightness_of_grey();
  // Fine detail of both frames (what a 1-px Gaussian removes), for texture boiling: detail that is
  // still there after motion compensation is surface; detail that changes is crawling or re-forming.
  previous.convertTo(m.detail_before, CV_32F);
  m.warped.convertTo(m.detail_after, CV_32F);
  cv::GaussianBlur(m.detail_before, m.blurred, cv::Size(0, 0), 1.0);
  m.detail_before -= m.blurred;
  cv::GaussianBlur(m.detail_after, m.blurred, cv::Size(0, 0), 1.0);
  m.detail_after -= m.blurred;
  double signed_sum = 0, abs_sum = 0, detail_change = 0, detail_total = 0;
  long consistent = 0;
  for (int y = 0; y < h; ++y) {
    const auto* f = m.forward.ptr<cv::Vec2f>(y);
    const auto* bw = m.backward_warped.ptr<cv::Vec2f>(y);
    const auto* before = previous.ptr<std::uint8_t>(y);
    const auto* after = m.warped.ptr<std::uint8_t>(y);
    for (int x = 0; x < w; ++x) {
      const float ex = f[x][0] + bw[x][0], ey = f[x][1] + bw[x][1];
      const float tx_ = static_cast<float>(x) + f[x][0], ty_ = static_cast<float>(y) + f[x][1];
      const bool inside = tx_ >= 0 && ty_ >= 0 && tx_ <= w - 1 && ty_ <= h - 1;
      if (!inside || ex * ex + ey * ey > params_.consistency_px * params_.consistency_px) continue;
      const double d = lightness[after[x]] - lightness[before[x]];
      signed_sum += d;
      abs_sum += std::abs(d);
      const float db = m.detail_before.at<float>(y, x), da = m.detail_after.at<float>(y, x);
      detail_change += std::abs(da - db);
      detail_total += std::abs(da) + std::abs(db);
      ++consistent;
    }
  }
  p.consistent_share = consistent / n;
  if (consistent) {
    p.flicker = std::abs(signed_sum) / consistent;
    p.warp_error = abs_sum / consistent;
  }
  p.detail_change = detail_total > 1e-6 ? detail_change / detail_total : std::nan("");
  return p;
}

double spectral_arc_length(const std::vector<double>& speed, double fs, double max_cutoff_hz, double amplitude_threshold) {
  if (speed.size() < 3) return std::nan("");
  int nfft = 1;
  while (nfft < static_cast<int>(speed.size())) nfft <<= 1;
  nfft <<= 4;  // zero padding: a smooth spectrum to measure the arc of
  cv::Mat signal(1, nfft, CV_64F, cv::Scalar(0));
  for (std::size_t i = 0; i < speed.size(); ++i) signal.at<double>(0, static_cast<int>(i)) = speed[i];
  cv::Mat spectrum;
  cv::dft(signal, spectrum, cv::DFT_COMPLEX_OUTPUT);
  std::vector<double> f, mag;
  const double cutoff = std::min(max_cutoff_hz, fs / 2.0);
  for (int k = 0; k <= nfft / 2; ++k) {
    const double freq = k * fs / nfft;
    if (freq > cutoff) break;
    const auto c = spectrum.at<cv::Vec2d>(0, k);
    f.push_back(freq);
    mag.push_back(std::hypot(c[0], c[1]));
  }
  const double peak = *std::max_element(mag.begin(), mag.end());
  if (!(peak > 0)) return std::nan("");
  for (double& v : mag) v /= peak;
  // Adaptive cut-off: the span of frequencies whose normalised magnitude reaches the threshold.
  std::size_t first = 0, last = 0;
  bool found = false;
  for (std::size_t i = 0; i < mag.size(); ++i) {
    if (mag[i] >= amplitude_threshold) {
      if (!found) first = i;
      last = i;
      found = true;
    }
  }
  if (!found || last == first) return 0.0;
  const double span = f[last] - f[first];
  double arc = 0;
  for (std::size_t i = first + 1; i <= last; ++i) arc += std::hypot((f[i] - f[i - 1]) / span, mag[i] - mag[i - 1]);
  return -arc;
}

double log_dimensionless_jerk(const std::vector<double>& speed, double fs) {
  if (speed.size() < 4) return std::nan("");
  const double dt = 1.0 / fs;
  const double duration = (static_cast<double>(speed.size()) - 1) * dt;
  double peak = 0;
  for (double v : speed) peak = std::max(peak, std::abs(v));
  if (!(peak > 0)) return std::nan("");
  double integral = 0;
  for (std::size_t i = 1; i + 1 < speed.size(); ++i) {
    const double jerk = (speed[i + 1] - 2 * speed[i] + speed[i - 1]) / (dt * dt);
    integral += jerk * jerk * dt;
  }
  const double dimensionless = std::pow(duration, 3) / (peak * peak) * integral;
  return dimensionless > 0 ? -std::log(dimensionless) : std::nan("");
}

std::vector<int> impact_positions(const std::vector<double>& speed, double k) {
  std::vector<int> impacts;
  if (speed.size() < 2) return impacts;
  std::vector<double> change;
  for (std::size_t i = 1; i < speed.size(); ++i) change.push_back(speed[i] - speed[i - 1]);
  const double med = median_of(change);
  std::vector<double> deviation;
  for (double c : change) deviation.push_back(std::abs(c - med));
  const double mad = 1.4826 * median_of(deviation);
  const double peak = *std::max_element(speed.begin(), speed.end());
  const double threshold = std::max(med + k * std::max(mad, 0.02 * peak), 0.2 * peak);
  bool in_drop = false;
  for (std::size_t i = 0; i < change.size(); ++i) {
    const bool drop = -change[i] > threshold;
    if (drop && !in_drop) impacts.push_back(static_cast<int>(i));
    in_drop = drop;
  }
  return impacts;
}

int count_impacts(const std::vector<double>& speed, double k) { return static_cast<int>(impact_positions(speed, k).size()); }

double change_kurtosis(const std::vector<double>& speed) {
  if (speed.size() < 5) return std::nan("");
  std::vector<double> change;
  for (std::size_t i = 1; i < speed.size(); ++i) change.push_back(speed[i] - speed[i - 1]);
  const double mean = std::accumulate(change.begin(), change.end(), 0.0) / static_cast<double>(change.size());
  double m2 = 0, m4 = 0;
  for (double c : change) {
    const double d = c - mean;
    m2 += d * d;
    m4 += d * d * d * d;
  }
  m2 /= static_cast<double>(change.size());
  m4 /= static_cast<double>(change.size());
  return m2 > 1e-18 ? m4 / (m2 * m2) : std::nan("");
}

}  // namespace stereotype::measure
