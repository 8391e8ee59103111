#pragma once
// Space and composition: symmetry, where the eye is drawn (spectral-residual saliency), clutter,
// one-point perspective, depth of field and shot scale, on frames sampled at a fixed rate and then
// gathered per shot. Definitions: docs/metrics/composition.md.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "stereotype/measure/bodies.hpp"
#include "stereotype/measure/sample_values.hpp"
#include "stereotype/measure/statistics.hpp"
#include "stereotype/media/frame.hpp"
#include "stereotype/shots/shot_list.hpp"

namespace stereotype::measure {

struct CompositionParams {
  double samples_per_second = 4.0;  // composition changes slowly within a shot; 4 Hz catches shots of 0.25 s
  double min_line_share = 0.03;     // line segments shorter than this share of the diagonal are ignored
  double line_angle_deg = 2.0;      // a segment converges on a point when it points at it within this angle
};

// Where a frame's lines converge.
struct VanishingPoint {
  bool found = false;
  cv::Point2d point;       // pixels
  double share = 0;        // share of line length converging on it, 0..1
  double distance = 0;     // from the frame centre, frame diagonals
};

struct CompositionSample {
  std::int64_t frame = 0;
  double time_s = 0;
  SampleValues values;                   // "composition.<name>" (NaN when undefined on this frame)
  cv::Point2d salient_centroid;          // 0..1 of width and height, for overlays
  VanishingPoint vanishing;              // for overlays (pixels at analysis size)
  cv::Size size;
};

// The per-frame measurements (exposed for tests).
double mirror_symmetry(const cv::Mat& gray, bool left_right);  // |Pearson r| of a half and the mirrored other half; NaN if flat
cv::Point2d salient_centroid(const cv::Mat& gray);            // 0..1 coordinates; centre when nothing stands out
double centre_distance(const cv::Point2d& centroid, cv::Size size);  // frame diagonals
double thirds_distance(const cv::Point2d& centroid, cv::Size size);  // frame diagonals to the nearest power point
double edge_density(const cv::Mat& gray);                       // share of Canny edge pixels
struct Congestion {
  double colour = 0, contrast = 0, orientation = 0;  // raw, before normalising
  double total = 0;                                  // the sum of the three, each ÷ its reference
};
Congestion feature_congestion(const cv::Mat& bgr);              // colour + contrast + orientation clutter
VanishingPoint vanishing_point(const cv::Mat& gray, const CompositionParams& params = {});
double depth_of_field(const cv::Mat& gray);                     // centre sharpness / overall, NaN if flat

class CompositionFamily {
 public:
  explicit CompositionFamily(CompositionParams params = {}) : params_(params) {}
  void add(const media::Frame& frame);
  CompositionSample measure(const media::Frame& frame) const;
  const std::vector<CompositionSample>& samples() const { return samples_; }
  const CompositionParams& params() const { return params_; }

 private:
  CompositionParams params_;
  std::vector<CompositionSample> samples_;
  double next_s_ = -1;
};

// Shot scale from the largest face's height as a share of the frame height.
inline constexpr int kNoScale = -1;
int shot_scale_class(double face_height_share);       // 0 very long ... 6 big close-up
int figure_scale_class(double figure_height_share);   // from a whole standing figure: 0 very long or 1 long
const char* shot_scale_name(int scale_class);         // "very long" ... "big close-up", "none"

struct ShotComposition {
  int samples = 0;
  std::map<std::string, Summary> metrics;  // "composition.<name>" -> median and IQR over the shot's samples
  double face_share = std::nan("");        // median height of the largest face / frame height
  double figure_share = std::nan("");      // median height of the tallest person's box / frame height (the scale when no face gives one)
  int scale_class = kNoScale;
};

struct CompositionProfile {
  std::vector<ShotComposition> shots;  // parallel to ShotList::shots
  std::map<std::string, double> film_median, film_mean;  // screen-time weighted
  std::map<std::string, double> scale_share;             // share of screen time per shot scale
};

const std::vector<std::string>& composition_metric_names();

// Faces come from the body samples (the same detections the body family uses).
CompositionProfile summarize_composition(const std::vector<CompositionSample>& samples, const std::vector<BodySample>& bodies,
                                         const shots::ShotList& shots);

}  // namespace stereotype::measure
