#pragma once
// Bodies: faces (OpenCV's Haar cascade, shipped by Debian's opencv-data) and people (OpenCV's HOG
// person detector) on frames sampled once a second, matched from sample to sample within a shot,
// and how much a face's size jumps beyond what the camera's zoom explains (the study's "unstable,
// distorted human figures"). Definitions: docs/metrics/motion.md.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "stereotype/measure/motion.hpp"
#include "stereotype/measure/statistics.hpp"
#include "stereotype/media/frame.hpp"
#include "stereotype/shots/shot_list.hpp"

namespace stereotype::measure {

struct BodyParams {
  double samples_per_second = 1.0;
  int min_face_px = 24;  // at analysis size: the cascade's own window, smaller faces are never found (6.7 % of a 360-px frame)
  std::string face_cascade = "/usr/share/opencv4/haarcascades/haarcascade_frontalface_default.xml";
};

struct BodySample {
  std::int64_t frame = 0;
  double time_s = 0;
  int frame_width = 0, frame_height = 0;
  std::vector<cv::Rect> faces;
  std::vector<cv::Rect> people;
};

class BodyDetector {
 public:
  // Throws stereotype::Error when the cascade file is missing (install opencv-data).
  explicit BodyDetector(BodyParams params = {});
  ~BodyDetector();
  BodyDetector(const BodyDetector&) = delete;
  BodyDetector& operator=(const BodyDetector&) = delete;
  void add(const media::Frame& frame);
  BodySample detect(const media::Frame& frame) const;
  const std::vector<BodySample>& samples() const { return samples_; }

 private:
  struct Impl;
  BodyParams params_;
  Impl* impl_;
  std::vector<BodySample> samples_;
  double last_s_ = -1;
};

struct ShotBodies {
  int samples = 0;
  std::map<std::string, double> values;  // "body.<name>" (NaN when undefined)
};

const std::vector<std::string>& body_metric_names();

// The camera's movement from one frame to a later one, composed from the motion pairs between them
// (shift, zoom and roll about the frame centre), in the pixels of a frame of a given size.
struct CameraPath {
  cv::Matx33d transform = cv::Matx33d::eye();  // a point's place in the first frame -> where the camera carried it
  double log_scale = 0;                        // ln of the zoom over the path
  // Where a box in the first frame is in the later one, if only the camera moved it.
  cv::Rect carry(const cv::Rect& box) const;
};
// Pairs wholly between the two frames count (pairs are in frame order).
CameraPath camera_between(const std::vector<MotionPair>& pairs, std::int64_t from_frame, std::int64_t to_frame, cv::Size frame);

// Per shot: faces, people, face height and face instability (camera movement from the motion pairs).
std::vector<ShotBodies> summarize_bodies(const std::vector<BodySample>& samples, const std::vector<MotionPair>& pairs,
                                         const shots::ShotList& shots);

// Intersection over union of two boxes.
double box_iou(const cv::Rect& a, const cv::Rect& b);

}  // namespace stereotype::measure
