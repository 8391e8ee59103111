#include "stereotype/media/yuv.hpp"

#include <opencv2/imgproc.hpp>

namespace stereotype::media {

YuvMatrix bt601() { return {"bt601", 0.299, 0.114}; }
YuvMatrix bt709() { return {"bt709", 0.2126, 0.0722}; }
YuvMatrix bt2020() { return {"bt2020", 0.2627, 0.0593}; }
YuvMatrix smpte240m() { return {"smpte240m", 0.212, 0.087}; }
YuvMatrix fcc() { return {"fcc", 0.30, 0.11}; }

cv::Matx34f yuv_to_bgr(const YuvMatrix& m, bool full_range) {
  // ITU-R BT.601/709/2020: R' = Y' + 2(1-Kr) Pr, B' = Y' + 2(1-Kb) Pb,
  // G' = Y' - 2Kb(1-Kb)/Kg Pb - 2Kr(1-Kr)/Kg Pr, with Y' in [0,1] and Pb, Pr in [-1/2, 1/2].
  const double kg = 1.0 - m.kr - m.kb;
  const double y_scale = full_range ? 1.0 : 255.0 / 219.0;
  const double c_scale = full_range ? 1.0 : 255.0 / 224.0;
  const double y0 = full_range ? 0.0 : -16.0 * y_scale;
  const double rv = 2.0 * (1.0 - m.kr) * c_scale;
  const double bu = 2.0 * (1.0 - m.kb) * c_scale;
  const double gu = -2.0 * m.kb * (1.0 - m.kb) / kg * c_scale;
  const double gv = -2.0 * m.kr * (1.0 - m.kr) / kg * c_scale;
  const auto f = [](double v) { return static_cast<float>(v); };
  // Rows give B, G, R (OpenCV's order) from (Y, Cb, Cr, 1); +0.5 rounds on the saturating cast.
  return cv::Matx34f(f(y_scale), f(bu), 0.f, f(y0 - 128.0 * bu),
                     f(y_scale), f(gu), f(gv), f(y0 - 128.0 * (gu + gv)),
                     f(y_scale), 0.f, f(rv), f(y0 - 128.0 * rv));
}

void yuv_planes_to_bgr(const cv::Mat& y, const cv::Mat& cb, const cv::Mat& cr, const cv::Matx34f& transform, cv::Mat& bgr) {
  cv::Mat cb_full = cb, cr_full = cr;
  if (cb.size() != y.size()) {
    cv::resize(cb, cb_full, y.size(), 0, 0, cv::INTER_LINEAR);
    cv::resize(cr, cr_full, y.size(), 0, 0, cv::INTER_LINEAR);
  }
  cv::Mat ycc;
  cv::merge(std::vector<cv::Mat>{y, cb_full, cr_full}, ycc);
  cv::transform(ycc, bgr, transform);
}

}  // namespace stereotype::media
