#pragma once
// Analysis frames built from pictures, as the media source would hand them out.
#include <cstdint>

#include <opencv2/imgproc.hpp>

#include "stereotype/media/frame.hpp"

namespace stereotype::test {

inline media::Frame make_frame(const cv::Mat& bgr, std::int64_t index = 0, double fps = 25.0) {
  media::Frame f;
  f.index = index;
  f.time_s = static_cast<double>(index) / fps;
  f.bgr = bgr;
  cv::cvtColor(bgr, f.gray, cv::COLOR_BGR2GRAY);
  return f;
}

}  // namespace stereotype::test
