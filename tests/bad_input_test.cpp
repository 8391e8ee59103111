// Hostile and broken input through the whole `analyze` command: every case ends in either a
// correct result or one line naming the file and the problem, within a time limit, and never
// leaves a partial output behind.
#include <algorithm>
#include <filesystem>
#include <functional>
#include <fstream>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>

#include "support/footage.hpp"

namespace stereotype::test {
namespace {

namespace fs = std::filesystem;

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::string write_bytes(const std::string& name, const std::string& bytes) {
  const auto dir = fs::path(media_dir()) / "bad";
  fs::create_directories(dir);
  const auto path = (dir / name).string();
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
  return path;
}

struct BadCase {
  std::string name;
  std::function<std::string()> make;  // returns the input path
  bool must_fail = false;             // only a clear error is acceptable (the input is not a usable film)
};

void PrintTo(const BadCase& c, std::ostream* os) { *os << c.name; }

std::string base_clip(const std::string& ext, const std::string& codec) {
  return cached_ffmpeg("bad-base" + ext, "-f lavfi -i testsrc2=size=320x240:rate=25:duration=4 " + codec);
}

std::string truncated(const std::string& ext, const std::string& codec, double keep) {
  const auto bytes = read_bytes(base_clip(ext, codec));
  return write_bytes(fmt::format("truncated-{:.0f}{}", keep * 100, ext), bytes.substr(0, static_cast<std::size_t>(bytes.size() * keep)));
}

std::string overwritten(const std::string& ext, const std::string& codec, double from, std::size_t count, int seed) {
  auto bytes = read_bytes(base_clip(ext, codec));
  cv::RNG rng(static_cast<std::uint64_t>(seed));
  const auto start = static_cast<std::size_t>(bytes.size() * from);
  for (std::size_t i = start; i < std::min(bytes.size(), start + count); ++i) bytes[i] = static_cast<char>(rng.uniform(0, 256));
  return write_bytes(fmt::format("overwritten-{}-{:.0f}{}", seed, from * 100, ext), bytes);
}

const std::string kH264 = "-c:v libx264 -preset veryfast -g 25";

std::vector<BadCase> cases() {
  return {
      {"truncated_mp4_at_10pc", [] { return truncated(".mp4", kH264 + " -movflags +faststart", 0.1); }, true},
      {"truncated_mp4_at_60pc", [] { return truncated(".mp4", kH264 + " -movflags +faststart", 0.6); }, true},
      {"truncated_mp4_without_index", [] { return truncated(".mp4", kH264, 0.9); }, true},
      {"truncated_mkv_at_30pc", [] { return truncated(".mkv", kH264, 0.3); }, true},
      {"truncated_avi_at_50pc", [] { return truncated(".avi", "-c:v mpeg4", 0.5); }, true},
      {"header_overwritten_mp4", [] { return overwritten(".mp4", kH264 + " -movflags +faststart", 0.0, 300, 1); }},
      {"header_overwritten_mkv", [] { return overwritten(".mkv", kH264, 0.0, 300, 2); }},
      {"middle_overwritten_mkv", [] { return overwritten(".mkv", kH264, 0.5, 3000, 3); }},
      {"middle_overwritten_avi", [] { return overwritten(".avi", "-c:v mpeg4", 0.5, 3000, 4); }},
      {"random_bytes_named_mp4", [] {
         std::string bytes(50000, '\0');
         cv::RNG rng(9);
         for (auto& b : bytes) b = static_cast<char>(rng.uniform(0, 256));
         return write_bytes("random.mp4", bytes);
       }, true},
      {"single_frame", [] { return cached_ffmpeg("single-frame.mp4", "-f lavfi -i testsrc2=size=320x240:rate=25 -frames:v 1 -c:v libx264"); }},
      {"one_by_one_pixels", [] { return cached_ffmpeg("one-pixel.mkv", "-f lavfi -i color=c=red:s=16x16:d=1:r=10 -vf scale=1:1 -c:v ffv1 -pix_fmt yuv444p"); }},
      {"eight_thousand_square", [] { return cached_ffmpeg("huge.mkv", "-f lavfi -i testsrc2=size=8000x8000:rate=2:duration=1 -c:v ffv1 -pix_fmt yuv420p"); }},
      {"odd_width_and_height", [] { return cached_ffmpeg("odd.mkv", "-f lavfi -i testsrc2=size=641x359:rate=25:duration=1 -c:v ffv1 -pix_fmt yuv444p"); }},
      {"interlaced", [] { return cached_ffmpeg("interlaced.mp4", "-f lavfi -i testsrc2=size=720x576:rate=50:duration=1 -vf tinterlace=interleave_top,fieldorder=tff -c:v libx264 -flags +ildct+ilme"); }},
      {"animated_gif", [] { return cached_ffmpeg("anim.gif", "-f lavfi -i testsrc2=size=160x120:rate=10:duration=2"); }},
      {"prores_10bit", [] { return cached_ffmpeg("prores.mov", "-f lavfi -i testsrc2=size=320x240:rate=25:duration=1 -c:v prores_ks -profile:v 3"); }},
      // Found by fuzzing: a damaged AVI header claiming one frame every 28.5 million seconds.
      {"fuzz_found_implausible_frame_rate", [] { return std::string(STEREOTYPE_SOURCE_DIR) + "/tests/cases/fuzz/timestamp-gap-oom.avi"; }, true},
      // Found by fuzzing: a stream whose frames carry a colour space outside FFmpeg's enumeration.
      {"fuzz_found_invalid_colorspace", [] { return std::string(STEREOTYPE_SOURCE_DIR) + "/tests/cases/fuzz/invalid-colorspace.bin"; }},
      {"audio_only_with_cover_art", [] {
         const auto cover = cached_ffmpeg("cover.png", "-f lavfi -i color=c=blue:s=64x64 -frames:v 1");
         return cached_ffmpeg("song.mp3", "-f lavfi -i sine=duration=1 -i " + shell_quote(cover) + " -map 0 -map 1 -c:v png -disposition:v attached_pic");
       }, true},
  };
}

class BadInput : public ::testing::TestWithParam<BadCase> {};

TEST_P(BadInput, GivesAResultOrOneLineAndNothingPartial) {
  const auto& c = GetParam();
  const auto input = c.make();
  ASSERT_TRUE(fs::exists(input)) << input;
  const auto out = fs::path(media_dir()) / "bad-out" / c.name;
  fs::remove_all(out);
  // `timeout` turns a hang into a failure instead of a stuck suite.
  const auto r = run_command("timeout 300 " + std::string(STEREOTYPE_CLI) + " analyze -q " + shell_quote(input) + " -o " + shell_quote(out.string()));
  ASSERT_NE(r.exit_code, 124) << "hung on " << c.name;
  ASSERT_TRUE(r.exit_code == 0 || r.exit_code == 3) << c.name << " exit " << r.exit_code << ": " << r.output;
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(out)) files.push_back(e.path().filename().string());
  if (r.exit_code == 3) {
    EXPECT_EQ(std::count(r.output.begin(), r.output.end(), '\n'), 1) << r.output;
    EXPECT_EQ(r.output.rfind(input + ": ", 0), 0u) << r.output;
    EXPECT_TRUE(files.empty()) << "partial output for " << c.name;
  } else {
    EXPECT_FALSE(c.must_fail) << c.name << " was accepted: " << r.output;
    EXPECT_EQ(files.size(), 7u) << c.name;
    for (const auto& f : files) EXPECT_EQ(f.find(".tmp-"), std::string::npos) << f;
    const auto profile = std::find_if(files.begin(), files.end(), [](const std::string& f) { return f.ends_with(".profile.json"); });
    ASSERT_NE(profile, files.end());
    nlohmann::json parsed;
    EXPECT_NO_THROW(parsed = nlohmann::json::parse(read_bytes((out / *profile).string())));
    EXPECT_TRUE(parsed.is_object());
  }
}

INSTANTIATE_TEST_SUITE_P(Generated, BadInput, ::testing::ValuesIn(cases()), [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace stereotype::test
