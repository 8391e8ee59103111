// The colour family over films: aggregation per shot and per film, the pictures, and agreement
// between a 1080p and a 360p encode of the same real montage.
#include <cmath>
#include <filesystem>
#include <map>
#include <fstream>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "stereotype/measure/color_profile.hpp"
#include "stereotype/measure/long_take.hpp"
#include "stereotype/media/source.hpp"
#include "stereotype/pipeline/film_analysis.hpp"
#include "stereotype/report/images.hpp"
#include "stereotype/shots/segmenter.hpp"
#include "support/footage.hpp"
#include "support/frames.hpp"
#include "support/montage.hpp"

namespace stereotype::test {
namespace {

namespace fs = std::filesystem;

media::Frame solid_frame(std::int64_t index, cv::Scalar bgr) { return make_frame(cv::Mat(360, 640, CV_8UC3, bgr), index); }

// Two shots of 50 and 25 frames: `a` then `b`.
struct TwoShots {
  measure::ColorFamily family;
  shots::ShotList list;
  TwoShots(cv::Scalar a, cv::Scalar b) {
    for (int i = 0; i < 75; ++i) family.add(solid_frame(i, i < 50 ? a : b));
    shots::Transition cut;
    cut.first_frame = 49;
    cut.last_frame = 50;
    cut.boundary_frame = 50;
    cut.boundary_s = 2.0;
    list = shots::build_shot_list({cut}, 75, 3.0, {25, 1}, {});
  }
};

// Ten shots of 40 frames, each a different two-colour picture whose colours drift from frame to
// frame, so every statistic of the shot depends on every frame.
std::vector<media::Frame> drifting_shots() {
  std::vector<media::Frame> frames;
  cv::RNG rng(7);
  for (int shot = 0; shot < 10; ++shot) {
    const cv::Scalar a(rng.uniform(0, 255), rng.uniform(0, 255), rng.uniform(0, 255)), b(rng.uniform(0, 255), rng.uniform(0, 255), rng.uniform(0, 255));
    for (int t = 0; t < 40; ++t) {
      cv::Mat bgr(180, 320, CV_8UC3, a + cv::Scalar::all(t));
      bgr(cv::Rect(0, 0, 120 + 2 * t, 180)).setTo(b - cv::Scalar::all(t));
      frames.push_back(make_frame(bgr, static_cast<std::int64_t>(frames.size())));
    }
  }
  return frames;
}

shots::ShotList forty_frame_shots(std::int64_t frames) {
  std::vector<shots::Transition> cuts;
  for (std::int64_t f = 40; f < frames; f += 40) {
    shots::Transition cut;
    cut.first_frame = f - 1;
    cut.last_frame = f;
    cut.boundary_frame = f;
    cut.boundary_s = static_cast<double>(f) / 25.0;
    cuts.push_back(cut);
  }
  return shots::build_shot_list(cuts, frames, static_cast<double>(frames) / 25.0, {25, 1}, {});
}

TEST(ColorProfile, ShotsSettledDuringThePassAreSummarisedAsAtTheEnd) {
  const auto frames = drifting_shots();
  const auto list = forty_frame_shots(static_cast<std::int64_t>(frames.size()));
  measure::ColorFamily whole, settling;
  std::size_t next = 0;
  for (const auto& f : frames) {
    whole.add(f);
    settling.add(f);
    // A shot is settled a little after its end, as the segmenter would.
    while (next + 1 < list.shots.size() && list.shots[next].start_frame + list.shots[next].frame_count + 10 <= f.index) {
      settling.settle(list.shots[next++]);
    }
  }
  EXPECT_EQ(next, 9u);
  EXPECT_EQ(settling.held_frames(), 40u);  // only the last shot's frames are still held
  EXPECT_EQ(whole.held_frames(), 400u);
  const auto a = whole.summarize(list), b = settling.summarize(list);
  ASSERT_EQ(a.shots.size(), b.shots.size());
  for (std::size_t i = 0; i < a.shots.size(); ++i) {
    for (const auto& [name, s] : a.shots[i].metrics) {
      EXPECT_EQ(s.median, b.shots[i].metrics.at(name).median) << name;
      EXPECT_EQ(s.iqr, b.shots[i].metrics.at(name).iqr) << name;
    }
    EXPECT_EQ(a.shots[i].key_frame, b.shots[i].key_frame);
    EXPECT_EQ(a.shots[i].hue_band, b.shots[i].hue_band);
    EXPECT_EQ(a.shots[i].mean_bgr, b.shots[i].mean_bgr);
    ASSERT_EQ(a.shots[i].palette.size(), b.shots[i].palette.size());
    for (std::size_t k = 0; k < a.shots[i].palette.size(); ++k) {
      EXPECT_EQ(a.shots[i].palette[k].lab, b.shots[i].palette[k].lab);
      EXPECT_EQ(a.shots[i].palette[k].share, b.shots[i].palette[k].share);
    }
  }
  EXPECT_EQ(a.film.grading_uniformity, b.film.grading_uniformity);
  EXPECT_EQ(whole.frame_mean_bgr(), settling.frame_mean_bgr());
  // A list that cuts the settled frames elsewhere cannot be summarised from what is left.
  auto other = forty_frame_shots(static_cast<std::int64_t>(frames.size()));
  other.shots[0].frame_count = 20;
  other.shots[1].start_frame = 20;
  other.shots[1].frame_count = 60;
  EXPECT_THROW(settling.summarize(other), std::logic_error);
}

TEST(ColorProfile, ShotsAndFilmAreAggregatedByScreenTime) {
  TwoShots film(cv::Scalar(30, 60, 200), cv::Scalar(200, 160, 30));  // orange-red for 2 s, then sky blue for 1 s
  const auto p = film.family.summarize(film.list);
  ASSERT_EQ(p.shots.size(), 2u);
  const double l0 = p.shots[0].metrics.at("color.lightness_mean").median;
  const double l1 = p.shots[1].metrics.at("color.lightness_mean").median;
  EXPECT_NEAR(p.shots[0].metrics.at("color.lightness_mean").iqr, 0.0, 1e-6);
  // Weighted median: the 2-second shot holds more than half the screen time.
  EXPECT_NEAR(p.film.median.at("color.lightness_mean"), l0, 1e-6);
  EXPECT_NEAR(p.film.mean.at("color.lightness_mean"), (2 * l0 + l1) / 3, 1e-4);
  EXPECT_EQ(p.shots[0].hue_band, "orange");
  EXPECT_EQ(p.shots[1].hue_band, "cyan");  // sRGB (30, 160, 200): h_ab ~ 225 deg
  EXPECT_NEAR(p.film.hue_band_share.at("orange"), 2.0 / 3.0, 1e-9);
  EXPECT_NEAR(p.film.hue_band_share.at("cyan"), 1.0 / 3.0, 1e-9);
  ASSERT_EQ(p.shots[0].palette.size(), 1u);  // a single colour
  EXPECT_NEAR(p.shots[0].palette[0].share, 1.0, 1e-6);
  EXPECT_GE(p.shots[1].key_frame, 50);
  // Two very different gradings: far from uniform.
  EXPECT_LT(p.film.grading_uniformity, 0.1);
}

TEST(ColorProfile, OneGradingEverywhereIsUniform) {
  TwoShots film(cv::Scalar(120, 110, 40), cv::Scalar(120, 110, 40));
  const auto p = film.family.summarize(film.list);
  EXPECT_NEAR(p.film.grading_uniformity, 1.0, 1e-3);
  EXPECT_NEAR(p.film.mean_palette_distance, 0.0, 0.05);
  // Palettes a known distance apart: EMD between single colours is their dE.
  const std::vector<std::vector<measure::PaletteColor>> palettes = {{{cv::Vec3f(50, 0, 0), 1.f}}, {{cv::Vec3f(50, 20, 0), 1.f}}};
  EXPECT_NEAR(measure::mean_palette_distance(palettes, {1.0, 1.0}), 20.0, 1e-3);
}

TEST(ColorProfile, BarcodeColumnsAreFrameMeans) {
  std::vector<cv::Vec3f> means;
  for (int i = 0; i < 300; ++i) means.emplace_back(static_cast<float>(i % 256), 100.f, static_cast<float>(255 - i % 256));
  const cv::Mat one_per_frame = report::movie_barcode(means, 1800, 50);
  ASSERT_EQ(one_per_frame.cols, 300);
  EXPECT_EQ(one_per_frame.at<cv::Vec3b>(10, 42), cv::Vec3b(42, 100, 213));
  const cv::Mat sliced = report::movie_barcode(means, 100, 50);  // 3 frames per column
  ASSERT_EQ(sliced.cols, 100);
  EXPECT_EQ(sliced.at<cv::Vec3b>(0, 10), cv::Vec3b(31, 100, 224));  // mean of frames 30, 31, 32
}

TEST(ColorProfile, AnalyzeWritesPicturesThatMatchTheFilm) {
  require_file(footage::kMegamind);
  const auto out = fs::path(media_dir()) / "analyze-megamind";
  fs::remove_all(out);
  const auto r = run_command(std::string(STEREOTYPE_CLI) + " analyze -q " + shell_quote(footage::kMegamind) + " -o " + shell_quote(out.string()));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto j = nlohmann::json::parse(std::ifstream(out / "Megamind.profile.json"));
  EXPECT_EQ(j["schema"], "stereotype.profile");
  EXPECT_EQ(j["film"]["shots.count"], 4);
  EXPECT_EQ(j["shots"].size(), 4u);
  EXPECT_EQ(j["shots"][0]["color"]["color.palette"].size(), 5u);
  // The motion family rides the same pass: every shot has its pairs and every key is present.
  for (const auto& shot : j["shots"]) {
    EXPECT_GT(shot["motion"]["motion.pairs"].get<int>(), 10);
    for (const char* key : {"motion.camera_speed", "motion.object_speed", "motion.flicker", "motion.warp_error"}) {
      EXPECT_TRUE(shot["motion"][key]["median"].is_number()) << key;
    }
    EXPECT_TRUE(shot["motion"]["motion.smoothness_sparc"].is_number());
  }
  EXPECT_TRUE(j["film"]["motion.dynamic_degree"]["median"].is_number());

  // The barcode: one column per frame, each the mean colour of that frame.
  const cv::Mat barcode = cv::imread((out / "Megamind.barcode.png").string());
  ASSERT_EQ(barcode.cols, 270);
  auto source = media::open_source(footage::kMegamind);
  media::Frame f;
  double worst = 0;
  while (source->read(f)) {
    const cv::Scalar mean = cv::mean(f.bgr);
    const cv::Vec3b column = barcode.at<cv::Vec3b>(barcode.rows / 2, static_cast<int>(f.index));
    for (int c = 0; c < 3; ++c) worst = std::max(worst, std::abs(mean[c] - column[c]));
  }
  EXPECT_LT(worst, 1.5);

  // The contact sheet: four cells of 240 px (+6 px gaps) in one row; under each key frame its
  // palette, whose first colour is the shot's dominant palette colour in the JSON.
  const cv::Mat contact = cv::imread((out / "Megamind.contact.png").string());
  const int picture_h = static_cast<int>(std::lround(240.0 * 360 / 491));  // analysis frames are 491x360
  EXPECT_EQ(contact.cols, 4 * (240 + 6) + 6);
  EXPECT_EQ(contact.rows, picture_h + 18 + 22 + 12);
  for (int shot = 0; shot < 4; ++shot) {
    const std::string hex = j["shots"][shot]["color"]["color.palette"][0]["hex"];
    const cv::Vec3b swatch = contact.at<cv::Vec3b>(6 + picture_h + 9, 6 + shot * 246 + 2);
    EXPECT_EQ(fmt::format("#{:02x}{:02x}{:02x}", swatch[2], swatch[1], swatch[0]), hex) << "shot " << shot + 1;
  }
  const cv::Mat strip = cv::imread((out / "Megamind.palettes.png").string());
  EXPECT_EQ(strip.cols, 1800);
  // The CSV has a header and one row per shot.
  std::ifstream csv(out / "Megamind.profile.csv");
  int lines = 0;
  for (std::string line; std::getline(csv, line);) ++lines;
  EXPECT_EQ(lines, 5);
}

measure::ColorProfile profile_of(const std::string& path, shots::ShotList& list) {
  auto source = media::open_source(path);
  shots::Segmenter segmenter(source->info().frame_rate);
  measure::ColorFamily color;
  media::Frame f;
  while (source->read(f)) {
    segmenter.add(f);
    color.add(f);
  }
  list = segmenter.finish();
  return color.summarize(list);
}

TEST(ColorProfile, HdAndSdEncodesOfTheSameFootageAgreeWithinFivePercent) {
  const auto a = hd_or_sd_montage(true);
  const auto b = hd_or_sd_montage(false);
  shots::ShotList la, lb;
  const auto pa = profile_of(a.path, la), pb = profile_of(b.path, lb);
  ASSERT_EQ(la.shots.size(), lb.shots.size());
  // 5 % of the value, or 1 % of the metric's range for values near zero (near-black percentiles,
  // shares that are almost nil).
  const std::map<std::string, double> range = {
      {"color.lightness_mean", 100}, {"color.lightness_p05", 100}, {"color.lightness_p95", 100}, {"color.dynamic_range", 100},
      {"color.contrast_rms", 0.5},   {"color.colorfulness", 150},  {"color.chroma_mean", 130},   {"color.hue_concentration", 1},
      {"color.hue_concentration_doubled", 1}, {"color.teal_orange", 1}, {"color.neon_share", 1}, {"color.haze", 1},
      {"color.cct_k", 0}};
  for (const auto& name : measure::color_metric_names()) {
    const double x = pa.film.median.at(name), y = pb.film.median.at(name);
    const double tolerance = std::max(0.05 * std::max(std::abs(x), std::abs(y)), 0.01 * range.at(name));
    EXPECT_NEAR(x, y, tolerance) << name;
  }
  EXPECT_NEAR(pa.film.grading_uniformity, pb.film.grading_uniformity, 0.05);
}

// The contact sheet's marks for a key frame: the faces and figures of the body sample nearest it
// (within 0.5 s), in fractions of the picture, and the shot scale for its label.
TEST(ContactSheet, MarksTheFacesAndFiguresSeenNearTheKeyFrame) {
  pipeline::FilmAnalysis film;
  film.shots.shots = {{1, 0, 50, 0.0, 2.0, false}};
  film.composition.shots.resize(1);
  film.composition.shots[0].scale_class = 0;
  measure::CompositionSample key;
  key.frame = 25;
  key.time_s = 1.0;
  key.size = cv::Size(640, 360);
  film.composition_samples = {key};
  film.key_samples = {0};
  measure::BodySample far, near;
  far.time_s = 0.2;  // more than 0.5 s away: not this key frame's
  far.frame_width = 640;
  far.frame_height = 360;
  far.people = {cv::Rect(0, 0, 50, 100)};
  near = far;
  near.time_s = 1.3;
  near.people = {cv::Rect(320, 90, 90, 180)};
  near.faces = {cv::Rect(340, 100, 32, 32)};
  film.bodies = {far, near};
  const auto overlays = report::key_frame_overlays(film);
  ASSERT_EQ(overlays.size(), 1u);
  EXPECT_EQ(overlays[0].scale, "very long");
  ASSERT_EQ(overlays[0].people.size(), 1u);
  EXPECT_NEAR(overlays[0].people[0].x, 0.5, 1e-9);
  EXPECT_NEAR(overlays[0].people[0].y, 0.25, 1e-9);
  EXPECT_NEAR(overlays[0].people[0].height, 0.5, 1e-9);
  ASSERT_EQ(overlays[0].faces.size(), 1u);
  EXPECT_NEAR(overlays[0].faces[0].width, 32.0 / 640, 1e-9);
}

// A long film's sheet comes in pages: shot 60 opens page 2 in the first cell, drawn as it would be
// on one sheet, and every page keeps the film's columns and cell shape so pages line up.
TEST(ContactSheet, ALongFilmComesInPagesThatLineUp) {
  shots::ShotList list;
  measure::ColorProfile color;
  const auto tint = [](std::size_t i) { return cv::Scalar(static_cast<double>(30 + 2 * i), static_cast<double>(200 - i), static_cast<double>(3 * i)); };
  for (int i = 0; i < 67; ++i) {
    list.shots.push_back({i + 1, 25L * i, 25, i * 1.0, i + 1.0, false});
    measure::ShotColor shot;
    shot.palette = {{measure::bgr8_to_lab(cv::Vec3f(0, 0, 255)), 1.0F}};
    color.shots.push_back(shot);
  }
  list.duration_s = 67;
  std::vector<std::size_t> asked;
  const report::KeyFrameSource key_frame = [&](std::size_t i) {
    asked.push_back(i);
    return cv::Mat(180, 320, CV_8UC3, tint(i));
  };
  EXPECT_EQ(report::contact_sheet_pages(list), 2u);
  const cv::Mat first = report::contact_sheet(list, color, key_frame, nullptr, 0);
  asked.clear();
  const cv::Mat second = report::contact_sheet(list, color, key_frame, nullptr, 1);
  // The cell shape comes from the film's first key frame, then only page 2's shots are decoded.
  std::vector<std::size_t> expected{0};
  for (std::size_t i = 60; i < 67; ++i) expected.push_back(i);
  EXPECT_EQ(asked, expected);
  const int picture_h = 240 * 180 / 320, cell_h = picture_h + 18 + 22;
  EXPECT_EQ(first.cols, 6 * (240 + 6) + 6);
  EXPECT_EQ(first.rows, 10 * (cell_h + 6) + 6);
  EXPECT_EQ(second.cols, first.cols);
  EXPECT_EQ(second.rows, 2 * (cell_h + 6) + 6);
  const auto picture_colour = [&](const cv::Mat& sheet, int cell) {
    return sheet.at<cv::Vec3b>(6 + (cell / 6) * (cell_h + 6) + picture_h / 2, 6 + (cell % 6) * 246 + 120);
  };
  for (int cell : {0, 6}) {
    const cv::Scalar t = tint(static_cast<std::size_t>(60 + cell));
    EXPECT_EQ(picture_colour(second, cell), cv::Vec3b(static_cast<uchar>(t[0]), static_cast<uchar>(t[1]), static_cast<uchar>(t[2]))) << cell;
  }
  EXPECT_EQ(picture_colour(second, 7), cv::Vec3b(24, 24, 24));  // no shot 68: background
  // A film of 60 shots is one page, one of none still has its (empty) page.
  list.shots.resize(60);
  EXPECT_EQ(report::contact_sheet_pages(list), 1u);
  EXPECT_EQ(report::contact_sheet_pages(shots::ShotList{}), 1u);
  EXPECT_EQ(report::contact_sheet_file("out/film", 0), "out/film.contact.png");
  EXPECT_EQ(report::contact_sheet_file("out/film", 1), "out/film.contact-2.png");
}

// A five-minute take, half red and half blue: its palette thumbnails (4 a second, 1 200 in all)
// are thinned to at most a minute's worth, spread over the whole take, and the palette is still
// the take's two colours in equal shares.
TEST(ColorProfile, ALongTakeHoldsAMinutesPaletteSamplesAtMost) {
  cv::Mat picture(36, 64, CV_8UC3, cv::Scalar(0, 0, 220));
  picture(cv::Rect(32, 0, 32, 36)).setTo(cv::Scalar(220, 0, 0));
  measure::ColorFamily color;
  std::size_t most = 0;
  for (int i = 0; i < 25 * 300; ++i) {
    color.add(make_frame(picture, i));
    most = std::max(most, color.held_palette_samples());
  }
  EXPECT_EQ(most, measure::kMaxOpenSamples);
  EXPECT_GE(color.held_palette_samples(), measure::kMaxOpenSamples / 2);
  EXPECT_EQ(color.held_frames(), 7500u);  // per-frame statistics stay whole: medians are exact
  shots::ShotList list;
  list.shots = {{1, 0, 7500, 0.0, 300.0, false}};
  list.duration_s = 300;
  const auto profile = color.summarize(list);
  ASSERT_EQ(profile.shots[0].palette.size(), 2u);
  for (const auto& p : profile.shots[0].palette) EXPECT_NEAR(p.share, 0.5, 1e-6);
  // Settling the take hands the rate back: the next shot starts at 4 a second again.
  color.settle(list.shots[0]);
  for (int i = 7500; i < 7525; ++i) color.add(make_frame(picture, i));
  EXPECT_EQ(color.held_palette_samples(), 4u);  // frames 7500, 7507, 7514, 7521
}

}  // namespace
}  // namespace stereotype::test
