#pragma once
// Body and motion: dense optical flow (OpenCV DIS) between frames taken at a fixed analysis rate,
// split into the camera's share (a robust similarity fit) and what moves in the scene, and the
// speed profile's smoothness and impacts. Definitions: docs/metrics/motion.md.
#include <cstdint>
#include <vector>

#include <opencv2/core.hpp>

#include "stereotype/media/frame.hpp"
#include "stereotype/measure/moving_objects.hpp"

namespace stereotype::measure {

struct MotionParams {
  double analysis_fps = 12.0;      // frames are compared at this rate whatever the source's
  int flow_width = 320;            // flow is computed on grey frames this wide (area shrink)
  double moving_floor_px = 1.0;    // residual flow (px at flow size) above which a pixel moves
  double dynamic_threshold = 0.09; // diagonals/s the 95th-percentile flow must exceed for a dynamic pair
  double consistency_px = 1.0;     // forward-backward flow disagreement (px) beyond which a pixel is occluded
  double sparc_max_cutoff_hz = 3.0;  // highest frequency of the speed profile SPARC looks at (see motion.md)
  ObjectTrackerParams objects;     // following moving objects for their bounces
};

// One compared pair of frames.
struct MotionPair {
  std::int64_t first_frame = 0, second_frame = 0;
  double time_s = 0;          // time of the second frame
  double dt_s = 0;            // time between the two frames
  double camera_speed = 0;    // frame-centre displacement of the global fit, diagonals/s
  double camera_zoom = 0;     // ln(scale) per second (> 0 zooming in)
  double camera_roll = 0;     // degrees per second
  double camera_dx = 0, camera_dy = 0;  // the frame centre's displacement (right, down), diagonals/s: camera_speed by direction
  double object_speed = 0;    // speed-weighted mean residual flow over moving pixels, diagonals/s (0 when nothing moves)
  double moving_share = 0;    // share of pixels whose residual flow exceeds the floor
  double total_speed = 0;     // mean flow magnitude over all pixels, diagonals/s
  double horizontal_flow = 0; // mean horizontal flow over all pixels, diagonals/s (> 0 rightwards): screen direction
  double speed_p95 = 0;       // 95th percentile of flow magnitude, diagonals/s
  double flicker = 0;         // |mean L* change| after motion compensation, on consistent pixels
  double warp_error = 0;      // mean |L* difference| after motion compensation, on consistent pixels
  double consistent_share = 0;  // share of pixels passing the forward-backward check
  double detail_change = 0;     // texture boiling: Σ|ΔD| / Σ(|D1| + |D2|) of the fine detail D on consistent pixels
};

class MotionAnalyzer {
 public:
  explicit MotionAnalyzer(MotionParams params = {});
  ~MotionAnalyzer();
  MotionAnalyzer(const MotionAnalyzer&) = delete;
  MotionAnalyzer& operator=(const MotionAnalyzer&) = delete;
  // Feeds every frame; frames are picked at the analysis rate and compared with the previous pick.
  void add(const media::Frame& frame);
  // Ends the objects' open tracks; call once after the last frame.
  void finish();
  const std::vector<MotionPair>& pairs() const { return pairs_; }
  // Bounces, collisions and dead stops of the objects followed from pick to pick.
  const std::vector<ObjectImpact>& object_impacts() const { return objects_.impacts(); }
  const MotionParams& params() const { return params_; }

  // One pair from two grey frames (exposed for tests).
  MotionPair compare(const cv::Mat& previous_gray, const cv::Mat& gray, double dt_s);
  // The camera's similarity transform (previous -> current coordinates) of the last compare().
  const cv::Matx23d& last_camera() const { return last_camera_; }

 private:
  struct Impl;
  MotionParams params_;
  Impl* impl_;
  std::vector<MotionPair> pairs_;
  ObjectTracker objects_;
  cv::Matx23d last_camera_ = cv::Matx23d(1, 0, 0, 0, 1, 0);
  cv::Mat previous_;
  std::int64_t previous_index_ = -1;
  double previous_time_ = 0;
  double next_tick_ = 0;
};

// Shape of a speed profile sampled at fs Hz.
// Spectral arc length (Balasubramanian et al. 2015): 0 ... -inf, a bell-shaped movement ~ -1.41.
double spectral_arc_length(const std::vector<double>& speed, double fs, double max_cutoff_hz = 10.0, double amplitude_threshold = 0.05);
// Log dimensionless jerk of a speed profile: -ln((T^3 / v_peak^2) * integral of (d2v/dt2)^2 dt).
double log_dimensionless_jerk(const std::vector<double>& speed, double fs);
// Abrupt decelerations: drops of speed between samples larger than median + k * MAD of all the
// speed changes (and than 20 % of the peak speed), counted once per drop.
int count_impacts(const std::vector<double>& speed, double k = 5.0);
// Where they are: the sample index at which each drop starts.
std::vector<int> impact_positions(const std::vector<double>& speed, double k = 5.0);
// Pearson kurtosis (3 for a Gaussian) of the sample-to-sample speed changes.
double change_kurtosis(const std::vector<double>& speed);

}  // namespace stereotype::measure
