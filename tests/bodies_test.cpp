// Bodies: faces and people on real Debian footage, and face-size instability that the camera's
// zoom does not explain, on sequences built from a real face.
#include <algorithm>
#include <cmath>
#include <functional>
#include <iostream>

#include <gtest/gtest.h>
#include <opencv2/imgproc.hpp>

#include "stereotype/measure/bodies.hpp"
#include "stereotype/measure/motion_profile.hpp"
#include "stereotype/media/source.hpp"
#include "support/footage.hpp"
#include "support/frames.hpp"

namespace stereotype::test {
namespace {

using measure::BodyDetector;

media::Frame frame_at(const std::string& file, std::int64_t index) {
  auto source = media::open_source(file);
  media::Frame f;
  while (source->read(f)) {
    if (f.index == index) return f;
  }
  return {};
}

TEST(Bodies, FacesAndTheirSizeInTheTrailer) {
  require_file(footage::kMegamind);
  BodyDetector bodies;
  const auto wide = bodies.detect(frame_at(footage::kMegamind, 48));     // two characters at a table
  const auto close = bodies.detect(frame_at(footage::kMegamind, 240));   // a close-up
  EXPECT_EQ(wide.faces.size(), 2u);
  ASSERT_EQ(close.faces.size(), 1u);
  EXPECT_GT(close.faces[0].height / 360.0, 0.5);
  EXPECT_LT(wide.faces[0].height / 360.0, 0.4);
}

TEST(Bodies, PeopleOnTheStreet) {
  require_file(footage::kVtest);
  BodyDetector bodies;
  std::vector<double> counts;
  for (std::int64_t i : {100, 300, 500, 700}) counts.push_back(static_cast<double>(bodies.detect(frame_at(footage::kVtest, i)).people.size()));
  std::sort(counts.begin(), counts.end());
  EXPECT_GE(counts[1], 2.0);  // checked by eye: three to six pedestrians in each of these frames
}

// A real face (the trailer's close-up) on a real background, at a size that is `size(t)` px tall,
// the whole picture optionally zoomed by the camera.
struct FaceSequence {
  std::vector<measure::BodySample> samples;
  std::vector<measure::MotionPair> pairs;
  shots::ShotList shots;
};

FaceSequence face_sequence(const std::function<double(int)>& face_height, double camera_zoom_per_frame, double pan_px_per_s = 0) {
  const auto close = frame_at(footage::kMegamind, 240);
  BodyDetector finder;
  const auto found = finder.detect(close);
  cv::Rect r = found.faces.at(0);
  r = cv::Rect(r.x - r.width / 4, r.y - r.height / 4, r.width * 3 / 2, r.height * 3 / 2) & cv::Rect(0, 0, close.bgr.cols, close.bgr.rows);
  const cv::Mat face = close.bgr(r).clone();
  const auto background = frame_at(footage::kVtest, 200).bgr;
  cv::Mat ground;
  cv::resize(background, ground, cv::Size(640, 360));
  BodyDetector bodies;
  measure::MotionAnalyzer motion;
  const double fps = 25;
  const int frames = 100;
  for (int i = 0; i < frames; ++i) {
    cv::Mat view = ground.clone();
    const double h = face_height(i) * r.height / (r.height / 1.5);  // the crop is 1.5x the face box
    cv::Mat scaled;
    cv::resize(face, scaled, cv::Size(static_cast<int>(h * face.cols / face.rows), static_cast<int>(h)), 0, 0, cv::INTER_AREA);
    const cv::Rect at(320 - scaled.cols / 2, 180 - scaled.rows / 2, scaled.cols, scaled.rows);
    scaled.copyTo(view(at & cv::Rect(0, 0, 640, 360)));
    if (camera_zoom_per_frame != 1.0) {
      const cv::Mat m = cv::getRotationMatrix2D(cv::Point2f(320, 180), 0, std::pow(camera_zoom_per_frame, i));
      cv::Mat zoomed;
      cv::warpAffine(view, zoomed, m, view.size(), cv::INTER_LINEAR, cv::BORDER_REFLECT);
      view = zoomed;
    }
    if (pan_px_per_s != 0) {  // the camera turns right: the face and the street slide left together
      const cv::Mat shift = (cv::Mat_<double>(2, 3) << 1, 0, -pan_px_per_s * i / fps + 0.5 * pan_px_per_s * frames / fps, 0, 1, 0);
      cv::Mat panned;
      cv::warpAffine(view, panned, shift, view.size(), cv::INTER_LINEAR, cv::BORDER_REFLECT);
      view = panned;
    }
    const auto f = make_frame(view, i, fps);
    bodies.add(f);
    motion.add(f);
  }
  return {bodies.samples(), motion.pairs(), shots::build_shot_list({}, frames, frames / fps, {25, 1}, {})};
}

double instability(const FaceSequence& s) {
  return measure::summarize_bodies(s.samples, s.pairs, s.shots).at(0).values.at("body.face_instability");
}

TEST(Bodies, FaceInstabilityIsWhatTheZoomDoesNotExplain) {
  require_file(footage::kMegamind);
  require_file(footage::kVtest);
  const double steady = instability(face_sequence([](int) { return 110.0; }, 1.0));
  const double zoomed = instability(face_sequence([](int) { return 90.0; }, 1.008));    // camera zooms 22 % a second
  const double jumping = instability(face_sequence([](int i) { return (i / 25) % 2 ? 90.0 : 125.0; }, 1.0));  // size jumps every second
  std::cout << "face instability: steady " << steady << ", zoomed " << zoomed << ", jumping " << jumping << "\n";
  EXPECT_LT(steady, 0.06);
  EXPECT_LT(zoomed, 0.08);
  EXPECT_GT(jumping, 0.2);
  EXPECT_NEAR(jumping, std::log(125.0 / 90.0), 0.08);
}

// A pan carries the face 90 px between samples a second apart (IoU 0.1 where it was): followed
// through the camera's movement, it is the same face, steady, and its jumps still show.
TEST(Bodies, AFaceIsFollowedThroughAPan) {
  require_file(footage::kMegamind);
  require_file(footage::kVtest);
  const double steady = instability(face_sequence([](int) { return 110.0; }, 1.0, 90));
  const double jumping = instability(face_sequence([](int i) { return (i / 25) % 2 ? 90.0 : 125.0; }, 1.0, 90));
  std::cout << "face instability in a pan: steady " << steady << ", jumping " << jumping << "\n";
  ASSERT_FALSE(std::isnan(steady));
  EXPECT_LT(steady, 0.06);
  EXPECT_NEAR(jumping, std::log(125.0 / 90.0), 0.08);
}

// The camera's path composed from pairs: shifts add up, a zoom about the centre leaves the centre.
TEST(Bodies, TheCameraPathComposesThePairsBetweenTwoFrames) {
  const cv::Size frame(640, 360);
  const double diagonal = std::hypot(640.0, 360.0);
  std::vector<measure::MotionPair> pairs(4);
  for (int i = 0; i < 4; ++i) {
    auto& p = pairs[static_cast<std::size_t>(i)];
    p.first_frame = 10 * i;
    p.second_frame = 10 * (i + 1);
    p.dt_s = 0.5;
    p.camera_dx = 0.1;  // diagonals/s: 0.05 diagonals a pair
    p.camera_dy = -0.04;
  }
  const auto shifted = measure::camera_between(pairs, 10, 30, frame).carry(cv::Rect(100, 100, 50, 50));  // two pairs
  EXPECT_NEAR(shifted.x, 100 + 0.1 * diagonal, 1.0);
  EXPECT_NEAR(shifted.y, 100 - 0.04 * diagonal, 1.0);
  EXPECT_EQ(shifted.width, 50);
  // A pair straddling the first frame is not in the path.
  EXPECT_NEAR(measure::camera_between(pairs, 5, 40, frame).carry(cv::Rect(100, 100, 50, 50)).x, 100 + 0.15 * diagonal, 1.0);
  for (auto& p : pairs) {
    p.camera_dx = p.camera_dy = 0;
    p.camera_zoom = std::log(1.2) / 0.5;  // 1.2x a pair
  }
  const auto path = measure::camera_between(pairs, 0, 20, frame);
  EXPECT_NEAR(path.log_scale, 2 * std::log(1.2), 1e-12);
  const auto zoomed = path.carry(cv::Rect(295, 155, 50, 50));  // centred on the frame's centre (319.5, 179.5)
  EXPECT_NEAR(zoomed.x + 0.5 * zoomed.width, 320, 1.0);
  EXPECT_NEAR(zoomed.width, 50 * 1.44, 1.0);
}

TEST(Bodies, BoxOverlap) {
  EXPECT_DOUBLE_EQ(measure::box_iou({0, 0, 10, 10}, {0, 0, 10, 10}), 1.0);
  EXPECT_DOUBLE_EQ(measure::box_iou({0, 0, 10, 10}, {5, 0, 10, 10}), 50.0 / 150.0);
  EXPECT_DOUBLE_EQ(measure::box_iou({0, 0, 10, 10}, {20, 0, 10, 10}), 0.0);
}

}  // namespace
}  // namespace stereotype::test

namespace stereotype::test {
namespace {

// The trailer's close-up face pasted on the street at a given height: the cascade's window is
// 24 px, so faces below it (6.7 % of a 360-px frame) are not found (docs/metrics/motion.md).
TEST(Bodies, TheSmallestFaceFoundIsTheCascadesWindow) {
  require_file(footage::kMegamind);
  require_file(footage::kVtest);
  const auto close = frame_at(footage::kMegamind, 240);
  BodyDetector finder;
  const cv::Rect box = finder.detect(close).faces.at(0);
  const cv::Rect crop =
      cv::Rect(box.x - box.width / 4, box.y - box.height / 4, box.width * 3 / 2, box.height * 3 / 2) & cv::Rect(0, 0, 640, 360);
  const cv::Mat face = close.bgr(crop).clone();
  cv::Mat ground;
  cv::resize(frame_at(footage::kVtest, 200).bgr, ground, cv::Size(640, 360));
  auto found_at = [&](int height) {
    cv::Mat view = ground.clone(), scaled;
    const double h = height * 1.5;  // the crop is 1.5x the face box
    cv::resize(face, scaled, cv::Size(static_cast<int>(h * face.cols / face.rows), static_cast<int>(h)), 0, 0, cv::INTER_AREA);
    scaled.copyTo(view(cv::Rect(320 - scaled.cols / 2, 180 - scaled.rows / 2, scaled.cols, scaled.rows)));
    return finder.detect(make_frame(view, 0, 25)).faces;
  };
  EXPECT_TRUE(found_at(18).empty());
  EXPECT_TRUE(found_at(20).empty());
  for (int h : {24, 30, 50}) {
    const auto faces = found_at(h);
    ASSERT_EQ(faces.size(), 1u) << h << " px";
    EXPECT_GE(faces[0].height, 24);
    EXPECT_NEAR(faces[0].height, h, 0.2 * h) << h << " px";
  }
}

}  // namespace
}  // namespace stereotype::test
