#pragma once
// A decoded frame at analysis size. Every measurement reads the same Frame: it is decoded once,
// shrunk once, converted to grey once.
#include <cstdint>
#include <memory>
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

// The decoded picture's own 8-bit planar Y'CbCr planes, full size and unshrunk, in the stream's
// orientation (turned `rotation_deg` clockwise they are upright). They share the decoder's
// buffers, which `owner` keeps alive for as long as any copy of them is held. What boils a picture
// down to a few cells (the shot detector's thumbnail) reads them, so it needs no shrink at all and
// is the same whatever the analysis size. Empty for other pixel formats and for image files.
struct DecodedPlanes {
  cv::Mat y, cb, cr;    // CV_8UC1; chroma at the stream's subsampling (4:2:0: half the size each way, rounded up)
  cv::Matx34f to_bgr;   // as YCbCrPlanes::to_bgr
  int rotation_deg = 0; // clockwise turn that makes the planes upright: 0, 90, 180 or 270
  std::shared_ptr<const void> owner;
  bool empty() const { return y.empty(); }
};

struct Frame {
  std::int64_t index = 0;  // 0-based position in presentation order among decoded frames
  double time_s = 0.0;     // presentation time from the stream, relative to the first frame
  cv::Mat bgr;             // CV_8UC3, analysis size, sRGB-encoded (empty when the source was asked for planes only)
  cv::Mat gray;            // CV_8UC1, analysis size, luma of `bgr` (empty with `bgr`)
  YCbCrPlanes ycbcr;       // Y'CbCr video only; empty for RGB video and image files (and with planes_only, see SourceOptions)
  DecodedPlanes decoded;   // 8-bit planar Y'CbCr video only; not handed to the pass's other lanes
};

}  // namespace stereotype::media
