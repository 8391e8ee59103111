// The stereotype command as a user runs it: flags, exit codes, batches with bad files, globs,
// names with spaces and accents, interruption.
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <thread>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <sys/wait.h>
#include <unistd.h>

#include "stereotype/cli/progress.hpp"
#include "stereotype/cli/wording.hpp"
#include "support/footage.hpp"

namespace stereotype::test {
namespace {

namespace fs = std::filesystem;

const std::string kCli = STEREOTYPE_CLI;

fs::path fresh_dir(const std::string& name) {
  const auto dir = fs::path(media_dir()) / "cli" / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::vector<std::string> files_in(const fs::path& dir) {
  std::vector<std::string> names;
  if (!fs::exists(dir)) return names;
  for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

// A 2 s real clip (the first shot of Megamind) to keep CLI tests fast.
std::string short_clip() {
  return cached_ffmpeg("megamind-2s.mp4", "-i " + shell_quote(footage::kMegamind) + " -t 2 -c:v libx264 -preset veryfast -an");
}

TEST(Cli, HelpExplainsEveryFlag) {
  const auto r = run_command(kCli + " shots --help");
  EXPECT_EQ(r.exit_code, 0);
  for (const char* flag : {"--output", "--format", "--analysis-size", "--threads", "--image-fps", "--allow-damage", "--quiet",
                           "--cut-threshold", "--cut-ratio", "--flash-window", "--min-shot", "--gradual-threshold",
                           "--blend-residual", "--max-gradual", "--max-hold", "Exit codes"}) {
    EXPECT_NE(r.output.find(flag), std::string::npos) << flag;
  }
  EXPECT_EQ(run_command(kCli + " --help").exit_code, 0);
  EXPECT_NE(run_command(kCli + " --version").output.find("stereotype 0."), std::string::npos);
}

TEST(Cli, UsageErrorsExitWithTwo) {
  EXPECT_EQ(run_command(kCli + " shots").exit_code, 2);
  EXPECT_EQ(run_command(kCli + " frobnicate x").exit_code, 2);
  EXPECT_EQ(run_command(kCli + " shots x.mp4 --format pdf").exit_code, 2);
  EXPECT_EQ(run_command(kCli + " shots x.mp4 --cut-threshold 7").exit_code, 2);
}

TEST(Cli, WritesEveryFormatForAGoodFile) {
  const auto out = fresh_dir("formats");
  const auto r = run_command(kCli + " shots " + shell_quote(short_clip()) + " -o " + shell_quote(out.string()) + " --format all");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto names = files_in(out);
  ASSERT_EQ(names.size(), 4u) << r.output;
  EXPECT_NE(r.output.find(": 1 shot (0 cuts, 0 dissolves, 0 fades)"), std::string::npos) << r.output;
  EXPECT_EQ(names[3].substr(names[3].size() - 11), ".shots.json");
  const auto j = nlohmann::json::parse(std::ifstream(out / names[3]));
  EXPECT_EQ(j["schema"], "stereotype.shots");
  EXPECT_EQ(j["statistics"]["shots.count"], 1);
}

TEST(Cli, OneBadFileDoesNotStopTheBatch) {
  const auto out = fresh_dir("batch");
  const auto notes = (fresh_dir("batch-inputs") / "notes.mp4").string();
  std::ofstream(notes) << "not a film";
  const auto r = run_command(kCli + " shots -q /no/such/film.mkv " + shell_quote(notes) + " " + shell_quote(short_clip()) +
                             " -o " + shell_quote(out.string()));
  EXPECT_EQ(r.exit_code, 3) << r.output;
  // One line per bad file, naming it.
  EXPECT_NE(r.output.find("/no/such/film.mkv: no such file or folder\n"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find(notes + ": "), std::string::npos) << r.output;
  EXPECT_EQ(std::count(r.output.begin(), r.output.end(), '\n'), 2) << r.output;
  // The good file's outputs, and nothing for the bad ones, and no temporaries.
  const auto names = files_in(out);
  ASSERT_EQ(names.size(), 2u);
  EXPECT_EQ(names[0].rfind("megamind-2s", 0), 0u);
}

TEST(Cli, QuotedGlobOfImagesIsOneSequence) {
  const auto dir = fresh_dir("stills");
  for (int i = 1; i <= 30; ++i) {
    const cv::Scalar colour = i <= 15 ? cv::Scalar(40, 40, 200) : cv::Scalar(200, 120, 20);
    cv::Mat img(180, 320, CV_8UC3, colour);
    cv::circle(img, cv::Point(20 + 5 * i, 90), 30, cv::Scalar::all(255), cv::FILLED);
    cv::imwrite((dir / fmt::format("still{}.png", i)).string(), img);
  }
  const auto out = fresh_dir("stills-out");
  const auto r = run_command(kCli + " shots -q " + shell_quote((dir / "still*.png").string()) + " -o " + shell_quote(out.string()) +
                             " --image-fps 10");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto j = nlohmann::json::parse(std::ifstream(out / "stills.shots.json"));
  EXPECT_EQ(j["source"]["frames"], 30);
  EXPECT_EQ(j["source"]["frame_rate"], "10/1");
  ASSERT_EQ(j["transitions"].size(), 1u);
  EXPECT_EQ(j["transitions"][0]["boundary_frame"], 15);
}

TEST(Cli, NamesWithSpacesAndAccentsAndSameNamesInABatch) {
  const auto a = fresh_dir("names/a"), b = fresh_dir("names/b");
  fs::copy_file(short_clip(), a / "scène 1.mp4");
  fs::copy_file(short_clip(), b / "scène 1.mp4");
  const auto out = fresh_dir("names-out");
  const auto r = run_command(kCli + " shots -q " + shell_quote((a / "scène 1.mp4").string()) + " " +
                             shell_quote((b / "scène 1.mp4").string()) + " -o " + shell_quote(out.string()) + " --format json");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(files_in(out), (std::vector<std::string>{"scène 1-2.shots.json", "scène 1.shots.json"}));
}

TEST(Cli, QuietAndNonTerminalPrintNoProgress) {
  const auto out = fresh_dir("quiet");
  const auto quiet = run_command(kCli + " shots -q " + shell_quote(short_clip()) + " -o " + shell_quote(out.string()));
  EXPECT_EQ(quiet.exit_code, 0);
  EXPECT_EQ(quiet.output, "");
  const auto plain = run_command(kCli + " shots " + shell_quote(short_clip()) + " -o " + shell_quote(out.string()));
  EXPECT_EQ(plain.output.find('\r'), std::string::npos);  // stderr is a pipe here: no progress bar
}

TEST(Cli, OnATerminalTheProgressBarIsDrawnAndCleared) {
  // script(1) (util-linux, in every Debian) gives the tool a terminal for its stderr.
  const auto out = fresh_dir("terminal");
  auto r = run_command("script -qec " + shell_quote(kCli + " shots " + shell_quote(footage::kVtest) + " -o " + shell_quote(out.string())) +
                       " /dev/null");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("\r["), std::string::npos) << r.output;
  EXPECT_NE(r.output.find(" fps  "), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("\r\x1b[K"), std::string::npos) << r.output;  // cleared before the summary
  EXPECT_EQ(r.output.find(" of "), std::string::npos) << r.output;      // one film: no count
  // A batch says which film of how many is running.
  r = run_command("script -qec " +
                  shell_quote(kCli + " shots " + shell_quote(footage::kTree) + " " + shell_quote(short_clip()) + " -o " + shell_quote(out.string())) +
                  " /dev/null");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("tree.avi  (1 of 2)"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("(2 of 2)"), std::string::npos) << r.output;
}

TEST(Cli, TimeLeftIsTheTimeSoFarScaledToWhatRemains) {
  using cli::time_left_text;
  EXPECT_EQ(time_left_text(10, 0.5), "0:10 left");
  EXPECT_EQ(time_left_text(60, 0.25), "3:00 left");
  EXPECT_EQ(time_left_text(125.4, 0.5), "2:05 left");
  // A two-hour feature at 57 fps: 10 minutes in, a fifth read.
  EXPECT_EQ(time_left_text(600, 0.2), "40:00 left");
  EXPECT_EQ(time_left_text(3600, 0.5), "1:00:00 left");
  EXPECT_EQ(time_left_text(3 * 3600 + 7, 0.25), "9:00:21 left");
  EXPECT_EQ(time_left_text(42, 1.0), "0:00 left");
  // Too early to tell, or no length known: nothing rather than a wild guess.
  EXPECT_EQ(time_left_text(1.5, 0.5), "");
  EXPECT_EQ(time_left_text(30, 0.005), "");
  EXPECT_EQ(time_left_text(30, -1), "");
}

TEST(Cli, CountsInTheSummaryLinesAreSingularForOne) {
  EXPECT_EQ(cli::counted(1, "shot"), "1 shot");
  EXPECT_EQ(cli::counted(0, "film"), "0 films");
  EXPECT_EQ(cli::counted(2, "notable difference"), "2 notable differences");
}

// `analyze --seed` seeds the figures' intervals; a film of one shot has a figure but no interval
// (the bootstrap needs ten shots), and says so with null rather than a point.
TEST(Cli, AnalyzeRecordsTheIntervalsSeedAndAOneShotFilmHasNoInterval) {
  const auto out = fresh_dir("interval-seed");
  const auto clip = short_clip();
  const auto r = run_command(kCli + " analyze -q " + shell_quote(clip) + " -o " + shell_quote(out.string()) + " --seed 5");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto profile = nlohmann::json::parse(std::ifstream(out / (fs::path(clip).stem().string() + ".profile.json")));
  EXPECT_EQ(profile["parameters"]["intervals"]["seed"], 5);
  EXPECT_EQ(profile["parameters"]["intervals"]["min_shots"], 10);
  ASSERT_EQ(profile["shots"].size(), 1u);
  const auto& lightness = profile["film"]["color.lightness_mean"];
  EXPECT_TRUE(lightness["median"].is_number());
  EXPECT_TRUE(lightness["median_ci95"].is_null());
  EXPECT_TRUE(lightness["mean_ci95"].is_null());
  EXPECT_TRUE(profile["style"]["template.tendency_ci95"].is_null());
}

TEST(Cli, UnwritableOutputExitsWithFour) {
  const auto r = run_command(kCli + " shots -q " + shell_quote(short_clip()) + " -o /dev/null/out");
  EXPECT_EQ(r.exit_code, 4) << r.output;
}

TEST(Cli, AnalysisIsDeterministicWhateverTheDecoderThreads) {
  // Same input, same bytes out: one decoder thread or all of them, run after run.
  std::vector<std::string> profiles;
  for (const char* threads : {"1", "0", "0"}) {
    const auto out = fresh_dir(std::string("deterministic-") + threads + std::to_string(profiles.size()));
    const auto r = run_command(kCli + " analyze -q " + shell_quote(footage::kMegamind) + " -o " + shell_quote(out.string()) + " --threads " + threads);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    std::ifstream in(out / "Megamind.profile.json", std::ios::binary);
    profiles.emplace_back((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  }
  EXPECT_GT(profiles[0].size(), 10000u);
  EXPECT_EQ(profiles[0], profiles[1]);
  EXPECT_EQ(profiles[1], profiles[2]);
}

TEST(Cli, FamiliesSideBySideGiveTheSameProfileAsOneAfterAnother) {
  std::vector<std::string> profiles;
  for (const std::string mode : {"", " --serial"}) {
    const auto out = fresh_dir("lanes" + std::to_string(profiles.size()));
    const auto r = run_command(kCli + " analyze -q " + shell_quote(footage::kMegamind) + " -o " + shell_quote(out.string()) + mode);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    std::ifstream in(out / "Megamind.profile.json");
    profiles.emplace_back((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  }
  EXPECT_GT(profiles[0].size(), 10000u);
  EXPECT_EQ(profiles[0], profiles[1]);
  // `shots` reads the planes only (and skips the deblocking filter): it cuts the film as analyze does.
  const auto out = fresh_dir("shots-beside-analyze");
  const auto r = run_command(kCli + " shots -q " + shell_quote(footage::kMegamind) + " -o " + shell_quote(out.string()));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  std::ifstream in(out / "Megamind.shots.json");
  const auto shots = nlohmann::json::parse(in), profile = nlohmann::json::parse(profiles[0]);
  ASSERT_EQ(shots["shots"].size(), 4u);
  ASSERT_EQ(profile["shots"].size(), 4u);
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(shots["shots"][i]["start_frame"], profile["shots"][i]["start_frame"]) << i;
    EXPECT_EQ(shots["shots"][i]["frame_count"], profile["shots"][i]["frame_count"]) << i;
  }
  EXPECT_EQ(shots["transitions"], profile["transitions"]);
}

// A film that cuts every 0.4 s between three generated pictures (test pattern, Mandelbrot, Life)
// has over 60 shots: its contact sheet comes in two pages, both in the report, and a third page
// left by an earlier run of a longer cut is removed.
TEST(Cli, ALongFilmsContactSheetComesInPages) {
  const auto clip = cached_ffmpeg("three-way-cuts.mp4",
                                  "-f lavfi -i testsrc2=size=256x144:rate=25:duration=28 -f lavfi -i mandelbrot=size=256x144:rate=25 "
                                  "-f lavfi -i life=size=256x144:rate=25:mold=10:ratio=0.5:death_color=#C83232:life_color=#00ff00 "
                                  "-filter_complex \"[0:v][1:v]overlay=enable='between(mod(t,1.2),0.4,0.79)'[ab];"
                                  "[ab][2:v]overlay=enable='gte(mod(t,1.2),0.8)',format=yuv420p\" -t 28 -c:v libx264 -preset veryfast");
  const auto out = fresh_dir("pages");
  const auto base = out / fs::path(clip).stem();
  const auto file = [&](const std::string& suffix) { return base.string() + suffix; };
  std::ofstream(file(".contact-3.png")) << "an old page";
  const auto r = run_command(kCli + " analyze -q " + shell_quote(clip) + " -o " + shell_quote(out.string()));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto profile = nlohmann::json::parse(std::ifstream(file(".profile.json")));
  const int shots = static_cast<int>(profile["shots"].size());
  ASSERT_GT(shots, 60);  // 70 cuts made; the count itself is the segmenter's business
  ASSERT_LE(shots, 72);
  const cv::Mat first = cv::imread(file(".contact.png"));
  const cv::Mat second = cv::imread(file(".contact-2.png"));
  ASSERT_FALSE(first.empty());
  ASSERT_FALSE(second.empty());
  EXPECT_FALSE(fs::exists(file(".contact-3.png")));
  const int cell_h = 240 * 144 / 256 + 18 + 22 + 6;
  EXPECT_EQ(first.rows, 10 * cell_h + 6);
  EXPECT_EQ(second.rows, (shots - 60 + 5) / 6 * cell_h + 6);
  EXPECT_EQ(second.cols, first.cols);
  std::ifstream in(file(".report.html"));
  const std::string html((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(html.find("alt=\"contact sheet, page 1\" src=\"data:image/jpeg;base64,"), std::string::npos);
  EXPECT_NE(html.find("alt=\"contact sheet, page 2\" src=\"data:image/jpeg;base64,"), std::string::npos);
  EXPECT_EQ(html.find("contact sheet, page 3"), std::string::npos);
}

TEST(Cli, InterruptLeavesNothingPartial) {
  const auto long_clip = cached_ffmpeg("vtest-x5.avi", "-stream_loop 4 -i " + shell_quote(footage::kVtest) + " -c copy");
  const auto out = fresh_dir("interrupt");
  EXPECT_EQ(exit_code_after_signal({kCli, "shots", "-q", long_clip, "-o", out.string()}, 800, SIGINT), 130);
  EXPECT_TRUE(files_in(out).empty());
}

}  // namespace
}  // namespace stereotype::test
