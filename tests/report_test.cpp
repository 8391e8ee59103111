// Shot-list exports (CSV, JSON, EDL, OTIO) on a constructed shot list, and all-or-nothing writes.
#include <array>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include "stereotype/error.hpp"
#include "stereotype/evidence/frame_samples.hpp"
#include "stereotype/measure/long_take.hpp"
#include "stereotype/report/atomic_file.hpp"
#include "stereotype/report/shot_report.hpp"
#include "support/footage.hpp"
#include "support/frames.hpp"

namespace stereotype::test {
namespace {

namespace fs = std::filesystem;
using namespace shots;

constexpr media::Rational kRate{24000, 1001};

// 150 frames: a cut at 48, a 12-frame dissolve (frames 90-101) whose middle is frame 96.
ShotList example() {
  Transition cut;
  cut.type = TransitionType::Cut;
  cut.first_frame = 47;
  cut.last_frame = 48;
  cut.boundary_frame = 48;
  cut.boundary_s = media::frame_to_seconds(48, kRate);
  cut.confidence = 0.9;
  Transition dissolve;
  dissolve.type = TransitionType::Dissolve;
  dissolve.first_frame = 90;
  dissolve.last_frame = 101;
  dissolve.boundary_frame = 96;
  dissolve.boundary_s = media::frame_to_seconds(96, kRate);
  dissolve.confidence = 0.75;
  return build_shot_list({dissolve, cut}, 150, media::frame_to_seconds(150, kRate), kRate, {});
}

media::SourceInfo info() {
  media::SourceInfo i;
  i.path = "/films/remake.mp4";
  i.container = "mov,mp4,m4a,3gp,3g2,mj2";
  i.codec = "h264";
  i.width = 1920;
  i.height = 1080;
  i.analysis_width = 640;
  i.analysis_height = 360;
  i.frame_rate = kRate;
  i.color_matrix = "bt709";
  i.color_range = "limited";
  return i;
}

TEST(ShotList, TilesTheFilm) {
  const auto list = example();
  ASSERT_EQ(list.shots.size(), 3u);
  EXPECT_EQ(list.shots[0].frame_count, 48);
  EXPECT_EQ(list.shots[1].start_frame, 48);
  EXPECT_EQ(list.shots[1].frame_count, 48);
  EXPECT_EQ(list.shots[2].start_frame, 96);
  EXPECT_EQ(list.shots[2].frame_count, 54);
  EXPECT_DOUBLE_EQ(list.shots[2].end_s, 150 * 1001 / 24000.0);
}

TEST(ShotReport, CsvHasOneRowPerShot) {
  const auto csv = report::shots_csv(example());
  std::istringstream in(csv);
  std::vector<std::string> rows;
  for (std::string line; std::getline(in, line);) rows.push_back(line);
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].substr(0, 22), "shot,start_frame,end_f");
  EXPECT_EQ(rows[2], "2,48,95,48,2.002000,4.004000,2.002000,00:00:02:00,00:00:04:00,cut,0.9000,false");
  EXPECT_EQ(rows[3].substr(0, 7), "3,96,14");
}

TEST(ShotReport, JsonCarriesSchemaStatisticsShotsAndTransitions) {
  const auto j = report::shots_json(info(), example(), {});
  EXPECT_EQ(j["schema"], "stereotype.shots");
  EXPECT_EQ(j["version"], report::kShotsSchemaVersion);
  EXPECT_EQ(j["source"]["frame_rate"], "24000/1001");
  EXPECT_EQ(j["statistics"]["shots.count"], 3);
  EXPECT_NEAR(j["statistics"]["shots.asl_s"].get<double>(), 150 * 1001 / 24000.0 / 3, 1e-6);
  EXPECT_EQ(j["shots"][1]["start_timecode"], "00:00:02:00");
  EXPECT_EQ(j["shots"][2]["transition_in"], "dissolve");
  EXPECT_EQ(j["transitions"][1]["type"], "dissolve");
  EXPECT_EQ(j["transitions"][1]["first_frame"], 90);
  EXPECT_EQ(j["parameters"]["cut-threshold"], SegmenterParams{}.cut_threshold);
  // Same input, same bytes.
  EXPECT_EQ(j.dump(2), report::shots_json(info(), example(), {}).dump(2));
}

TEST(ShotReport, EdlIsCmx3600WithADissolveEvent) {
  const auto edl = report::shots_edl(info(), example());
  EXPECT_NE(edl.find("TITLE: remake.mp4\nFCM: NON-DROP FRAME\n"), std::string::npos);
  EXPECT_NE(edl.find("001  AX       V     C        00:00:00:00 00:00:02:00 00:00:00:00 00:00:02:00\n"), std::string::npos) << edl;
  // The dissolve event starts where the mix starts (frame 90 = 00:00:03:18 at 24 nominal fps).
  EXPECT_NE(edl.find("002  AX       V     C        00:00:02:00 00:00:03:18 00:00:02:00 00:00:03:18\n"), std::string::npos) << edl;
  EXPECT_NE(edl.find("003  AX       V     C        00:00:03:18 00:00:03:18 00:00:03:18 00:00:03:18\n"
                     "003  AX       V     D    012 00:00:03:18 00:00:06:06 00:00:03:18 00:00:06:06\n"), std::string::npos) << edl;
}

TEST(ShotReport, OtioTimelineHasClipsAndATransition) {
  const auto j = nlohmann::json::parse(report::shots_otio(info(), example()));
  EXPECT_EQ(j["OTIO_SCHEMA"], "Timeline.1");
  const auto& track = j["tracks"]["children"][0];
  EXPECT_EQ(track["kind"], "Video");
  const auto& items = track["children"];
  ASSERT_EQ(items.size(), 4u);
  EXPECT_EQ(items[0]["OTIO_SCHEMA"], "Clip.1");
  EXPECT_EQ(items[2]["OTIO_SCHEMA"], "Transition.1");
  EXPECT_EQ(items[2]["in_offset"]["value"].get<double>() + items[2]["out_offset"]["value"].get<double>(), 12.0);
  double total = 0;
  for (const auto& item : items) {
    if (item["OTIO_SCHEMA"] == "Clip.1") total += item["source_range"]["duration"]["value"].get<double>();
  }
  EXPECT_EQ(total, 150.0);
  EXPECT_NEAR(items[0]["source_range"]["duration"]["rate"].get<double>(), 23.976, 1e-3);
  EXPECT_EQ(items[0]["media_reference"]["target_url"], "file:///films/remake.mp4");
}

TEST(FrameSamples, ASettledShotKeepsItsKeyFrameAndWhatItsNeighboursBorrow) {
  // 25 fps, thumbnails at most 4 a second: every 7th frame (0.28 s; 6 frames are 0.24 s). Shots
  // [0,100), [100,103) too short to hold a
  // thumbnail, [103,200), [200,300). Each frame's picture is its own grey level.
  evidence::FrameSamples whole, settled;
  for (int i = 0; i < 300; ++i) {
    const auto f = make_frame(cv::Mat(90, 160, CV_8UC3, cv::Scalar::all(i % 250)), i);
    whole.add(f);
    settled.add(f);
  }
  const std::vector<std::array<std::int64_t, 3>> shots = {{0, 100, 37}, {100, 103, 101}, {103, 200, 190}, {200, 300, 251}};
  const auto before = whole.size();
  for (const auto& [first, last, key] : shots) settled.settle(key, first, last);
  EXPECT_EQ(before, 43u);
  EXPECT_LE(settled.size(), 3u * 3u);  // the key frame's, the first and the last of each shot
  for (const auto& [first, last, key] : shots) {
    EXPECT_FALSE(whole.nearest_jpeg(key, first, last).empty());
    EXPECT_EQ(settled.nearest_jpeg(key, first, last), whole.nearest_jpeg(key, first, last)) << first;
  }
}

TEST(AtomicFile, AllOrNothing) {
  const fs::path dir = fs::path(media_dir()) / "atomic";
  fs::remove_all(dir);
  fs::create_directories(dir);
  report::write_all_or_nothing({{dir / "a.json", "{}\n"}, {dir / "b.csv", "x\n"}});
  EXPECT_TRUE(fs::exists(dir / "a.json"));
  std::ifstream in(dir / "b.csv");
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(content, "x\n");

  // The second file cannot be created: the first is not left behind either, nor any temporary.
  EXPECT_THROW(report::write_all_or_nothing({{dir / "c.json", "{}"}, {dir / "missing-folder" / "d.csv", "x"}}), Error);
  EXPECT_FALSE(fs::exists(dir / "c.json"));
  int files = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++files;
  EXPECT_EQ(files, 2);
}

// Outputs are written one at a time as they are made: none is visible before the commit, and a
// failed set leaves neither its files nor their temporaries.
TEST(AtomicFile, AnOutputSetShowsItsFilesOnlyWhenCommitted) {
  const fs::path dir = fs::path(media_dir()) / "output-set";
  fs::remove_all(dir);
  fs::create_directories(dir);
  {
    report::OutputSet outputs;
    outputs.write(dir / "a.json", "{}\n");
    outputs.write(dir / "b.png", std::string(1000, 'x'));
    EXPECT_FALSE(fs::exists(dir / "a.json"));
    EXPECT_FALSE(fs::exists(dir / "b.png"));
    outputs.commit();
  }
  EXPECT_EQ(fs::file_size(dir / "a.json"), 3u);
  EXPECT_EQ(fs::file_size(dir / "b.png"), 1000u);
  {
    report::OutputSet outputs;
    outputs.write(dir / "c.json", "{}");
    EXPECT_THROW(outputs.write(dir / "missing-folder" / "d.csv", "x"), Error);
  }  // dropped uncommitted, as after an error
  int files = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++files;
  EXPECT_EQ(files, 2);
}

// A ten-minute take keeps at most a minute's thumbnails, evenly spread (120 to 240 of them: at
// most 5 s apart): within the take a key frame has one within 2.5 s, at its very end within 5 s.
// Once settled, its key frame's, first and last are kept as for any shot.
TEST(FrameSamples, ALongTakeKeepsAMinutesThumbnailsSpreadOverIt) {
  evidence::FrameSamples samples;
  std::size_t most = 0;
  const int frames = 25 * 600;
  for (int i = 0; i < frames; ++i) {
    samples.add(make_frame(cv::Mat(18, 32, CV_8UC3, cv::Scalar::all(i % 250)), i));
    most = std::max(most, samples.size());
  }
  EXPECT_EQ(most, measure::kMaxOpenSamples);
  EXPECT_GE(samples.size(), measure::kMaxOpenSamples / 2);
  for (int key : {0, 3333, 7777, frames - 1}) {
    const auto jpeg = samples.nearest_jpeg(key, 0, frames);
    ASSERT_FALSE(jpeg.empty());
    const cv::Mat thumb = cv::imdecode(std::vector<std::uint8_t>(jpeg.begin(), jpeg.end()), cv::IMREAD_GRAYSCALE);
    // The grey level is the frame number modulo 250: the thumbnail is of a frame near the key.
    const int grey = static_cast<int>(std::lround(cv::mean(thumb)[0]));
    const int distance = std::abs(((grey - key % 250) + 375) % 250 - 125);
    EXPECT_LE(distance, key == frames - 1 ? 125 : 63) << key;
  }
  samples.settle(7777, 0, frames);
  EXPECT_EQ(samples.size(), 3u);
}

}  // namespace
}  // namespace stereotype::test
