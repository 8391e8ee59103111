#include "stereotype/evidence/frame_samples.hpp"

#include <algorithm>
#include <cmath>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

namespace stereotype::evidence {

void FrameSamples::add(const media::Frame& frame) {
  if (last_s_ >= 0 && frame.time_s - last_s_ < 1.0 / per_second_ - 1e-9) return;
  last_s_ = frame.time_s;
  cv::Mat small;
  const int height = std::max(1, static_cast<int>(std::lround(static_cast<double>(width_) * frame.bgr.rows / frame.bgr.cols)));
  cv::resize(frame.bgr, small, cv::Size(width_, height), 0, 0, cv::INTER_AREA);
  Sample s{frame.index, {}};
  cv::imencode(".jpg", small, s.jpeg, {cv::IMWRITE_JPEG_QUALITY, 88});
  samples_.push_back(std::move(s));
}

cv::Mat FrameSamples::nearest(std::int64_t frame_index, std::int64_t first, std::int64_t last) const {
  const Sample* best = nullptr;
  bool best_inside = false;
  for (const auto& s : samples_) {
    const bool inside = s.index >= first && s.index < last;
    if (best && best_inside && !inside) continue;
    if (!best || (inside && !best_inside) || std::abs(s.index - frame_index) < std::abs(best->index - frame_index)) {
      best = &s;
      best_inside = inside;
    }
  }
  if (!best) return {};
  return cv::imdecode(best->jpeg, cv::IMREAD_COLOR);
}

}  // namespace stereotype::evidence
