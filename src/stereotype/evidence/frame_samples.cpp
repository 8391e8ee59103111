#include "stereotype/evidence/frame_samples.hpp"

#include <algorithm>
#include <cmath>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "stereotype/measure/long_take.hpp"

namespace stereotype::evidence {

void FrameSamples::add(const media::Frame& frame) {
  if (last_s_ >= 0 && frame.time_s - last_s_ < interval_s_ - 1e-9) return;
  last_s_ = frame.time_s;
  cv::Mat small;
  const int height = std::max(1, static_cast<int>(std::lround(static_cast<double>(width_) * frame.bgr.rows / frame.bgr.cols)));
  cv::resize(frame.bgr, small, cv::Size(width_, height), 0, 0, cv::INTER_AREA);
  Sample s{frame.index, {}};
  cv::imencode(".jpg", small, s.jpeg, {cv::IMWRITE_JPEG_QUALITY, 88});
  samples_.push_back(std::move(s));
  const auto open = std::lower_bound(samples_.begin(), samples_.end(), settled_end_, [](const Sample& x, std::int64_t i) { return x.index < i; });
  if (measure::thin_long_take(samples_, static_cast<std::size_t>(open - samples_.begin()))) interval_s_ *= 2;
}

const FrameSamples::Sample* FrameSamples::find(std::int64_t frame_index, std::int64_t first, std::int64_t last) const {
  // Samples are in frame order: look around the insertion point, preferring those inside the range.
  auto it = std::lower_bound(samples_.begin(), samples_.end(), frame_index, [](const Sample& s, std::int64_t i) { return s.index < i; });
  const Sample* best = nullptr;
  auto better = [&](const Sample& s) {
    if (!best) return true;
    const bool inside = s.index >= first && s.index < last, best_inside = best->index >= first && best->index < last;
    if (inside != best_inside) return inside;
    return std::abs(s.index - frame_index) < std::abs(best->index - frame_index);
  };
  for (auto j = it; j != samples_.end() && (j == it || j->index < last || !best); ++j) {
    if (better(*j)) best = &*j;
    if (j->index >= last) break;
  }
  for (auto j = it; j != samples_.begin();) {
    --j;
    if (better(*j)) best = &*j;
    if (j->index < first) break;
  }
  return best;
}

void FrameSamples::settle(std::int64_t key_frame, std::int64_t first, std::int64_t last) {
  settled_end_ = std::max(settled_end_, last);
  interval_s_ = 1.0 / per_second_;
  const Sample* key = find(key_frame, first, last);
  auto by_index = [](const Sample& s, std::int64_t i) { return s.index < i; };
  const auto begin = std::lower_bound(samples_.begin(), samples_.end(), first, by_index);
  const auto end = std::lower_bound(begin, samples_.end(), last, by_index);
  if (end - begin <= 2) return;
  const std::int64_t keep = key ? key->index : first;
  const auto kept_end = std::remove_if(std::next(begin), std::prev(end), [&](const Sample& s) { return s.index != keep; });
  samples_.erase(kept_end, std::prev(end));
}

std::string FrameSamples::nearest_jpeg(std::int64_t frame_index, std::int64_t first, std::int64_t last) const {
  const Sample* s = find(frame_index, first, last);
  return s ? std::string(s->jpeg.begin(), s->jpeg.end()) : std::string();
}

}  // namespace stereotype::evidence
