// Shot detection on montages of real Debian-shipped footage, cut at frames the test knows.
#include <filesystem>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "stereotype/shots/statistics.hpp"
#include "support/footage.hpp"
#include "support/montage.hpp"

namespace stereotype::test {
namespace {

using namespace footage;
namespace fs = std::filesystem;

// Twelve continuous pieces of real footage (live action, animation, a rendered game cut-scene),
// joined by six hard cuts, three dissolves, a fade through black and a fade through white.
const std::vector<Segment> kSegments = {
    {kVtest, 5.0, 3.0},  {kMegamind, 0.3, 3.5}, {kTree, 3.0, 3.0},    {kCockatoo, 0.5, 3.0},
    {kBall, 1.0, 3.0},   {kMegamind, 4.15, 2.2}, {kBlupi, 2.0, 3.0},   {kVtest, 40.0, 3.0},
    {kMegamind, 8.4, 2.7}, {kTree, 15.0, 2.5},  {kCockatoo, 9.0, 3.0}, {kMegamind, 6.45, 1.85},
};
const std::vector<JoinSpec> kJoins = {
    {Join::Cut},       {Join::Dissolve, 1.0}, {Join::Cut}, {Join::FadeBlack, 1.0}, {Join::Cut},           {Join::Dissolve, 0.6},
    {Join::Cut},       {Join::FadeWhite, 0.8}, {Join::Cut}, {Join::Dissolve, 1.5}, {Join::Cut},
};

struct Case {
  const char* name;
  Encoding encoding;
};

Encoding enc(int w, int h, std::int64_t num, std::int64_t den) {
  Encoding e;
  e.width = w;
  e.height = h;
  e.rate_num = num;
  e.rate_den = den;
  return e;
}

Encoding mpeg4_avi(int w, int h, std::int64_t num, std::int64_t den) {
  Encoding e = enc(w, h, num, den);
  e.codec_args = "-c:v mpeg4 -q:v 4 -pix_fmt yuv420p";
  e.extension = ".avi";
  return e;
}

const Case kCases[] = {
    {"h264-640x360-25", enc(640, 360, 25, 1)},
    {"h264-1920x1080-25", enc(1920, 1080, 25, 1)},
    {"h264-640x360-29.97", enc(640, 360, 30000, 1001)},
    {"mpeg4-854x480-24", mpeg4_avi(854, 480, 24, 1)},
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

class MontageTest : public ::testing::TestWithParam<Case> {};

TEST_P(MontageTest, FindsCutsAndTypedGradualTransitions) {
  const auto& c = GetParam();
  const auto montage = make_montage(std::string("montage-") + c.name, kSegments, kJoins, c.encoding);
  const auto list = segment_file(montage.path);
  EXPECT_NEAR(static_cast<double>(list.frame_count), static_cast<double>(montage.frames), 2.0);
  const auto cuts = score_cuts(list.transitions, montage.truth);
  const auto gradual = score_gradual(list.transitions, montage.truth);
  std::string truth;
  for (const auto& t : montage.truth) truth += fmt::format("{}[{}-{}] ", static_cast<int>(t.type), t.first, t.last);
  EXPECT_GE(cuts.f1(), 0.95) << "found: " << describe(list.transitions) << "\ntruth: " << truth;
  EXPECT_GE(gradual.f1(), 0.80) << "found: " << describe(list.transitions) << "\ntruth: " << truth;
  std::cout << c.name << ": cut F1 " << cuts.f1() << ", gradual F1 " << gradual.f1() << "\n";
}

INSTANTIATE_TEST_SUITE_P(Encodings, MontageTest, ::testing::ValuesIn(kCases),
                         [](const auto& info) {
                           std::string n = info.param.name;
                           for (auto& ch : n) if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           return n;
                         });

// A second montage, written after the detector's constants were set on the first: other footage
// (other game cut-scenes, a 30 fps encode of the trailer), other durations (0.4 s to 2 s).
TEST(HeldOutMontage, KeepsTheSameAccuracy) {
  const std::string blupi = "/usr/share/planetblupi/movie/";
  const std::string bugy = kOpencvData + "Megamind_bugy.avi";
  const std::vector<Segment> segments = {
      {blupi + "play103.mkv", 1.0, 2.5}, {kVtest, 60.0, 2.5}, {kTree, 22.0, 2.0},  {kBall, 6.0, 2.5},
      {kCockatoo, 11.0, 2.0},            {bugy, 0.5, 2.5},    {blupi + "play110.mkv", 2.0, 2.5},
      {kCockatoo, 2.5, 2.5},             {kVtest, 20.0, 3.5}, {kTree, 8.0, 3.0},
  };
  const std::vector<JoinSpec> joins = {{Join::Dissolve, 0.4}, {Join::Cut}, {Join::FadeBlack, 0.5}, {Join::Cut},
                                       {Join::Dissolve, 0.8}, {Join::Cut}, {Join::FadeWhite, 1.2}, {Join::Cut},
                                       {Join::Dissolve, 2.0}};
  Score cuts, gradual;
  for (const auto& e : {enc(1280, 720, 30, 1), enc(640, 360, 24000, 1001)}) {
    const auto montage = make_montage(fmt::format("heldout-{}x{}", e.width, e.height), segments, joins, e);
    const auto list = segment_file(montage.path);
    const auto c = score_cuts(list.transitions, montage.truth);
    const auto g = score_gradual(list.transitions, montage.truth);
    std::string truth;
    for (const auto& t : montage.truth) truth += fmt::format("{}[{}-{}] ", static_cast<int>(t.type), t.first, t.last);
    std::cout << e.width << "x" << e.height << ": cut F1 " << c.f1() << ", gradual F1 " << g.f1() << "\n  found: " << describe(list.transitions) << "\n  truth: " << truth << "\n";
    cuts += c;
    gradual += g;
  }
  EXPECT_GE(cuts.f1(), 0.95);
  EXPECT_GE(gradual.f1(), 0.80);
}

TEST(MontageResolution, HdAndSdEncodesGiveTheSameCutList) {
  const auto sd = make_montage("montage-h264-640x360-25", kSegments, kJoins, enc(640, 360, 25, 1));
  const auto hd = make_montage("montage-h264-1920x1080-25", kSegments, kJoins, enc(1920, 1080, 25, 1));
  const auto a = segment_file(sd.path);
  const auto b = segment_file(hd.path);
  ASSERT_EQ(a.transitions.size(), b.transitions.size()) << describe(a.transitions) << "\nvs\n" << describe(b.transitions);
  for (std::size_t i = 0; i < a.transitions.size(); ++i) {
    EXPECT_EQ(a.transitions[i].type, b.transitions[i].type);
    EXPECT_NEAR(static_cast<double>(a.transitions[i].boundary_frame), static_cast<double>(b.transitions[i].boundary_frame), 1.0);
  }
}

// `stereotype shots` decodes without the deblocking filter (a fifth less decoding): the 1080p H.264
// montage gives the same cut list either way.
TEST(MontageDecoding, SkippingTheDeblockingFilterGivesTheSameCutList) {
  const auto hd = make_montage("montage-h264-1920x1080-25", kSegments, kJoins, enc(1920, 1080, 25, 1));
  const auto a = segment_file(hd.path);
  const auto b = segment_file(hd.path, 360, true);
  ASSERT_EQ(a.transitions.size(), b.transitions.size()) << describe(a.transitions) << "\nvs\n" << describe(b.transitions);
  for (std::size_t i = 0; i < a.transitions.size(); ++i) {
    EXPECT_EQ(a.transitions[i].type, b.transitions[i].type);
    EXPECT_EQ(a.transitions[i].boundary_frame, b.transitions[i].boundary_frame);
    EXPECT_NEAR(static_cast<double>(a.transitions[i].first_frame), static_cast<double>(b.transitions[i].first_frame), 1.0);
    EXPECT_NEAR(static_cast<double>(a.transitions[i].last_frame), static_cast<double>(b.transitions[i].last_frame), 1.0);
  }
}

// Continuous real clips: camera shake, a bird pulling back from the lens, pedestrians crossing,
// animation: none of it is a shot change.
class ContinuousClipTest : public ::testing::TestWithParam<Segment> {};

TEST_P(ContinuousClipTest, HasNoShotChange) {
  const auto& seg = GetParam();
  require_file(seg.file);
  const auto clip = cached_ffmpeg("continuous.mp4", fmt::format("-ss {} -t {} -i {} -c:v libx264 -preset veryfast -crf 20 -an",
                                                                 seg.start_s, seg.duration_s, shell_quote(seg.file)));
  const auto list = segment_file(clip);
  EXPECT_EQ(list.shots.size(), 1u) << seg.file << ": " << describe(list.transitions);
}

INSTANTIATE_TEST_SUITE_P(RealFootage, ContinuousClipTest,
                         ::testing::Values(Segment{kVtest, 0.0, 79.0}, Segment{kTree, 0.0, 29.0},
                                           Segment{kCockatoo, 0.0, 13.9}, Segment{kBall, 0.0, 10.0},
                                           Segment{kBlupi, 0.0, 17.0}, Segment{kMegamind, 0.1, 3.9},
                                           Segment{kMegamind, 4.15, 2.2}, Segment{kMegamind, 8.4, 2.8}),
                         [](const auto& info) {
                           std::string n = fs::path(info.param.file).stem().string() + "_from_" + std::to_string(static_cast<int>(info.param.start_s * 100));
                           for (auto& ch : n) if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           return n;
                         });

TEST(RealTrailer, MegamindHasItsFourShots) {
  require_file(kMegamind);
  const auto list = segment_file(kMegamind);
  // Cuts checked by eye on the frames either side: 98, 154, 200 (the first frame is black).
  std::vector<std::int64_t> cuts;
  for (const auto& t : list.transitions) cuts.push_back(t.boundary_frame);
  EXPECT_EQ(cuts, (std::vector<std::int64_t>{98, 154, 200})) << describe(list.transitions);
  const auto stats = shots::shot_statistics(list);
  EXPECT_EQ(stats.count, 4);
}

}  // namespace
}  // namespace stereotype::test
