#pragma once
// A decoded frame at analysis size. Every measurement reads the same Frame: it is decoded once,
// shrunk once, converted to grey once.
#include <cstdint>
#include <opencv2/core.hpp>

namespace stereotype::media {

// The analysis-size Y'CbCr planes a video picture was shrunk to, upright, before its conversion
// to B'G'R'. Kept beside the picture so that what needs only a summary of the picture (the shot
// detector's thumbnail) can read it without the conversion.
struct YCbCrPlanes {
  cv::Mat y;            // CV_8UC1, analysis size, code values as in the stream (limited or full range)
  cv::Mat cb, cr;       // CV_8UC1, half the analysis size each way (4:2:0), rounded up
  cv::Matx34f to_bgr;   // [Y', Cb, Cr, 1] -> [B', G', R'] in 8-bit code values (media/yuv.hpp)
  bool empty() const { return y.empty(); }
};

struct Frame {
  std::int64_t index = 0;  // 0-based position in presentation order among decoded frames
  double time_s = 0.0;     // presentation time from the stream, relative to the first frame
  cv::Mat bgr;             // CV_8UC3, analysis size, sRGB-encoded (empty when the source was asked for planes only)
  cv::Mat gray;            // CV_8UC1, analysis size, luma of `bgr` (empty with `bgr`)
  YCbCrPlanes ycbcr;       // Y'CbCr video only; empty for RGB video and image files
};

}  // namespace stereotype::media
