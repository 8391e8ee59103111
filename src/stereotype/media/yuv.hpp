#pragma once
// Y'CbCr -> B'G'R' at analysis size. Converting after the shrink (on 0.2 Mpx instead of 2 Mpx) is
// far cheaper than letting swscale convert at full size, and the matrix is explicit and tested.
#include <string>

#include <opencv2/core.hpp>

namespace stereotype::media {

struct YuvMatrix {
  std::string name;  // "bt601", "bt709", "bt2020", ...
  double kr;         // luma weight of red
  double kb;         // luma weight of blue
};

YuvMatrix bt601();
YuvMatrix bt709();
YuvMatrix bt2020();
YuvMatrix smpte240m();
YuvMatrix fcc();

// Affine map [Y, Cb, Cr, 1] -> [B, G, R] for 8-bit code values, limited (16-235/240) or full range.
cv::Matx34f yuv_to_bgr(const YuvMatrix& m, bool full_range);

// 4:2:0 or 4:4:4 planes (8-bit) -> interleaved BGR of the luma plane's size.
void yuv_planes_to_bgr(const cv::Mat& y, const cv::Mat& cb, const cv::Mat& cr, const cv::Matx34f& transform, cv::Mat& bgr);

}  // namespace stereotype::media
