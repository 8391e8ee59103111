// `stereotype compare` end to end on real footage: a montage against a copy of itself pushed to a
// cyan/magenta grade (the colour templates up, motion and composition unchanged), mirrored (no
// symmetry change), and shaken then time-smoothed (steadier camera, smoother by LDLJ); reproducible JSON; one-line
// errors and nothing written for bad input.
#include <filesystem>
#include <cmath>
#include <csignal>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/footage.hpp"
#include "support/montage.hpp"

namespace stereotype::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const std::string kCli = STEREOTYPE_CLI;

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

fs::path fresh_dir(const std::string& name) {
  const auto dir = fs::path(media_dir()) / "compare" / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

class CompareFootage : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    using namespace footage;
    // Twelve shots with motion of every kind: handheld, a bouncing ball, rendered cut-scenes.
    const std::string play = "/usr/share/planetblupi/movie/play103.mkv", history = "/usr/share/planetblupi/movie/history2.mkv";
    const std::vector<Segment> segments = {{kCockatoo, 0.5, 2}, {kBall, 1, 2},  {play, 2, 2},      {kCockatoo, 3.5, 2},
                                           {history, 3, 2},     {kBall, 4, 2},  {kMegamind, 0.3, 2}, {play, 7, 2},
                                           {kBall, 7, 2},       {kCockatoo, 9.5, 2}, {history, 8, 2}, {kMegamind, 8.4, 2}};
    std::vector<JoinSpec> joins(segments.size() - 1, JoinSpec{Join::Cut});
    montage_ = make_montage("compare-montage", segments, joins, Encoding{}).path;
    const std::string encode = " -c:v libx264 -preset veryfast -crf 20 -pix_fmt yuv420p -an";
    graded_ = cached_ffmpeg("compare-cyber.mp4", "-i " + shell_quote(montage_) +
                                                     " -vf eq=brightness=-0.12:contrast=1.25:saturation=2.0,colorbalance=rs=-0.4:gs=0.15:bs=0.5:"
                                                     "rm=-0.1:bm=0.3:rh=0.35:gh=-0.2:bh=0.3" + encode);
    mirrored_ = cached_ffmpeg("compare-mirror.mp4", "-i " + shell_quote(montage_) + " -vf hflip" + encode);
    shaken_ = cached_ffmpeg("compare-shaken.mp4", "-i " + shell_quote(montage_) +
                                                      " -vf crop=600:338:x='20+20*random(1)':y='11+11*random(2)',scale=640:360" + encode);
    smoothed_ = cached_ffmpeg("compare-shaken-smoothed.mp4", "-i " + shell_quote(shaken_) + " -vf tmix=frames=5" + encode);
    // A's profile, analysed once for all the test processes (each test runs in a process of its
    // own; the lock makes the others wait for it): computed in a scratch folder and renamed into
    // place, so a half-done one is never seen. Keyed by the build of the tool, so a changed
    // analysis never reads an old profile.
    std::error_code ec;
    const auto stamp = fs::last_write_time(kCli, ec).time_since_epoch().count();
    const auto done = fs::path(media_dir()) / "compare" / ("base-" + std::to_string(fs::file_size(kCli, ec)) + "-" + std::to_string(stamp));
    fs::create_directories(done.parent_path());
    const CacheLock lock(done.string());
    if (!fs::exists(done / "graded.compare.json")) {
      const auto scratch = fs::path(media_dir()) / "compare" / ("base-" + std::to_string(::getpid()));
      fs::remove_all(scratch);
      fs::create_directories(scratch);
      const auto r = run_command(kCli + " compare -q " + shell_quote(montage_) + " " + shell_quote(graded_) + " -o " +
                                 shell_quote(scratch.string()) + " --name graded");
      ASSERT_EQ(r.exit_code, 0) << r.output;
      fs::rename(scratch, done);
    }
    for (const auto& e : fs::directory_iterator(done))
      if (e.path().filename().string().rfind("compare-montage", 0) == 0) base_profile_ = e.path().string();
    ASSERT_FALSE(base_profile_.empty());
    graded_json_ = json::parse(read_file(done / "graded.compare.json"));
  }
  static void TearDownTestSuite() {}

  // Compares A's profile with `b`; returns the comparison JSON.
  static json compare_with(const std::string& b, const std::string& name) {
    const auto out = fresh_dir(name);
    const auto r = run_command(kCli + " compare -q " + shell_quote(base_profile_) + " " + shell_quote(b) + " -o " + shell_quote(out.string()) +
                               " --name " + name);
    EXPECT_EQ(r.exit_code, 0) << r.output;
    return json::parse(read_file(out / (name + ".compare.json")));
  }

  static const json& metric(const json& c, const std::string& key) {
    for (const auto& m : c["metrics"])
      if (m["key"] == key) return m;
    throw std::runtime_error("no metric " + key);
  }
  static bool covers_zero(const json& m) { return m["ci_low"].get<double>() <= 0 && m["ci_high"].get<double>() >= 0; }

  static inline std::string montage_, graded_, mirrored_, shaken_, smoothed_, base_profile_;
  static inline json graded_json_;
};

TEST_F(CompareFootage, ACyanMagentaRegradeRaisesTheColourTemplatesAndLeavesMotionAndCompositionAlone) {
  const auto& c = graded_json_;
  EXPECT_EQ(c["schema"], "stereotype.comparison");
  EXPECT_GE(c["a"]["shots"].get<int>(), 10);
  const auto& cyber = metric(c, "template.cyberpunk-neon");
  EXPECT_GT(cyber["delta"].get<double>(), 0.8);
  EXPECT_GT(cyber["ci_low"].get<double>(), 0.0);
  EXPECT_LT(cyber["p_value"].get<double>(), 0.01);
  for (const auto* key : {"color.colorfulness", "color.chroma_mean"}) {
    EXPECT_GT(metric(c, key)["ci_low"].get<double>(), 0.0) << key;
  }
  for (const auto* key : {"motion.camera_speed", "motion.object_speed", "motion.dynamic_degree", "motion.smoothness_sparc", "motion.jerk_ldlj",
                          "composition.symmetry_lr", "composition.balance", "composition.perspective_share", "composition.thirds"}) {
    EXPECT_TRUE(covers_zero(metric(c, key))) << key << " " << metric(c, key).dump();
  }
  // The page's lines say it in words.
  bool said = false;
  for (const auto& line : c["lines"]) said = said || line.get<std::string>().find("closer to the 'cyberpunk-neon' template") != std::string::npos;
  EXPECT_TRUE(said) << c["lines"].dump(1);
  // The re-grade keeps the framing: most shots are matched to their originals, in order.
  ASSERT_FALSE(c["alignment"].is_null());
  // (A cut the darker copy hides merges two shots, so shot numbers may shift: match by time.)
  int same = 0;
  for (const auto& p : c["alignment"]["pairs"])
    same += std::abs(p["a_start_s"].get<double>() - p["b_start_s"].get<double>()) < 0.5 && p["in_order"].get<bool>();
  EXPECT_GE(same, std::min(c["a"]["shots"].get<int>(), c["b"]["shots"].get<int>()) * 2 / 3);
}

TEST_F(CompareFootage, AMirroredCopyIsNoMoreSymmetric) {
  const auto c = compare_with(mirrored_, "mirrored");
  const auto& symmetry = metric(c, "composition.symmetry_lr");
  EXPECT_TRUE(covers_zero(symmetry)) << symmetry.dump();
  EXPECT_LT(std::abs(symmetry["delta"].get<double>()), 0.2);
  EXPECT_NEAR(symmetry["median_a"].get<double>(), symmetry["median_b"].get<double>(), 0.03);
  EXPECT_TRUE(covers_zero(metric(c, "template.symmetric-spectacle")));
}

TEST_F(CompareFootage, ShakenFootageSmoothedInTimeHasASteadierCameraAndSmootherMotion) {
  // Time-smoothed two ways: frames blended (tmix, 5 frames) and the camera path averaged over 15
  // frames (vidstab, two passes). Both steady the camera; the path smoothing also shows in the
  // jerk of the speed profile. (Blending does not: it lowers speeds until jitter dominates.)
  const auto out = fresh_dir("smoothed");
  auto r = run_command(kCli + " compare -q " + shell_quote(shaken_) + " " + shell_quote(smoothed_) + " -o " + shell_quote(out.string()) +
                       " --name blended");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto blended = json::parse(read_file(out / "blended.compare.json"));
  const auto& camera = metric(blended, "motion.camera_speed");
  EXPECT_LT(camera["delta"].get<double>(), -0.5);
  EXPECT_LT(camera["ci_high"].get<double>(), 0.0);
  EXPECT_LT(camera["median_b"].get<double>(), 0.5 * camera["median_a"].get<double>());

  const auto transforms = out / "path.trf", stabilised = out / "stabilised.mp4";
  r = run_command("ffmpeg -nostdin -v error -y -i " + shell_quote(shaken_) + " -vf vidstabdetect=result=" + shell_quote(transforms.string()) +
                  " -f null -");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  r = run_command("ffmpeg -nostdin -v error -y -i " + shell_quote(shaken_) + " -vf vidstabtransform=input=" + shell_quote(transforms.string()) +
                  ":smoothing=15 -c:v libx264 -preset veryfast -crf 20 -an " + shell_quote(stabilised.string()));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  // The shaken film's profile, saved by the first comparison, stands in for it: not analysed twice.
  const auto shaken_profile = out / (fs::path(shaken_).stem().string() + ".profile.json");
  ASSERT_TRUE(fs::exists(shaken_profile));
  r = run_command(kCli + " compare -q " + shell_quote(shaken_profile.string()) + " " + shell_quote(stabilised.string()) + " -o " +
                  shell_quote(out.string()) + " --name stabilised");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto path = json::parse(read_file(out / "stabilised.compare.json"));
  EXPECT_LT(metric(path, "motion.camera_speed")["ci_high"].get<double>(), 0.0);
  const auto& jerk = metric(path, "motion.jerk_ldlj");  // higher: smoother
  EXPECT_GT(jerk["delta"].get<double>(), 0.33) << jerk.dump();
  EXPECT_GT(jerk["ci_low"].get<double>(), 0.0) << jerk.dump();
  EXPECT_LT(jerk["p_value"].get<double>(), 0.05) << jerk.dump();
}

TEST_F(CompareFootage, TheSameInputsAndSeedGiveByteIdenticalJson) {
  const auto a = fresh_dir("again-1"), b = fresh_dir("again-2"), c = fresh_dir("again-3");
  const std::string base = kCli + " compare -q " + shell_quote(base_profile_) + " " + shell_quote(base_profile_);
  ASSERT_EQ(run_command(base + " -o " + shell_quote(a.string()) + " --name same").exit_code, 0);
  ASSERT_EQ(run_command(base + " -o " + shell_quote(b.string()) + " --name same").exit_code, 0);
  ASSERT_EQ(run_command(base + " -o " + shell_quote(c.string()) + " --name same --seed 2").exit_code, 0);
  EXPECT_EQ(read_file(a / "same.compare.json"), read_file(b / "same.compare.json"));
  // A film against itself: every delta 0, every interval covering 0, no line.
  const auto j = json::parse(read_file(a / "same.compare.json"));
  for (const auto& m : j["metrics"]) {
    if (m["delta"].is_null()) continue;
    EXPECT_EQ(m["delta"].get<double>(), 0.0) << m["key"];
    EXPECT_TRUE(covers_zero(m)) << m["key"];
  }
  EXPECT_TRUE(j["lines"].empty());
  EXPECT_EQ(j["parameters"]["seed"], 1);
  EXPECT_EQ(json::parse(read_file(c / "same.compare.json"))["parameters"]["seed"], 2);
}

// The run length can be fixed (--interval-run; 1 is the ordinary bootstrap, as before runs were
// chosen): every figure of `analyze` is then drawn in runs of that many shots, and `compare`'s
// intervals move where the chosen length was another, its p-values' shuffles in runs of as many. Both say so in their parameters.
TEST_F(CompareFootage, TheRunLengthOfTheIntervalsCanBeFixed) {
  const auto dir = fs::path(media_dir()) / "compare" / ("run-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  auto r = run_command(kCli + " analyze -q " + shell_quote(montage_) + " --interval-run 3 -o " + shell_quote(dir.string()));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto fixed = json::parse(read_file(dir / (fs::path(montage_).stem().string() + ".profile.json")));
  EXPECT_EQ(fixed["parameters"]["intervals"]["run"], 3);
  int runs = 0;
  for (const auto& [key, figure] : fixed["film"].items()) {
    if (!figure.is_object() || !figure.contains("ci95_run") || figure["ci95_run"].is_null()) continue;
    EXPECT_EQ(figure["ci95_run"], 3) << key;
    ++runs;
  }
  EXPECT_GT(runs, 40);
  EXPECT_EQ(json::parse(read_file(base_profile_))["parameters"]["intervals"]["run"], "automatic");
  const std::string base = kCli + " compare -q " + shell_quote(base_profile_) + " " + shell_quote(base_profile_) + " -o " + shell_quote(dir.string());
  ASSERT_EQ(run_command(base + " --name automatic").exit_code, 0);
  ASSERT_EQ(run_command(base + " --name three --interval-run 3").exit_code, 0);
  const auto automatic = json::parse(read_file(dir / "automatic.compare.json")), three = json::parse(read_file(dir / "three.compare.json"));
  EXPECT_EQ(automatic["parameters"]["interval_run"], "automatic");
  EXPECT_EQ(three["parameters"]["interval_run"], 3);
  const auto profile = json::parse(read_file(base_profile_));
  int moved = 0;
  for (std::size_t i = 0; i < automatic["metrics"].size(); ++i) {
    const auto& m = automatic["metrics"][i];
    if (!m["median_a_ci95"].is_array()) continue;
    moved += m["median_a_ci95"] != three["metrics"][i]["median_a_ci95"] ? 1 : 0;
    // Where the figure chose runs of 3 itself, fixing 3 changes nothing.
    const auto key = m["key"].get<std::string>();
    if (profile["film"].contains(key) && profile["film"][key].value("ci95_run", json()) == 3) {
      EXPECT_EQ(m["median_a_ci95"], three["metrics"][i]["median_a_ci95"]) << key;
    }
  }
  EXPECT_GT(moved, 20);
  // The p-value's shuffles move runs of the same length: 3 when fixed, at least 1 when chosen.
  int tested = 0;
  for (std::size_t i = 0; i < three["metrics"].size(); ++i) {
    if (three["metrics"][i]["p_value"].is_null()) continue;
    EXPECT_EQ(three["metrics"][i]["p_value_run"], 3) << three["metrics"][i]["key"];
    EXPECT_GE(automatic["metrics"][i]["p_value_run"].get<int>(), 1) << automatic["metrics"][i]["key"];
    ++tested;
  }
  EXPECT_GT(tested, 40);
  EXPECT_EQ(run_command(kCli + " compare " + shell_quote(base_profile_) + " " + shell_quote(base_profile_) + " --interval-run -1").exit_code, 2);
  fs::remove_all(dir);
}

// The montage's twelve shots give every film figure an interval, drawn from the same shots and
// stream wherever it is reported: the profile compare wrote, the comparison's side A, its CSV.
TEST_F(CompareFootage, EachFigureCarriesOneIntervalWhereverItIsReported) {
  const auto profile = json::parse(read_file(base_profile_));
  EXPECT_EQ(profile["parameters"]["intervals"]["seed"], 1);
  EXPECT_EQ(profile["parameters"]["intervals"]["resamples"], 1000);
  // How many shots define a figure: a face's height, say, only those with a face.
  const auto shots_with = [&](const std::string& key) {
    int n = 0;
    for (const auto& shot : profile["shots"])
      for (const char* family : {"color", "motion", "composition", "texture"}) {
        if (!shot.contains(family) || !shot[family].contains(key)) continue;
        const auto& v = shot[family][key];
        n += v.is_number() || (v.is_object() && (v.value("midmean", json()).is_number() || v.value("median", json()).is_number())) ? 1 : 0;
      }
    return n;
  };
  int checked = 0, too_few = 0;
  for (const auto& [key, figure] : profile["film"].items()) {
    if (!figure.is_object() || !figure.contains("median") || figure["median"].is_null()) continue;
    if (shots_with(key) < 10) {
      EXPECT_TRUE(figure["median_ci95"].is_null()) << key;
      EXPECT_TRUE(figure["ci95_run"].is_null()) << key;
      ++too_few;
      continue;
    }
    ASSERT_TRUE(figure["median_ci95"].is_array()) << key;
    const double median = figure["median"].get<double>(), low = figure["median_ci95"][0].get<double>(),
                 high = figure["median_ci95"][1].get<double>();
    EXPECT_LE(low, median + 1e-4) << key;
    EXPECT_GE(high, median - 1e-4) << key;
    const double mean = figure["mean"].get<double>();
    EXPECT_LE(figure["mean_ci95"][0].get<double>(), mean + 1e-4) << key;
    EXPECT_GE(figure["mean_ci95"][1].get<double>(), mean - 1e-4) << key;
    // Drawn in runs of 1 up to a third of the shots.
    ASSERT_TRUE(figure["ci95_run"].is_number_integer()) << key;
    EXPECT_GE(figure["ci95_run"].get<int>(), 1) << key;
    EXPECT_LE(figure["ci95_run"].get<int>(), std::max(1, shots_with(key) / 3)) << key;
    // Side A of the comparison is this film, with the same seed and resamples: the same interval.
    for (const auto& m : graded_json_["metrics"]) {
      if (m["key"] != key) continue;
      ASSERT_TRUE(m["median_a_ci95"].is_array()) << key;
      EXPECT_NEAR(m["median_a_ci95"][0].get<double>(), low, 1e-4 * std::max(1.0, std::abs(low))) << key;
      EXPECT_NEAR(m["median_a_ci95"][1].get<double>(), high, 1e-4 * std::max(1.0, std::abs(high))) << key;
      ++checked;
    }
  }
  EXPECT_GT(checked, 40);
  EXPECT_LT(too_few, 5);
  // The shot lengths' own intervals, beside the ASL and the median shot length.
  for (const char* key : {"shots.asl_s", "shots.median_s"}) {
    const auto& ci = profile["film"][std::string(key) + "_ci95"];
    ASSERT_TRUE(ci.is_array()) << key;
    EXPECT_LE(ci[0].get<double>(), profile["film"][key].get<double>() + 1e-3) << key;
    EXPECT_GE(ci[1].get<double>(), profile["film"][key].get<double>() - 1e-3) << key;
    EXPECT_GT(ci[0].get<double>(), 0.0) << key;
  }
  // The lightness interval is a real spread, not a point: the montage mixes dark and bright footage.
  const auto& lightness = profile["film"]["color.lightness_mean"]["median_ci95"];
  EXPECT_GT(lightness[1].get<double>() - lightness[0].get<double>(), 2.0);
  // The regrade darkens every shot: B's interval lies below A's median.
  const auto& graded_lightness = metric(graded_json_, "color.lightness_mean");
  EXPECT_LT(graded_lightness["median_b_ci95"][1].get<double>(), graded_lightness["median_a"].get<double>());
  for (const char* side : {"a", "b"}) {
    const auto& style = graded_json_[side]["style"];
    ASSERT_TRUE(style["template.tendency_ci95"].is_array()) << side;
    EXPECT_LE(style["template.tendency_ci95"][0].get<double>(), style["template.tendency"].get<double>() + 1e-4) << side;
    EXPECT_GE(style["template.tendency_ci95"][1].get<double>(), style["template.tendency"].get<double>() - 1e-4) << side;
    for (const auto& t : style["templates"]) {
      ASSERT_TRUE(t["share_ci95"].is_array()) << t["name"];
      EXPECT_GE(t["share_ci95"][0].get<double>(), 0.0);
      EXPECT_LE(t["share_ci95"][1].get<double>(), 1.0);
    }
  }
}

TEST_F(CompareFootage, AFolderOfFilmsIsPooledAsOneSide) {
  const auto folder = fresh_dir("folder-a");
  fs::copy_file(montage_, folder / "one.mp4");
  fs::copy_file(mirrored_, folder / "two.mp4");
  std::ofstream(folder / "notes.txt") << "not a film: ignored in a folder of films";
  const auto out = fresh_dir("folder-out");
  const auto r = run_command(kCli + " compare -q " + shell_quote(folder.string()) + " " + shell_quote(base_profile_) + " -o " +
                             shell_quote(out.string()) + " --name pooled");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto c = json::parse(read_file(out / "pooled.compare.json"));
  EXPECT_EQ(c["a"]["films"].size(), 2u);
  EXPECT_EQ(c["a"]["shots"].get<int>(), 2 * c["b"]["shots"].get<int>());
  EXPECT_TRUE(c["alignment"].is_null());  // shots are aligned only film against film
  // Homogeneity compares at B's number of shots: A's score is the mean over subsets of as many.
  const auto& h = c["homogeneity"];
  EXPECT_EQ(h["common_shots"], c["b"]["shots"]);
  EXPECT_NEAR(h["vendi_b"].get<double>(), c["b"]["style"]["diversity"]["diversity.vendi"].get<double>(), 1e-3);
  EXPECT_EQ(h["subsets_a"], 200);
  EXPECT_EQ(h["subsets_b"], 0);
  EXPECT_LT(h["vendi_a"].get<double>(), c["a"]["style"]["diversity"]["diversity.vendi"].get<double>());
  // Its test: the film against the corpus in runs of shots; the same footage twice and mirrored, nothing to find.
  EXPECT_EQ(h["p_value_unit"], "run");
  EXPECT_EQ(c["tendency"]["p_value_unit"], "run");
  EXPECT_NEAR(c["tendency"]["difference"].get<double>(),
              c["b"]["style"]["template.tendency"].get<double>() - c["a"]["style"]["template.tendency"].get<double>(), 2e-4);
  EXPECT_EQ(h["test_shots"], c["b"]["shots"]);
  EXPECT_EQ(h["permutations"], 1000);
  EXPECT_GT(h["p_value"].get<double>(), 0.05);
  EXPECT_TRUE(fs::exists(out / "one.profile.json"));
  EXPECT_TRUE(fs::exists(out / "two.profile.json"));
  // A corpus against a film: runs of shots change sides in the shuffles. Two corpora: whole films,
  // and the page says how small a p-value so few films allow (2 of the C(4, 2) = 6 splits).
  int tested = 0;
  for (const auto& m : c["metrics"]) {
    if (!m["p_value"].is_number()) continue;
    EXPECT_EQ(m["p_value_unit"], "run") << m["key"];
    EXPECT_TRUE(m["p_value_run"].is_number_integer()) << m["key"];
    ++tested;
  }
  EXPECT_GT(tested, 40);
  EXPECT_NE(read_file(out / "pooled.compare.html").find("not whether it is unusual among them"), std::string::npos);
  // The CSV carries each metric's row as the JSON does, the film's rank among the corpus's last:
  // B (one film) among A's two.
  std::istringstream csv(read_file(out / "pooled.compare.csv"));
  std::string header, row;
  std::getline(csv, header);
  EXPECT_EQ(header.substr(header.rfind(",p_value_unit")), ",p_value_unit,among_films,among_below,among_above,among_p_value,interval_units_a,interval_units_b");
  int rows = 0;
  while (std::getline(csv, row)) {
    std::vector<std::string> cells;
    std::stringstream cut(row);
    for (std::string cell; std::getline(cut, cell, ',');) cells.push_back(cell);
    if (row.back() == ',') cells.emplace_back();
    ASSERT_EQ(cells.size(), 22u) << row;
    const auto& m = metric(c, cells[0]);
    if (!m["p_value"].is_number()) continue;
    EXPECT_EQ(cells[15], "run") << row;
    ASSERT_TRUE(m["film_among_films"].is_object()) << cells[0];
    EXPECT_EQ(m["film_among_films"]["film_side"], "b");
    EXPECT_EQ(cells[16], std::to_string(m["film_among_films"]["films"].get<int>())) << row;
    EXPECT_LE(m["film_among_films"]["films"].get<int>(), 2);
    EXPECT_NEAR(std::stod(cells[9]), m["p_value"].get<double>(), 1e-4) << row;
    // The score interval's units: the single film's runs (at most its shots), the corpus's
    // effective number (at least its films, at most its shots).
    EXPECT_NEAR(std::stod(cells[20]), m["interval_units_a"].get<double>(), 0.01) << row;
    EXPECT_NEAR(std::stod(cells[21]), m["interval_units_b"].get<double>(), 0.01) << row;
    EXPECT_GE(m["interval_units_a"].get<double>(), 2 - 1e-9) << row;
    EXPECT_LE(m["interval_units_a"].get<double>(), m["n_a"].get<double>() + 1e-9) << row;
    EXPECT_GE(m["interval_units_b"].get<double>(), 1.0) << row;
    EXPECT_LE(m["interval_units_b"].get<double>(), m["n_b"].get<double>()) << row;
    ++rows;
  }
  EXPECT_GT(rows, 40);
  const auto corpus_a = fresh_dir("corpus-a"), corpus_b = fresh_dir("corpus-b");
  fs::copy_file(out / "one.profile.json", corpus_a / "one.profile.json");
  fs::copy_file(out / "two.profile.json", corpus_a / "two.profile.json");
  fs::copy_file(base_profile_, corpus_b / "base.profile.json");
  fs::copy_file(out / "two.profile.json", corpus_b / "mirror.profile.json");
  const auto corpora_out = fresh_dir("corpora-out");
  const auto r2 = run_command(kCli + " compare -q " + shell_quote(corpus_a.string()) + " " + shell_quote(corpus_b.string()) + " -o " +
                              shell_quote(corpora_out.string()) + " --name corpora");
  ASSERT_EQ(r2.exit_code, 0) << r2.output;
  const auto corpora = json::parse(read_file(corpora_out / "corpora.compare.json"));
  tested = 0;
  for (const auto& m : corpora["metrics"]) {
    if (!m["p_value"].is_number()) continue;
    EXPECT_EQ(m["p_value_unit"], "film") << m["key"];
    EXPECT_TRUE(m["p_value_run"].is_null()) << m["key"];
    EXPECT_GE(m["p_value"].get<double>(), 2.0 / 6 - 0.05) << m["key"];
    ++tested;
  }
  EXPECT_GT(tested, 40);
  for (const auto& line : corpora["lines"]) EXPECT_EQ(line.get<std::string>().find("δ ="), std::string::npos) << line;  // none can be notable
  EXPECT_EQ(corpora["tendency"]["p_value_unit"], "film");
  EXPECT_NEAR(corpora["tendency"]["tendency_a"].get<double>(), corpora["a"]["style"]["template.tendency"].get<double>(), 1e-4);
  EXPECT_EQ(corpora["homogeneity"]["p_value_unit"], "film");
  EXPECT_TRUE(corpora["homogeneity"]["p_value_run"].is_null());
  EXPECT_GE(corpora["homogeneity"]["p_value"].get<double>(), 2.0 / 6 - 0.05);
  const auto page = read_file(corpora_out / "corpora.compare.html");
  EXPECT_NE(page.find("with 2 and 2 films the p-value cannot be smaller than about 0.333"), std::string::npos);
  EXPECT_EQ(page.find("not whether it is unusual among them"), std::string::npos);
}

TEST(Compare, InterruptedCompareLeavesNothingBehind) {
  const auto out = fresh_dir("interrupt");
  EXPECT_EQ(exit_code_after_signal({kCli, "compare", "-q", footage::kVtest, footage::kMegamind, "-o", out.string()}, 1000, SIGINT), 130);
  EXPECT_TRUE(fs::is_empty(out));
}

TEST(Compare, BadInputGetsOneLineAndWritesNothing) {
  const auto out = fresh_dir("bad");
  const auto clip = cached_ffmpeg("megamind-2s.mp4", "-i " + shell_quote(footage::kMegamind) + " -t 2 -c:v libx264 -preset veryfast -an");
  auto r = run_command(kCli + " compare -q /no/such/film.mp4 " + shell_quote(clip) + " -o " + shell_quote(out.string()));
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.output.find("/no/such/film.mp4"), std::string::npos) << r.output;
  EXPECT_TRUE(fs::is_empty(out));
  // A broken template: the file, the key and what was expected, before any analysis.
  const auto bad_template = out.parent_path() / "bad-template.json";
  std::ofstream(bad_template) << R"({"schema": "stereotype.template", "version": 1, "name": "mine", "targets": [{"metric": "color.haze", "value": 1}]})";
  r = run_command(kCli + " compare -q " + shell_quote(clip) + " " + shell_quote(clip) + " -o " + shell_quote(out.string()) + " --template " +
                  shell_quote(bad_template.string()));
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.output.find("bad-template.json: key 'targets[0].tolerance': expected a number > 0 (it is missing)"), std::string::npos) << r.output;
  EXPECT_TRUE(fs::is_empty(out));
  // A JSON that is not a profile.
  const auto not_profile = out.parent_path() / "x.profile.json";
  std::ofstream(not_profile) << R"({"schema": "stereotype.shots", "version": 1})";
  r = run_command(kCli + " compare -q " + shell_quote(not_profile.string()) + " " + shell_quote(clip) + " -o " + shell_quote(out.string()));
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.output.find("not a usable stereotype profile"), std::string::npos) << r.output;
  EXPECT_TRUE(fs::is_empty(out));
}

}  // namespace
}  // namespace stereotype::test
