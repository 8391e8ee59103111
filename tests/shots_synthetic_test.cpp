// Shot detection on synthesised sequences with known answers, built from real frames: cuts at
// known frames, a flash, a strobe, a fast pan, something passing the lens, fades and a dissolve.
#include <cmath>

#include <gtest/gtest.h>
#include <opencv2/imgproc.hpp>

#include "stereotype/media/source.hpp"
#include "stereotype/media/yuv.hpp"
#include "stereotype/shots/frame_signature.hpp"
#include "stereotype/shots/segmenter.hpp"
#include "stereotype/shots/statistics.hpp"
#include "support/footage.hpp"
#include "support/montage.hpp"

namespace stereotype::test {
namespace {

using shots::FadeColor;
using shots::TransitionType;

constexpr media::Rational kRate{25, 1};

// Real pictures to build sequences from: frames of Megamind's four shots and of vtest.
class Pictures {
 public:
  static const Pictures& get() {
    static const Pictures p;
    return p;
  }
  const cv::Mat& operator[](std::size_t i) const { return images_.at(i % images_.size()); }
  std::size_t size() const { return images_.size(); }

 private:
  Pictures() {
    for (const auto& [file, frames] : std::vector<std::pair<std::string, std::vector<int>>>{
             {footage::kMegamind, {50, 120, 175, 230}}, {footage::kVtest, {100, 500}}}) {
      auto source = media::open_source(file);
      media::Frame f;
      std::size_t next = 0;
      while (next < frames.size() && source->read(f)) {
        if (f.index == frames[next]) {
          cv::Mat resized;
          cv::resize(f.bgr, resized, cv::Size(640, 360), 0, 0, cv::INTER_AREA);
          images_.push_back(resized);
          ++next;
        }
      }
    }
  }
  std::vector<cv::Mat> images_;
};

// A shot: a picture drifting slowly (at most 1 px per frame) so that it is alive, not frozen.
cv::Mat drifting(const cv::Mat& picture, int t) {
  cv::Mat out;
  const cv::Mat shift = (cv::Mat_<double>(2, 3) << 1, 0, 10.0 * std::sin(t / 10.0), 0, 1, 0);
  cv::warpAffine(picture, out, shift, picture.size(), cv::INTER_LINEAR, cv::BORDER_REFLECT);
  return out;
}

class Sequence {
 public:
  void add(const cv::Mat& bgr) {
    media::Frame f;
    f.index = static_cast<std::int64_t>(frames_.size());
    f.time_s = media::frame_to_seconds(f.index, kRate);
    f.bgr = bgr.clone();
    cv::cvtColor(f.bgr, f.gray, cv::COLOR_BGR2GRAY);
    frames_.push_back(f);
  }
  void shot(const cv::Mat& picture, int length) {
    for (int t = 0; t < length; ++t) add(drifting(picture, t));
  }
  std::int64_t size() const { return static_cast<std::int64_t>(frames_.size()); }
  shots::ShotList segment() const {
    shots::Segmenter s(kRate);
    for (const auto& f : frames_) s.add(f);
    return s.finish();
  }

 private:
  std::vector<media::Frame> frames_;
};

std::vector<std::int64_t> boundaries(const shots::ShotList& list) {
  std::vector<std::int64_t> b;
  for (const auto& t : list.transitions) if (t.splits) b.push_back(t.boundary_frame);
  return b;
}

// Planes of one colour, with chroma at half size (4:2:0).
media::YCbCrPlanes flat_planes(cv::Size size, int y, int cb, int cr, const media::YuvMatrix& m, bool full) {
  const cv::Size half((size.width + 1) / 2, (size.height + 1) / 2);
  return {cv::Mat(size, CV_8UC1, cv::Scalar(y)), cv::Mat(half, CV_8UC1, cv::Scalar(cb)), cv::Mat(half, CV_8UC1, cv::Scalar(cr)),
          media::yuv_to_bgr(m, full)};
}

TEST(FrameSignature, APlanesThumbnailIsTheirColourConverted) {
  // BT.709 limited Y'CbCr (104, 90, 200): a warm red, inside the gamut.
  media::Frame f;
  f.ycbcr = flat_planes(cv::Size(491, 360), 104, 90, 200, media::bt709(), false);
  const auto s = shots::make_signature(f);
  cv::Mat pixel(1, 1, CV_8UC3, cv::Scalar(104, 90, 200)), bgr;
  cv::transform(pixel, bgr, f.ycbcr.to_bgr);
  const auto expected = bgr.at<cv::Vec3b>(0, 0);
  ASSERT_EQ(s.thumb.size(), cv::Size(64, 36));
  for (int k = 0; k < 3; ++k) {
    EXPECT_NEAR(s.thumb.at<cv::Vec3f>(0, 0)[k] * 255.f, expected[k], 0.5f) << k;
    EXPECT_NEAR(s.thumb.at<cv::Vec3f>(35, 63)[k] * 255.f, expected[k], 0.5f) << k;
  }
  EXPECT_GT(expected[2], 180);  // red
  EXPECT_LT(expected[0], 90);
  EXPECT_GT(s.mean_saturation, 0.5f);
  EXPECT_NEAR(s.luma_std, 0.f, 1e-5f);
}

TEST(FrameSignature, CellsThatCutPixelsAverageThemInProportion) {
  // A ramp 200 px wide (value = column) under 64 cells 3.125 px wide; full-range neutral chroma
  // makes B' = G' = R' = Y'. Each cell's mean, sampled finely: the mean of floor(t) over the cell.
  media::Frame f;
  f.ycbcr = flat_planes(cv::Size(200, 72), 0, 128, 128, media::bt601(), true);
  for (int x = 0; x < 200; ++x) f.ycbcr.y.col(x).setTo(x);
  const auto s = shots::make_signature(f);
  for (int c : {0, 1, 7, 31, 62, 63}) {
    const double lo = c * 200.0 / 64, hi = (c + 1) * 200.0 / 64;
    double sum = 0;
    constexpr int kSteps = 100000;
    for (int k = 0; k < kSteps; ++k) sum += std::floor(lo + (k + 0.5) * (hi - lo) / kSteps);
    EXPECT_NEAR(s.thumb.at<cv::Vec3f>(17, c)[1] * 255.0, sum / kSteps, 2e-3) << "cell " << c;
  }
}

TEST(FrameSignature, FromThePlanesItIsThePicturesSignature) {
  // A real frame (Megamind: decoded 720x528, 491x360 at analysis size; cells cut pixels in both)
  // summarised from its decoded planes, from its analysis-size planes and from its converted
  // picture: the same thumbnail but for the shrink's rounding and the picture's clipping, and
  // practically no distance between them.
  auto source = media::open_source(footage::kMegamind);
  media::Frame f;
  while (source->read(f) && f.index < 120) {}
  ASSERT_FALSE(f.decoded.empty());
  ASSERT_EQ(f.decoded.y.size(), cv::Size(720, 528));
  ASSERT_FALSE(f.ycbcr.empty());
  const auto from_decoded = shots::make_signature(f);
  media::Frame shrunk = f;
  shrunk.decoded = {};
  const auto from_planes = shots::make_signature(shrunk);
  media::Frame picture_only = shrunk;
  picture_only.ycbcr = {};
  const auto from_picture = shots::make_signature(picture_only);
  EXPECT_LT(cv::norm(from_decoded.thumb, from_planes.thumb, cv::NORM_L1) / (64 * 36 * 3), 0.25 / 255);
  EXPECT_GT(cv::norm(from_decoded.thumb, from_planes.thumb, cv::NORM_INF), 0.0);  // really two routes
  EXPECT_LT(cv::norm(from_planes.thumb, from_picture.thumb, cv::NORM_L1) / (64 * 36 * 3), 0.75 / 255);
  EXPECT_LT(shots::content_distance(from_decoded, from_planes), 0.01);
  EXPECT_LT(shots::content_distance(from_planes, from_picture), 0.02);
  EXPECT_GT(shots::structure_similarity(from_decoded, from_planes), 0.9999);
  EXPECT_GT(shots::structure_similarity(from_planes, from_picture), 0.999);
  EXPECT_NEAR(from_planes.luma_mean, from_picture.luma_mean, 1.0 / 255);
}

// Decoded planes of one picture: luma as given, chroma neutral (full-range BT.601: B' = G' = R' = Y').
media::DecodedPlanes neutral_decoded(const cv::Mat& y, int rotation_deg = 0) {
  const cv::Size half((y.cols + 1) / 2, (y.rows + 1) / 2);
  return {y, cv::Mat(half, CV_8UC1, cv::Scalar(128)), cv::Mat(half, CV_8UC1, cv::Scalar(128)), media::yuv_to_bgr(media::bt601(), true),
          rotation_deg, nullptr};
}

// The thumbnail's green channel in code values, and each cell's mean worked out pixel by pixel.
void expect_cell_means(const cv::Mat& y, const shots::FrameSignature& s, double tolerance) {
  const double cw = y.cols / 64.0, ch = y.rows / 36.0;
  for (int r = 0; r < 36; ++r) {
    for (int c = 0; c < 64; ++c) {
      // Whole-pixel cells here: every pixel is inside one cell or outside it.
      double sum = 0;
      for (int yy = static_cast<int>(r * ch); yy < static_cast<int>((r + 1) * ch); ++yy)
        for (int xx = static_cast<int>(c * cw); xx < static_cast<int>((c + 1) * cw); ++xx) sum += y.at<std::uint8_t>(yy, xx);
      ASSERT_NEAR(s.thumb.at<cv::Vec3f>(r, c)[1] * 255.0, sum / (cw * ch), tolerance) << "cell " << r << "," << c;
    }
  }
}

TEST(FrameSignature, AFullSizePictureIsAveragedOverWholeCells) {
  // 1920x1080: 30x30 pixels a cell, summed as integers. A pattern no two cells share.
  media::Frame f;
  cv::Mat y(1080, 1920, CV_8UC1);
  for (int r = 0; r < y.rows; ++r)
    for (int c = 0; c < y.cols; ++c) y.at<std::uint8_t>(r, c) = static_cast<std::uint8_t>((3 * c + 7 * r + (c / 30) * (r / 30)) % 256);
  f.decoded = neutral_decoded(y);
  expect_cell_means(y, shots::make_signature(f), 2e-3);
}

TEST(FrameSignature, CellsOfMoreThan256RowsDoNotOverflowTheirSums) {
  // Cells of 300 rows of 205 to 255: sums near 69 000, more than 16 bits hold (65 535).
  media::Frame f;
  cv::Mat y(36 * 300, 128, CV_8UC1);
  for (int r = 0; r < y.rows; ++r) y.row(r).setTo(205 + r % 51);
  f.decoded = neutral_decoded(y);
  expect_cell_means(y, shots::make_signature(f), 2e-3);
}

TEST(FrameSignature, TurnedPlanesGiveTheUprightPicturesThumbnail) {
  // A phone's sideways picture with its turn: the same thumbnail as the picture turned upright.
  cv::Mat coded(360, 640, CV_8UC1);
  cv::randu(coded, 0, 256);
  cv::GaussianBlur(coded, coded, cv::Size(0, 0), 6);  // cells that differ, not all alike
  coded(cv::Rect(0, 0, 100, 60)).setTo(250);          // and a corner to tell the turns apart
  for (const auto& [deg, turn] : {std::pair{90, cv::ROTATE_90_CLOCKWISE}, std::pair{180, cv::ROTATE_180},
                                  std::pair{270, cv::ROTATE_90_COUNTERCLOCKWISE}}) {
    cv::Mat upright;
    cv::rotate(coded, upright, turn);
    media::Frame turned, straight;
    turned.decoded = neutral_decoded(coded, deg);
    straight.decoded = neutral_decoded(upright, 0);
    const auto a = shots::make_signature(turned), b = shots::make_signature(straight);
    ASSERT_EQ(a.thumb.size(), cv::Size(64, 36)) << deg;
    EXPECT_LT(cv::norm(a.thumb, b.thumb, cv::NORM_INF), 1e-5) << deg;
    EXPECT_GT(cv::norm(b.thumb, shots::make_signature([&] { media::Frame g; g.decoded = neutral_decoded(coded, 0); return g; }()).thumb,
                       cv::NORM_INF), 0.1) << deg;  // the turn matters
  }
}

TEST(SyntheticShots, HardCutsAtKnownFrames) {
  const auto& p = Pictures::get();
  Sequence s;
  s.shot(p[0], 30);
  s.shot(p[1], 37);
  s.shot(p[4], 23);
  s.shot(p[2], 40);
  const auto list = s.segment();
  EXPECT_EQ(boundaries(list), (std::vector<std::int64_t>{30, 67, 90})) << describe(list.transitions);
  for (const auto& t : list.transitions) {
    EXPECT_EQ(t.type, TransitionType::Cut);
    // Confidence (s - local mean) / (2 x cut-threshold), clamped: these cuts between different
    // pictures step by more than 0.5 over a near-still baseline, so it saturates.
    EXPECT_DOUBLE_EQ(t.confidence, 1.0);
  }
  ASSERT_EQ(list.shots.size(), 4u);
  EXPECT_EQ(list.shots[1].start_frame, 30);
  EXPECT_EQ(list.shots[1].frame_count, 37);
  EXPECT_DOUBLE_EQ(list.shots[1].start_s, 30 / 25.0);
}

TEST(SyntheticShots, AWhiteFlashIsNotACut) {
  const auto& p = Pictures::get();
  Sequence s;
  for (int t = 0; t < 60; ++t) {
    cv::Mat f = drifting(p[1], t);
    if (t == 25) f.setTo(cv::Scalar::all(255));               // full white frame
    if (t == 26) f = f * 0.3 + cv::Scalar::all(180);          // decaying glow
    if (t == 27) f = f * 0.7 + cv::Scalar::all(70);
    s.add(f);
  }
  const auto list = s.segment();
  EXPECT_EQ(list.shots.size(), 1u) << describe(list.transitions);
}

TEST(SyntheticShots, AStrobeIsNotACut) {
  const auto& p = Pictures::get();
  Sequence s;
  for (int t = 0; t < 75; ++t) {
    cv::Mat f = drifting(p[0], t);
    if (t >= 25 && t < 50 && (t / 2) % 2 == 0) f = f * 2.2 + cv::Scalar::all(60);  // lit every other pair of frames
    s.add(f);
  }
  const auto list = s.segment();
  EXPECT_EQ(list.shots.size(), 1u) << describe(list.transitions);
}

TEST(SyntheticShots, AFastPanIsNotACut) {
  // A panorama of three pictures side by side, panned 40 px (6% of the frame) per frame, with a
  // whip of 120 px per frame in the middle.
  const auto& p = Pictures::get();
  cv::Mat panorama;
  cv::hconcat(std::vector<cv::Mat>{p[5], p[4], p[5]}, panorama);
  Sequence s;
  int x = 0;
  for (int t = 0; t < 40; ++t) {
    s.add(panorama(cv::Rect(x, 0, 640, 360)).clone());
    x += (t >= 15 && t < 20) ? 120 : 20;
  }
  const auto list = s.segment();
  EXPECT_EQ(list.shots.size(), 1u) << describe(list.transitions);
}

TEST(SyntheticShots, SomeoneWalkingPastTheLensIsNotACut) {
  // A dark, blurred shape wider than half the frame crosses it in 10 frames.
  const auto& p = Pictures::get();
  Sequence s;
  for (int t = 0; t < 60; ++t) {
    cv::Mat f = drifting(p[4], t);
    if (t >= 20 && t < 30) {
      cv::Mat mask(f.size(), CV_32F, cv::Scalar(0));
      const int cx = -200 + (t - 20) * 110;
      cv::ellipse(mask, cv::Point(cx, 200), cv::Size(220, 400), 0, 0, 360, cv::Scalar(1), cv::FILLED);
      cv::GaussianBlur(mask, mask, cv::Size(0, 0), 25);
      cv::Mat f32;
      f.convertTo(f32, CV_32FC3);
      cv::Mat m3;
      cv::merge(std::vector<cv::Mat>{mask, mask, mask}, m3);
      f32 = f32.mul(cv::Scalar::all(1) - m3) + m3 * 20.0;
      f32.convertTo(f, CV_8UC3);
    }
    s.add(f);
  }
  const auto list = s.segment();
  EXPECT_EQ(list.shots.size(), 1u) << describe(list.transitions);
}

cv::Mat scaled(const cv::Mat& m, double k) {
  cv::Mat out;
  m.convertTo(out, -1, k, 0);
  return out;
}

TEST(SyntheticShots, FadeThroughBlackIsOneTransition) {
  const auto& p = Pictures::get();
  Sequence s;
  s.shot(p[1], 30);
  for (int i = 1; i <= 12; ++i) s.add(scaled(drifting(p[1], 30 + i), 1.0 - i / 12.0));  // 30..41
  for (int i = 0; i < 5; ++i) s.add(cv::Mat(360, 640, CV_8UC3, cv::Scalar::all(0)));    // 42..46
  for (int i = 0; i < 12; ++i) s.add(scaled(drifting(p[3], i), i / 12.0));              // 47..58
  s.shot(p[3], 30);
  const auto list = s.segment();
  ASSERT_EQ(list.transitions.size(), 1u) << describe(list.transitions);
  const auto& t = list.transitions[0];
  EXPECT_EQ(t.type, TransitionType::FadeThrough);
  EXPECT_EQ(t.color, FadeColor::Black);
  EXPECT_DOUBLE_EQ(t.confidence, 1.0);  // fades are certain once their ramps are found
  EXPECT_NEAR(static_cast<double>(t.first_frame), 30, 2);
  EXPECT_NEAR(static_cast<double>(t.last_frame), 58, 2);
  EXPECT_NEAR(static_cast<double>(t.boundary_frame), 44, 2);
  EXPECT_EQ(list.shots.size(), 2u);
}

TEST(SyntheticShots, FadeToWhiteAndBack) {
  const auto& p = Pictures::get();
  Sequence s;
  s.shot(p[0], 30);
  const cv::Mat white(360, 640, CV_8UC3, cv::Scalar::all(255));
  for (int i = 1; i <= 10; ++i) s.add(drifting(p[0], 30 + i) * (1.0 - i / 10.0) + white * (i / 10.0));
  for (int i = 1; i <= 10; ++i) s.add(drifting(p[2], i) * (i / 10.0) + white * (1.0 - i / 10.0));
  s.shot(p[2], 30);
  const auto list = s.segment();
  ASSERT_EQ(list.transitions.size(), 1u) << describe(list.transitions);
  EXPECT_EQ(list.transitions[0].type, TransitionType::FadeThrough);
  EXPECT_EQ(list.transitions[0].color, FadeColor::White);
}

TEST(SyntheticShots, FadeOutAtTheEndDoesNotMakeAShot) {
  const auto& p = Pictures::get();
  Sequence s;
  s.shot(p[2], 40);
  for (int i = 1; i <= 15; ++i) s.add(scaled(drifting(p[2], 40 + i), 1.0 - i / 15.0));
  for (int i = 0; i < 20; ++i) s.add(cv::Mat(360, 640, CV_8UC3, cv::Scalar::all(0)));
  const auto list = s.segment();
  ASSERT_EQ(list.transitions.size(), 1u) << describe(list.transitions);
  EXPECT_EQ(list.transitions[0].type, TransitionType::FadeOut);
  EXPECT_FALSE(list.transitions[0].splits);
  EXPECT_EQ(list.shots.size(), 1u);
}

TEST(SyntheticShots, DissolveIsFoundWithItsExtent) {
  const auto& p = Pictures::get();
  Sequence s;
  s.shot(p[0], 30);
  for (int i = 1; i <= 20; ++i) {
    const double a = i / 21.0;
    s.add(drifting(p[0], 30 + i) * (1 - a) + drifting(p[5], i) * a);  // frames 30..49
  }
  s.shot(p[5], 30);
  const auto list = s.segment();
  ASSERT_EQ(list.transitions.size(), 1u) << describe(list.transitions);
  const auto& t = list.transitions[0];
  EXPECT_EQ(t.type, TransitionType::Dissolve);
  // min(1, d(ends) / 0.3) x (1 - residual / 0.12): an exact mix of two different pictures has a
  // small residual (the pictures drift by a pixel a frame) and ends far apart.
  EXPECT_GT(t.confidence, 0.7);
  EXPECT_LE(t.confidence, 1.0);
  EXPECT_NEAR(static_cast<double>(t.first_frame), 30, 3);
  EXPECT_NEAR(static_cast<double>(t.last_frame), 49, 3);
  EXPECT_NEAR(static_cast<double>(t.boundary_frame), 40, 2);
}

TEST(SyntheticShots, LongFilmIsSegmentedInChunksWithoutLosingOrRepeatingCuts) {
  // 3000 frames (2 minutes), a cut every 50 frames: far more than the detector keeps in memory.
  const auto& p = Pictures::get();
  shots::Segmenter seg(kRate);
  std::vector<std::int64_t> truth;
  media::Frame f;
  for (int shot = 0; shot < 60; ++shot) {
    if (shot > 0) truth.push_back(shot * 50);
    // Neighbouring shots differ: cycle through the pictures (never the two vtest frames, the same
    // static scene, one after the other), mirrored on odd rounds.
    static const std::size_t kOrder[] = {0, 4, 1, 5, 2, 3};
    cv::Mat picture = p[kOrder[static_cast<std::size_t>(shot) % 6]];
    if ((shot / 6) % 2) cv::flip(picture, picture, 1);
    for (int t = 0; t < 50; ++t) {
      f.index = shot * 50 + t;
      f.time_s = media::frame_to_seconds(f.index, kRate);
      f.bgr = drifting(picture, t);
      cv::cvtColor(f.bgr, f.gray, cv::COLOR_BGR2GRAY);
      seg.add(f);
    }
  }
  const auto list = seg.finish();
  EXPECT_EQ(boundaries(list), truth);
  EXPECT_EQ(list.frame_count, 3000);
  EXPECT_DOUBLE_EQ(list.duration_s, 120.0);
}

TEST(SyntheticShots, ShotsSettledDuringThePassAreTheShotsTheFilmEndsWith) {
  // 2 minutes of 2-s shots with a 1.6-s black hold among them: what the segmenter hands out as
  // settled while reading must be exactly what finish() returns, blank flag and times included.
  const auto& p = Pictures::get();
  shots::Segmenter seg(kRate);
  std::vector<shots::Shot> settled;
  media::Frame f;
  std::int64_t index = 0;
  for (int shot = 0; shot < 60; ++shot) {
    static const std::size_t kOrder[] = {0, 4, 1, 5, 2, 3};
    const bool hold = shot == 20;
    const cv::Mat picture = hold ? cv::Mat(p[0].size(), CV_8UC3, cv::Scalar::all(0)) : p[kOrder[static_cast<std::size_t>(shot) % 6]];
    for (int t = 0; t < (hold ? 40 : 50); ++t, ++index) {
      f.index = index;
      f.time_s = media::frame_to_seconds(f.index, kRate);
      f.bgr = hold ? picture.clone() : drifting(picture, t);
      cv::cvtColor(f.bgr, f.gray, cv::COLOR_BGR2GRAY);
      seg.add(f);
      for (const auto& s : seg.take_settled_shots()) settled.push_back(s);
    }
  }
  const auto list = seg.finish();
  ASSERT_GE(list.shots.size(), 60u);
  // All but the last minute or so is settled before the end: the part the families may let go of.
  EXPECT_GE(settled.size(), list.shots.size() - 25);
  ASSERT_LE(settled.size(), list.shots.size());
  int blank = 0;
  for (std::size_t i = 0; i < settled.size(); ++i) {
    const auto& a = settled[i];
    const auto& b = list.shots[i];
    EXPECT_EQ(a.number, b.number);
    EXPECT_EQ(a.start_frame, b.start_frame) << i;
    EXPECT_EQ(a.frame_count, b.frame_count) << i;
    EXPECT_DOUBLE_EQ(a.start_s, b.start_s);
    EXPECT_DOUBLE_EQ(a.end_s, b.end_s);
    EXPECT_EQ(a.blank, b.blank) << i;
    blank += a.blank ? 1 : 0;
  }
  EXPECT_EQ(blank, 1);
}

TEST(ShotStatistics, AslMedianAndCv) {
  shots::ShotList list;
  for (double start : {0.0, 2.0, 6.0}) list.shots.push_back({0, 0, 0, start, 0.0, false});
  list.shots[0].end_s = 2.0;   // 2 s
  list.shots[1].end_s = 6.0;   // 4 s
  list.shots[2].end_s = 12.0;  // 6 s
  list.shots.push_back({0, 0, 0, 12.0, 13.0, true});  // a blank hold is listed but not counted
  const auto st = shots::shot_statistics(list);
  EXPECT_EQ(st.count, 3);
  EXPECT_DOUBLE_EQ(st.asl_s, 4.0);
  EXPECT_DOUBLE_EQ(st.median_s, 4.0);
  EXPECT_DOUBLE_EQ(st.cv, 0.5);  // sample std 2 / mean 4
}

}  // namespace
}  // namespace stereotype::test
