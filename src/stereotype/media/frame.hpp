#pragma once
// A decoded frame at analysis size. Every measurement reads the same Frame: it is decoded once,
// shrunk once, converted to grey once.
#include <cstdint>
#include <opencv2/core.hpp>

namespace stereotype::media {

struct Frame {
  std::int64_t index = 0;  // 0-based position in presentation order among decoded frames
  double time_s = 0.0;     // presentation time from the stream, relative to the first frame
  cv::Mat bgr;             // CV_8UC3, analysis size, sRGB-encoded
  cv::Mat gray;            // CV_8UC1, analysis size, luma of `bgr`
};

}  // namespace stereotype::media
