// Space and composition on frames with known layout: a mirror-symmetric picture and its shuffled
// twin, a blob at a power point and at the centre, a rendered corridor with a known vanishing
// point, a blank frame against a collage, a sharp centre on a blurred surround; shot scale and
// continuity from constructed detections; and HD against SD encodes of real footage.
#include <cmath>
#include <iostream>
#include <random>

#include <gtest/gtest.h>
#include <opencv2/imgproc.hpp>

#include "stereotype/measure/bodies.hpp"
#include "stereotype/measure/composition.hpp"
#include "stereotype/measure/continuity.hpp"
#include "stereotype/media/source.hpp"
#include "stereotype/pipeline/film_analysis.hpp"
#include "support/footage.hpp"
#include "support/frames.hpp"
#include "support/montage.hpp"

namespace stereotype::test {
namespace {

using namespace measure;

cv::Mat street() {
  static const cv::Mat picture = [] {
    auto source = media::open_source(footage::kVtest);
    media::Frame f;
    for (int i = 0; i < 20; ++i) source->read(f);
    return f.bgr.clone();
  }();
  return picture;
}

cv::Mat grey_of(const cv::Mat& bgr) {
  cv::Mat g;
  cv::cvtColor(bgr, g, cv::COLOR_BGR2GRAY);
  return g;
}

// The street's left half beside its own mirror image: symmetric left to right by construction.
cv::Mat mirrored_left_half(const cv::Mat& g) {
  const int half = g.cols / 2;
  cv::Mat symmetric(g.rows, 2 * half, CV_8U), right;
  g(cv::Rect(0, 0, half, g.rows)).copyTo(symmetric(cv::Rect(0, 0, half, g.rows)));
  cv::flip(g(cv::Rect(0, 0, half, g.rows)), right, 1);
  right.copyTo(symmetric(cv::Rect(half, 0, half, g.rows)));
  return symmetric;
}

TEST(Composition, AMirrorSymmetricFrameScoresOneAndItsShuffledTwinNearZero) {
  const cv::Mat g = grey_of(street());
  const cv::Mat symmetric = mirrored_left_half(g);
  const int half = symmetric.cols / 2;
  EXPECT_GT(mirror_symmetry(symmetric, true), 0.99);
  // Top over bottom: the same picture mirrored about its horizontal axis.
  cv::Mat upright = g(cv::Rect(0, 0, g.cols, g.rows / 2)).clone(), flipped;
  cv::flip(upright, flipped, 0);
  cv::Mat stacked;
  cv::vconcat(upright, flipped, stacked);
  EXPECT_GT(mirror_symmetry(stacked, false), 0.99);
  EXPECT_LT(mirror_symmetry(g, false), 0.6);  // the real street is not

  // The twin: the right half's 16-px blocks shuffled (same pixels, no mirrored layout).
  cv::Mat twin = symmetric.clone();
  std::vector<cv::Rect> blocks;
  for (int y = 0; y + 16 <= g.rows; y += 16)
    for (int x = half; x + 16 <= 2 * half; x += 16) blocks.emplace_back(x, y, 16, 16);
  std::vector<cv::Rect> shuffled = blocks;
  std::shuffle(shuffled.begin(), shuffled.end(), std::mt19937(7));
  for (std::size_t i = 0; i < blocks.size(); ++i) symmetric(shuffled[i]).copyTo(twin(blocks[i]));
  EXPECT_LT(mirror_symmetry(twin, true), 0.15);
  // A flat frame has no layout to mirror: undefined, not "perfectly symmetric".
  EXPECT_TRUE(std::isnan(mirror_symmetry(cv::Mat(360, 640, CV_8U, cv::Scalar(90)), true)));
}

cv::Mat blob_at(cv::Point2d centre) {
  cv::Mat frame(360, 640, CV_8U, cv::Scalar(20));
  cv::circle(frame, cv::Point(static_cast<int>(centre.x), static_cast<int>(centre.y)), 18, cv::Scalar(235), cv::FILLED, cv::LINE_AA);
  cv::GaussianBlur(frame, frame, cv::Size(0, 0), 3);
  return frame;
}

// A sample keeps its nine values by name in one small array (a film keeps 4 samples a second
// to the end): each is found by name, a name it does not have is not, and the values are the
// measurements themselves.
TEST(Composition, ASampleHoldsItsNineValuesByName) {
  const cv::Mat g = grey_of(street());
  const cv::Mat symmetric = mirrored_left_half(g);
  media::Frame frame;
  cv::cvtColor(symmetric, frame.bgr, cv::COLOR_GRAY2BGR);
  frame.gray = symmetric;
  const CompositionFamily family;
  const auto sample = family.measure(frame);
  EXPECT_EQ(sample.values.size(), 9u);
  for (const auto& [name, value] : sample.values) EXPECT_EQ(name.substr(0, 12), "composition.") << name;
  EXPECT_GT(sample.values.at("composition.symmetry_lr"), 0.99);
  EXPECT_LT(sample.values.at("composition.symmetry_tb"), 0.6);
  EXPECT_EQ(sample.values.count("composition.face_share"), 0u);  // a shot's figure, not a sample's
  EXPECT_THROW((void)sample.values.at("composition.face_share"), std::out_of_range);
  EXPECT_EQ(sample.values.find("texture.grain"), sample.values.end());
}

TEST(Composition, ABlobAtAPowerPointIsOnTheThirdsAndOneAtTheCentreIsBalanced) {
  const cv::Size size(640, 360);
  const auto at_thirds = salient_centroid(blob_at({640.0 / 3, 360.0 / 3}));
  EXPECT_LT(thirds_distance(at_thirds, size), 0.02);
  EXPECT_NEAR(centre_distance(at_thirds, size), std::hypot(640.0 / 6, 360.0 / 6) / std::hypot(640, 360), 0.02);
  const auto centred = salient_centroid(blob_at({320, 180}));
  EXPECT_LT(centre_distance(centred, size), 0.02);
  EXPECT_NEAR(thirds_distance(centred, size), std::hypot(640.0 / 6, 360.0 / 6) / std::hypot(640, 360), 0.02);
}

// A corridor: floor, ceiling and wall edges converging on `vp`, with door frames (verticals) and
// floor tiles (horizontals) that converge nowhere.
cv::Mat corridor(cv::Point2d vp) {
  cv::Mat frame(360, 640, CV_8U, cv::Scalar(60));
  const std::vector<cv::Point2d> ends = {{0, 0},   {160, 0},   {320, 0},   {480, 0},   {639, 0},   {0, 359}, {160, 359}, {320, 359},
                                         {480, 359}, {639, 359}, {0, 120}, {0, 240},   {639, 120}, {639, 240}};
  for (const auto& e : ends) {
    const cv::Point2d stop = vp + 0.25 * (e - vp);  // the far wall hides the last quarter
    cv::line(frame, cv::Point(static_cast<int>(e.x), static_cast<int>(e.y)), cv::Point(static_cast<int>(stop.x), static_cast<int>(stop.y)),
             cv::Scalar(230), 2, cv::LINE_AA);
  }
  cv::rectangle(frame, cv::Rect(static_cast<int>(vp.x) - 40, static_cast<int>(vp.y) - 25, 80, 50), cv::Scalar(140), 2);
  cv::line(frame, {60, 300}, {60, 200}, cv::Scalar(200), 2);
  cv::line(frame, {580, 310}, {580, 190}, cv::Scalar(200), 2);
  return frame;
}

TEST(Composition, TheCorridorsVanishingPointIsFoundWithinThreePercentOfTheDiagonal) {
  const double diagonal = std::hypot(640, 360);
  for (const cv::Point2d vp : {cv::Point2d(320, 180), cv::Point2d(420, 150), cv::Point2d(250, 210)}) {
    const auto found = vanishing_point(corridor(vp));
    ASSERT_TRUE(found.found);
    EXPECT_LT(std::hypot(found.point.x - vp.x, found.point.y - vp.y), 0.03 * diagonal) << vp;
    EXPECT_GT(found.share, 0.6) << vp;
    EXPECT_NEAR(found.distance, std::hypot(vp.x - 320, vp.y - 180) / diagonal, 0.03) << vp;
  }
  // Only verticals and horizontals: nothing converges inside the picture.
  cv::Mat grid(360, 640, CV_8U, cv::Scalar(60));
  for (int x = 40; x < 640; x += 80) cv::line(grid, {x, 20}, {x, 340}, cv::Scalar(220), 2);
  for (int y = 40; y < 360; y += 80) cv::line(grid, {20, y}, {620, y}, cv::Scalar(220), 2);
  const auto none = vanishing_point(grid);
  EXPECT_LT(none.found ? none.share : 0.0, 0.3);
}

TEST(Composition, ACollageIsMoreClutteredThanABlankFrame) {
  const cv::Mat blank(360, 640, CV_8UC3, cv::Scalar(90, 90, 90));
  cv::Mat collage = blank.clone();
  std::mt19937 rng(3);
  std::uniform_int_distribution<int> x(0, 639), y(0, 359), r(6, 40), c(0, 255);
  for (int i = 0; i < 300; ++i) {
    const cv::Scalar colour(c(rng), c(rng), c(rng));
    if (i % 2) cv::circle(collage, {x(rng), y(rng)}, r(rng), colour, cv::FILLED);
    else cv::rectangle(collage, cv::Rect(x(rng), y(rng), r(rng) * 2, r(rng)), colour, cv::FILLED);
  }
  EXPECT_EQ(edge_density(grey_of(blank)), 0.0);
  const double edges = edge_density(grey_of(collage));
  EXPECT_GT(edges, 0.03);
  EXPECT_LT(edges, 1.0);
  const auto quiet = feature_congestion(blank), busy = feature_congestion(collage);
  EXPECT_NEAR(quiet.total, 0.0, 1e-3);
  EXPECT_GT(busy.total, 3.0);  // the reference street scores 3
  EXPECT_GT(busy.colour, quiet.colour);
  EXPECT_GT(busy.contrast, quiet.contrast);
  EXPECT_GT(busy.orientation, quiet.orientation);
  // The real street: about the reference it was normalised on.
  EXPECT_NEAR(feature_congestion(street()).total, 3.0, 0.6);
}

TEST(Composition, ASharpCentreOnABlurredSurroundHasShallowDepthOfField) {
  const cv::Mat g = grey_of(street());
  cv::Mat blurred;
  cv::GaussianBlur(g, blurred, cv::Size(0, 0), 4);
  cv::Mat shallow = blurred.clone();
  const cv::Rect centre(g.cols / 4, g.rows / 4, g.cols / 2, g.rows / 2);
  g(centre).copyTo(shallow(centre));
  EXPECT_GT(depth_of_field(shallow), 2.0);
  EXPECT_NEAR(depth_of_field(g), 1.0, 0.5);
  EXPECT_LT(depth_of_field(g), depth_of_field(shallow));
}

TEST(Composition, ShotScaleClassesFollowTheCutOffs) {
  EXPECT_EQ(shot_scale_class(0.03), 0);
  EXPECT_EQ(shot_scale_class(0.10), 1);
  EXPECT_EQ(shot_scale_class(0.17), 2);
  EXPECT_EQ(shot_scale_class(0.25), 3);
  EXPECT_EQ(shot_scale_class(0.40), 4);
  EXPECT_EQ(shot_scale_class(0.60), 5);
  EXPECT_EQ(shot_scale_class(0.80), 6);
  EXPECT_EQ(shot_scale_class(std::nan("")), kNoScale);
  EXPECT_STREQ(shot_scale_name(0), "very long");
  EXPECT_STREQ(shot_scale_name(4), "medium close-up");
  EXPECT_STREQ(shot_scale_name(kNoScale), "none");
}

shots::ShotList two_shots() {
  shots::ShotList list;
  list.shots = {{1, 0, 100, 0.0, 4.0, false}, {2, 100, 100, 4.0, 8.0, false}};
  shots::Transition cut;
  cut.boundary_frame = 100;
  cut.boundary_s = 4.0;
  list.transitions = {cut};
  list.frame_count = 200;
  list.duration_s = 8.0;
  return list;
}

BodySample face_sample(std::int64_t frame, int face_height) {
  BodySample s;
  s.frame = frame;
  s.time_s = frame / 25.0;
  s.frame_height = 360;
  if (face_height > 0) s.faces.emplace_back(100, 50, face_height * 3 / 4, face_height);
  return s;
}

TEST(Composition, ShotScaleComesFromTheLargestFaceSeenOftenEnough) {
  const auto list = two_shots();
  // Shot 1: a face 180 px tall (half the frame) in every sample: close-up. Shot 2: one face in
  // one of four samples only: too rare to trust, no scale.
  std::vector<BodySample> bodies = {face_sample(0, 180), face_sample(25, 180), face_sample(50, 176), face_sample(75, 184),
                                    face_sample(100, 40), face_sample(125, 0),  face_sample(150, 0),  face_sample(175, 0)};
  const auto c = summarize_composition({}, bodies, list);
  EXPECT_NEAR(c.shots[0].face_share, 0.5, 0.01);
  EXPECT_STREQ(shot_scale_name(c.shots[0].scale_class), "close-up");
  EXPECT_EQ(c.shots[1].scale_class, kNoScale);
  EXPECT_NEAR(c.scale_share.at("close-up"), 0.5, 1e-9);
  EXPECT_NEAR(c.scale_share.at("none"), 0.5, 1e-9);
}

BodySample figure_sample(std::int64_t frame, int face_height, int person_height) {
  BodySample s = face_sample(frame, face_height);
  if (person_height > 0) s.people.emplace_back(300, 20, person_height / 2, person_height);
  return s;
}

TEST(Composition, WithoutAFaceTheTallestFigureGivesTheWideScales) {
  EXPECT_EQ(figure_scale_class(0.30), 0);  // a figure small in the frame: very long
  EXPECT_EQ(figure_scale_class(0.90), 1);  // filling it: long
  EXPECT_EQ(figure_scale_class(std::nan("")), kNoScale);
  const auto list = two_shots();
  // Shot 1: a person's box of 90 px (a quarter of the frame), no face: very long. Shot 2: a box
  // of 300 px and a face in every sample: the face decides (medium close-up), the figure is kept.
  std::vector<BodySample> bodies = {figure_sample(0, 0, 90),     figure_sample(25, 0, 92),    figure_sample(50, 0, 88),
                                    figure_sample(75, 0, 0),     figure_sample(100, 130, 300), figure_sample(125, 130, 300),
                                    figure_sample(150, 130, 0),  figure_sample(175, 130, 0)};
  const auto c = summarize_composition({}, bodies, list);
  EXPECT_TRUE(std::isnan(c.shots[0].face_share));
  EXPECT_NEAR(c.shots[0].figure_share, 0.25, 0.01);
  EXPECT_STREQ(shot_scale_name(c.shots[0].scale_class), "very long");
  EXPECT_NEAR(c.shots[1].figure_share, 300.0 / 360, 0.01);
  EXPECT_STREQ(shot_scale_name(c.shots[1].scale_class), "medium close-up");
  EXPECT_NEAR(c.scale_share.at("very long"), 0.5, 1e-9);
}

TEST(Composition, ContinuityCountsScaleJumpsColourJumpsAndDirectionFlips) {
  const auto list = two_shots();
  CompositionProfile composition;
  composition.shots.resize(2);
  composition.shots[0].scale_class = 0;  // very long ...
  composition.shots[1].scale_class = 5;  // ... to close-up: a jump of 5 classes
  ColorProfile color;
  color.shots.resize(2);
  color.shots[0].mean_bgr = cv::Vec3f(40, 40, 200);   // red
  color.shots[1].mean_bgr = cv::Vec3f(200, 120, 40);  // blue
  MotionProfile motion;
  motion.shots.resize(2);
  motion.shots[0].per_pair["motion.horizontal_flow"] = {0.05, 0, 0.05};
  motion.shots[1].per_pair["motion.horizontal_flow"] = {-0.04, 0, -0.04};
  auto c = film_continuity(list, color, motion, composition);
  EXPECT_EQ(c.at("space.scale_jumps"), 1.0);
  EXPECT_EQ(c.at("space.color_jumps"), 1.0);
  EXPECT_GT(c.at("space.color_jump_mean"), kColorJumpDeltaE);
  EXPECT_EQ(c.at("space.direction_flips"), 1.0);
  EXPECT_EQ(c.at("space.gradual_share"), 0.0);
  // The same direction, a neighbouring scale, the same colour: no jumps.
  composition.shots[1].scale_class = 1;
  color.shots[1].mean_bgr = color.shots[0].mean_bgr;
  motion.shots[1].per_pair["motion.horizontal_flow"] = {0.03, 0, 0.03};
  c = film_continuity(list, color, motion, composition);
  EXPECT_EQ(c.at("space.scale_jumps"), 0.0);
  EXPECT_EQ(c.at("space.color_jumps"), 0.0);
  EXPECT_EQ(c.at("space.direction_flips"), 0.0);
  // A shot that barely moves has no direction, so no flip can be counted.
  motion.shots[1].per_pair["motion.horizontal_flow"] = {-0.001, 0, -0.001};
  EXPECT_TRUE(std::isnan(film_continuity(list, color, motion, composition).at("space.direction_flips")));
}

pipeline::FilmAnalysis analyse(const std::string& path) {
  auto source = media::open_source(path);
  return pipeline::analyze_film(*source, {});
}

TEST(Composition, TrailerShotScalesAreCloseUpsAsOnTheContactSheet) {
  // Megamind's four shots, checked by eye on its contact sheet: a face filling about half the
  // frame in shots 1-3 (medium close-up / close-up), the close-up in shot 4.
  const auto film = analyse(footage::kMegamind);
  ASSERT_EQ(film.composition.shots.size(), 4u);
  for (const auto& s : film.composition.shots) {
    EXPECT_GE(s.scale_class, 4);
    EXPECT_LE(s.scale_class, 6);
  }
}

// vtest.avi: a street filmed from high up, pedestrians about a seventh of the frame tall and no face
// big enough to find (checked by eye): its first 20 s are a very long shot.
TEST(Composition, TheStreetFromAboveIsAVeryLongShot) {
  require_file(footage::kVtest);
  auto source = media::open_source(footage::kVtest);
  measure::BodyDetector bodies;
  media::Frame f;
  std::int64_t frames = 0;
  while (f.time_s < 20.0 && source->read(f)) {
    bodies.add(f);
    ++frames;
  }
  const auto list = shots::build_shot_list({}, frames, 20.0, source->info().frame_rate, {});
  const auto shot = summarize_composition({}, bodies.samples(), list).shots.at(0);
  std::cout << "vtest: " << bodies.samples().size() << " samples, face share " << shot.face_share << ", figure share " << shot.figure_share << "\n";
  EXPECT_STREQ(shot_scale_name(shot.scale_class), "very long");
  EXPECT_GE(shot.figure_share, 64.0 / 360);  // the person detector's smallest box
  EXPECT_LT(shot.figure_share, 0.35 * 4 / 3);  // the long shot's smallest figure
}

TEST(Composition, HdAndSdEncodesOfTheSameFootageAgreeWithinFivePercent) {
  const auto a = analyse(hd_or_sd_montage(true).path);
  const auto b = analyse(hd_or_sd_montage(false).path);
  ASSERT_EQ(a.shots.shots.size(), b.shots.shots.size());
  // 5 % of the value, or 1 % of the metric's typical span for values near zero.
  const std::map<std::string, double> span = {{"composition.symmetry_lr", 1},      {"composition.symmetry_tb", 1},
                                              {"composition.balance", 0.5},         {"composition.thirds", 0.25},
                                              {"composition.clutter_edges", 0.3},   {"composition.clutter_congestion", 10},
                                              {"composition.perspective_share", 1}, {"composition.vanishing_distance", 0.7},
                                              {"composition.depth_of_field", 4}};
  for (const auto& name : composition_metric_names()) {
    const double x = a.composition.film_median.at(name), y = b.composition.film_median.at(name);
    // Undefined on both (no shot of this real footage has a dominant one-point perspective) agrees.
    if (std::isnan(x) && std::isnan(y)) continue;
    EXPECT_NEAR(x, y, std::max(0.05 * std::max(std::abs(x), std::abs(y)), 0.01 * span.at(name))) << name;
  }
}

}  // namespace
}  // namespace stereotype::test
