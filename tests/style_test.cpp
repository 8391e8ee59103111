// Templates, homogenisation, comparison statistics and alignment on constructed films with known
// answers: identical films, a film made of the cyberpunk prototype, identical and far-apart shots,
// a shuffled remake; and the template loader's errors.
#include <cmath>
#include <fstream>
#include <numeric>
#include <random>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "stereotype/error.hpp"
#include "stereotype/measure/statistics.hpp"
#include "stereotype/report/comparison_report.hpp"
#include "stereotype/report/style_report.hpp"
#include "stereotype/style/alignment.hpp"
#include "stereotype/style/comparison.hpp"
#include "stereotype/style/diversity.hpp"
#include "stereotype/style/metric_catalog.hpp"
#include "stereotype/style/resampling.hpp"
#include "stereotype/style/verdict.hpp"
#include "stereotype/style/templates.hpp"
#include "support/footage.hpp"

namespace stereotype::test {
namespace {

using namespace style;

ShotStyle shot(int number, std::map<std::string, double> metrics, double duration = 2.0) {
  ShotStyle s;
  s.film = "film";
  s.number = number;
  s.start_s = 2.0 * (number - 1);
  s.duration_s = duration;
  s.metrics = std::move(metrics);
  return s;
}

std::vector<const ShotStyle*> pointers(const std::vector<ShotStyle>& shots) {
  std::vector<const ShotStyle*> out;
  for (const auto& s : shots) out.push_back(&s);
  return out;
}

// Shots spread over the style space from a seeded generator (a stand-in for a real film).
std::vector<ShotStyle> varied_film(int n, std::uint32_t seed, double shift = 0) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> z(0, 1);
  std::vector<ShotStyle> shots;
  for (int i = 0; i < n; ++i) {
    std::map<std::string, double> m;
    for (const auto& info : metric_catalog()) m[info.key] = (info.style_unit > 0 ? info.style_unit : 1.0) * (z(rng) + shift);
    shots.push_back(shot(i + 1, m));
  }
  return shots;
}

const Template& builtin(const std::string& name) {
  for (const auto& t : builtin_templates())
    if (t.name == name) return t;
  throw std::runtime_error("no template " + name);
}

TEST(Templates, TheShippedTemplatesLoadAndNameOnlyKnownMetrics) {
  std::vector<std::string> names;
  for (const auto& t : builtin_templates()) names.push_back(t.name);
  for (const auto* expected : {"cyberpunk-neon", "teal-orange", "symmetric-spectacle", "element-overload", "weightless-motion"})
    EXPECT_NE(std::find(names.begin(), names.end(), expected), names.end()) << expected;
  for (const auto& t : builtin_templates())
    for (const auto& target : t.targets) EXPECT_NE(find_metric(target.metric), nullptr) << t.name << " " << target.metric;
}

TEST(Templates, AFilmWhoseEveryShotIsTheCyberpunkPrototypeIsAllCyberpunk) {
  const auto& cyberpunk = builtin("cyberpunk-neon");
  std::map<std::string, double> prototype;
  for (const auto& t : cyberpunk.targets) prototype[t.metric] = t.value;
  std::vector<ShotStyle> shots;
  for (int i = 1; i <= 6; ++i) shots.push_back(shot(i, prototype, 1.0 + i));
  const auto r = match_templates({cyberpunk}, pointers(shots));
  EXPECT_DOUBLE_EQ(r.templates[0].share, 1.0);
  EXPECT_NEAR(r.templates[0].mean_match, 1.0, 1e-12);
  EXPECT_NEAR(r.tendency, 1.0, 1e-12);
  for (const auto& best : r.best) EXPECT_EQ(best, "cyberpunk-neon");
}

// Four shots, three of them cyberpunk (one a little short of colourful): the verdict names those
// three, the closest first, gives their share of screen time, and reads each criterion on them;
// a template no shot uses is left out.
TEST(Templates, TheVerdictNamesTheShotsAndWhatHoldsThemInTheTemplate) {
  const auto& cyberpunk = builtin("cyberpunk-neon");
  const auto& teal = builtin("teal-orange");
  std::map<std::string, double> prototype;
  for (const auto& t : cyberpunk.targets) prototype[t.metric] = t.value;
  auto paler = prototype;
  paler["color.colorfulness"] = 29;  // half a tolerance short of 35: a match of 0.88^(1/6) = 0.979
  const std::map<std::string, double> daylight = {{"color.neon_share", 0},   {"color.lightness_mean", 70}, {"color.colorfulness", 5},
                                                  {"color.cct_k", 4000},     {"color.contrast_rms", 0.05}, {"color.teal_orange", 0},
                                                  {"color.hue_concentration_doubled", 0.1}};
  const std::vector<ShotStyle> shots = {shot(1, prototype, 2.0), shot(2, daylight, 3.0), shot(3, paler, 1.0), shot(4, prototype, 4.0)};
  const std::vector<Template> templates = {cyberpunk, teal};
  const auto r = match_templates(templates, pointers(shots));
  const auto verdicts = template_verdicts(templates, r, pointers(shots), template_intervals(r, pointers(shots), {}));
  ASSERT_EQ(verdicts.size(), 1u);
  const auto& v = verdicts[0];
  EXPECT_EQ(v.name, "cyberpunk-neon");
  EXPECT_EQ(v.shots, (std::vector<int>{1, 4, 3}));
  EXPECT_NEAR(v.matches[2], std::pow(std::exp(-0.125), 1.0 / 6.0), 1e-9);
  EXPECT_DOUBLE_EQ(v.share, 0.7);
  EXPECT_FALSE(v.share_interval.known());  // four shots: no interval
  ASSERT_EQ(v.criteria.size(), cyberpunk.targets.size());
  for (const auto& c : v.criteria) {
    // Weighted by screen time the paler shot (1 s of 7) does not move the median colourfulness.
    EXPECT_DOUBLE_EQ(c.value, prototype.at(c.target.metric)) << c.target.metric;
    EXPECT_DOUBLE_EQ(c.match, 1.0) << c.target.metric;
  }
  EXPECT_EQ(report::verdict_line(v),
            "Cyberpunk neon: 70 % of screen time in 3 shots (1, 4, 3): color.neon_share 0.030 (target ≥ 0.030, match 1.00), "
            "color.lightness_mean 40.0 (target ≤ 40.0, match 1.00), color.colorfulness 35.0 (target ≥ 35.0, match 1.00), "
            "color.cct_k 7500 (target ≥ 7500, match 1.00), color.contrast_rms 0.16 (target ≥ 0.16, match 1.00)");
  // A pooled side (compare's folder of films): the shots are named with their film.
  auto pooled = shots;
  for (auto& s : pooled) s.film = s.number <= 2 ? "clips/a.mp4" : "clips/b.mp4";
  const auto rp = match_templates(templates, pointers(pooled));
  const auto vp = template_verdicts(templates, rp, pointers(pooled), template_intervals(rp, pointers(pooled), {}));
  ASSERT_EQ(vp.size(), 1u);
  EXPECT_EQ(vp[0].films, (std::vector<std::string>{"clips/a.mp4", "clips/b.mp4", "clips/b.mp4"}));
  EXPECT_FALSE(v.pooled);
  EXPECT_NE(report::verdict_line(vp[0]).find("in 3 shots (a.mp4 1, b.mp4 4, b.mp4 3):"), std::string::npos) << report::verdict_line(vp[0]);
}

// Element overload is the collage, not the busy street: shots with the values measured on
// opencv-doc's street (vtest.avi, whose congestion the scale is normalised to 3) and tree do not
// use it; Planet Blupi's cut-scenes play103 and win005 do (docs/style.md, shipped templates).
TEST(Templates, ElementOverloadIsTheCollageNotTheBusyStreet) {
  const auto& overload = builtin("element-overload");
  const auto measured = [](double congestion, double edges, double colourfulness) {
    return shot(1, {{"composition.clutter_congestion", congestion}, {"composition.clutter_edges", edges}, {"color.colorfulness", colourfulness}});
  };
  EXPECT_LT(template_match(overload, measured(2.9705, 0.0678, 42.74)), 0.2);  // vtest
  EXPECT_LT(template_match(overload, measured(2.718, 0.118, 25.95)), 0.2);    // tree
  EXPECT_GT(template_match(overload, measured(3.967, 0.1114, 110.4)), 0.6);   // play103
  EXPECT_GT(template_match(overload, measured(4.5924, 0.0592, 78.78)), 0.6);  // win005
  // Other criteria met, the congestion at which a shot starts to use it: 4.5 − 1.67 × 0.6 = 3.5.
  EXPECT_GT(template_match(overload, measured(3.52, 0.14, 30)), 0.5);
  EXPECT_LT(template_match(overload, measured(3.48, 0.14, 30)), 0.5);
}

// Ten of twenty equally long shots use the template: its share is 0.5, and resampling twenty
// shots one by one moves it like a mean of twenty coin tosses, 0.5 ± 1.96 × 0.5/√20 = [0.28,
// 0.72] (in steps of 0.05). The tendency's interval is the same spread scaled by the gap between
// the two kinds' best matches.
TEST(Templates, TheShareAndTendencyIntervalsSpreadLikeTheirShots) {
  const auto& cyberpunk = builtin("cyberpunk-neon");
  std::map<std::string, double> prototype;
  for (const auto& t : cyberpunk.targets) prototype[t.metric] = t.value;
  const std::map<std::string, double> daylight = {{"color.neon_share", 0}, {"color.lightness_mean", 70}, {"color.colorfulness", 5},
                                                  {"color.cct_k", 4000}, {"color.contrast_rms", 0.05}};
  std::vector<ShotStyle> shots;
  for (int i = 1; i <= 20; ++i) shots.push_back(shot(i, i % 2 ? prototype : daylight, 2.0));
  const auto r = match_templates({cyberpunk}, pointers(shots));
  ASSERT_DOUBLE_EQ(r.templates[0].share, 0.5);
  const auto in = template_intervals(r, pointers(shots), {1, 1000, 1});
  ASSERT_EQ(in.shares.size(), 1u);
  EXPECT_NEAR(in.shares[0].low, 0.28, 0.051);
  EXPECT_NEAR(in.shares[0].high, 0.72, 0.051);
  const double far = template_match(cyberpunk, shots[1]);
  EXPECT_NEAR(r.tendency, (1 + far) / 2, 1e-9);
  const double half_width = 1.96 * (1 - far) / 2 / std::sqrt(20.0);
  EXPECT_NEAR(in.tendency.low, r.tendency - half_width, 0.06 * (1 - far));
  EXPECT_NEAR(in.tendency.high, r.tendency + half_width, 0.06 * (1 - far));
  // The shots alternate, like shot and reverse shot: the automatic run length sees it and draws
  // runs that each hold both kinds, so the share of such a film is known far better than a coin's.
  const auto alternating = template_intervals(r, pointers(shots), {});
  EXPECT_LE(alternating.shares[0].low, 0.5);
  EXPECT_GE(alternating.shares[0].high, 0.5);
  EXPECT_LT(alternating.shares[0].high - alternating.shares[0].low, 0.1);
}

// Cyberpunk neon needs neon: Planet Blupi's history2 is dark, colourful, cool and contrasty but has
// no glowing cyan or magenta (neon share 0, as measured) and does not use it; with its other
// criteria met a shot needs a neon share of 0.0055 (0.03 − 2.04 × 0.012).
TEST(Templates, CyberpunkNeonNeedsNeon) {
  const auto& cyberpunk = builtin("cyberpunk-neon");
  const auto measured = [](double neon, double lightness, double colourfulness, double cct, double contrast) {
    return shot(1, {{"color.neon_share", neon}, {"color.lightness_mean", lightness}, {"color.colorfulness", colourfulness},
                    {"color.cct_k", cct}, {"color.contrast_rms", contrast}});
  };
  EXPECT_LT(template_match(cyberpunk, measured(0.0, 33.5, 67.8, 9960, 0.21)), 0.4);  // history2
  EXPECT_GT(template_match(cyberpunk, measured(0.0129, 35.2, 60, 8900, 0.2)), 0.6);  // the cyan-magenta regrade's median shot
  EXPECT_GT(template_match(cyberpunk, measured(0.0056, 30, 40, 8000, 0.2)), 0.5);
  EXPECT_LT(template_match(cyberpunk, measured(0.0054, 30, 40, 8000, 0.2)), 0.5);
}

TEST(Templates, MatchFallsOffWithDistanceAndOneSidedTargetsOnlyPenaliseOneSide) {
  TemplateTarget near{"color.colorfulness", TargetKind::Near, 40, 10, 1};
  EXPECT_DOUBLE_EQ(criterion_match(near, 40), 1.0);
  EXPECT_NEAR(criterion_match(near, 50), std::exp(-0.5), 1e-12);
  EXPECT_NEAR(criterion_match(near, 30), std::exp(-0.5), 1e-12);
  TemplateTarget at_least{"color.colorfulness", TargetKind::AtLeast, 40, 10, 1};
  EXPECT_DOUBLE_EQ(criterion_match(at_least, 90), 1.0);
  EXPECT_NEAR(criterion_match(at_least, 20), std::exp(-2.0), 1e-12);
  TemplateTarget at_most{"color.colorfulness", TargetKind::AtMost, 40, 10, 1};
  EXPECT_DOUBLE_EQ(criterion_match(at_most, 0), 1.0);
  // Weighted geometric mean: weights 3 and 1, matches 1 and e^-2 -> e^(-2/4).
  Template t{"x", "", "", {{"color.colorfulness", TargetKind::Near, 40, 10, 3}, {"color.lightness_mean", TargetKind::Near, 50, 10, 1}}};
  EXPECT_NEAR(template_match(t, shot(1, {{"color.colorfulness", 40}, {"color.lightness_mean", 70}})), std::exp(-0.5), 1e-12);
  // Undefined measurements carrying half the weight or more leave the match undefined.
  EXPECT_TRUE(std::isnan(template_match(t, shot(1, {{"color.lightness_mean", 50}}))));
  EXPECT_NEAR(template_match(t, shot(1, {{"color.colorfulness", 40}})), 1.0, 1e-12);
}

void expect_template_error(const std::string& text, const std::string& expected) {
  try {
    parse_template(text, "my-template.json");
    ADD_FAILURE() << "accepted: " << text;
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::InputInvalid);
    const std::string message = e.what();
    EXPECT_NE(message.find("my-template.json"), std::string::npos) << message;
    EXPECT_NE(message.find(expected), std::string::npos) << message;
  }
}

TEST(Templates, ABadTemplateFileNamesTheFileTheKeyAndWhatWasExpected) {
  const std::string head = R"({"schema": "stereotype.template", "version": 1, "name": "mine", )";
  expect_template_error("{not json", "not valid JSON");
  // Found by fuzzing: a number too large for a double is not a syntax error to nlohmann-json.
  expect_template_error(head + R"("targets": [{"metric": "color.haze", "value": 10e03122, "tolerance": 1}]})", "not valid JSON");
  expect_template_error(R"({"schema": "other", "version": 1})", "key 'schema': expected \"stereotype.template\"");
  expect_template_error(R"({"schema": "stereotype.template", "version": 2, "name": "x", "targets": []})", "key 'version'");
  expect_template_error(head + R"("targets": []})", "key 'targets': expected a non-empty array");
  expect_template_error(head + R"("targets": [{"metric": "color.sparkle", "value": 1, "tolerance": 1}]})",
                        "key 'targets[0].metric': expected a known metric key (\"color.sparkle\"");
  expect_template_error(head + R"("targets": [{"metric": "color.haze", "value": 1, "tolerance": 0}]})",
                        "key 'targets[0].tolerance': expected a number > 0");
  expect_template_error(head + R"("targets": [{"metric": "color.haze", "value": "high", "tolerance": 1}]})",
                        "key 'targets[0].value': expected a finite number");
  expect_template_error(head + R"("targets": [{"metric": "color.haze", "kind": "about", "value": 1, "tolerance": 1}]})",
                        "key 'targets[0].kind'");
  expect_template_error(R"({"schema": "stereotype.template", "version": 1, "name": "Bad Name", "targets": []})", "key 'name'");
  const auto good = parse_template(head + R"("targets": [{"metric": "color.haze", "kind": "at_least", "value": 0.2, "tolerance": 0.05}]})", "x");
  EXPECT_EQ(good.name, "mine");
  EXPECT_EQ(good.targets.at(0).kind, TargetKind::AtLeast);
  EXPECT_DOUBLE_EQ(good.targets.at(0).weight, 1.0);
  EXPECT_THROW(load_template("/no/such/template.json"), Error);
}

// Shots each far out along a style dimension of their own: any m of them have a Vendi score of m.
std::vector<ShotStyle> far_apart(int n) {
  std::vector<ShotStyle> shots;
  const auto dims = style_dimensions();
  for (int i = 0; i < n; ++i) {
    std::map<std::string, double> m;
    for (int d = 0; d < n; ++d) {
      const auto* info = find_metric(dims[static_cast<std::size_t>(d)]);
      m[info->key] = d == i ? 100 * info->style_unit : 0.0;
    }
    shots.push_back(shot(i + 1, m));
  }
  return shots;
}

// Two sides compare at the smaller one's number of shots: 3 of 7 far-apart shots are 3 distinct
// shots, whichever 3; two films made the same way, one six times longer, differ in their Vendi
// ratios by far more than the 25 % the comparison reports, and not at a common size.
TEST(Diversity, TwoSidesCompareAtTheSmallerSidesNumberOfShots) {
  const auto seven = far_apart(7), three = far_apart(3);
  const auto c = vendi_at_common_size(pointers(seven), pointers(three), 1);
  EXPECT_EQ(c.shots, 3);
  EXPECT_NEAR(c.a, 3.0, 1e-6);
  EXPECT_NEAR(c.b, 3.0, 1e-6);
  EXPECT_EQ(c.subsets_a, 35);  // C(7, 3): every subset, fewer than kMaxRarefactionSubsets
  EXPECT_EQ(c.subsets_b, 0);
  EXPECT_NEAR(measure_diversity(pointers(seven)).vendi, 7.0, 1e-6);

  const auto short_film = varied_film(15, 21), long_film = varied_film(90, 22);
  const auto ds = measure_diversity(pointers(short_film)), dl = measure_diversity(pointers(long_film));
  const auto common = vendi_at_common_size(pointers(short_film), pointers(long_film), 1);
  std::printf("vendi 15 shots %.2f (ratio %.3f), 90 shots %.2f (ratio %.3f); at 15: %.2f and %.2f\n", ds.vendi, ds.vendi_ratio, dl.vendi,
              dl.vendi_ratio, common.a, common.b);
  EXPECT_EQ(common.shots, 15);
  EXPECT_DOUBLE_EQ(common.a, ds.vendi);
  EXPECT_GT(std::abs(std::log(dl.vendi_ratio / ds.vendi_ratio)), std::log(1.25));
  EXPECT_LT(std::abs(std::log(common.b / common.a)), std::log(1.1));
  // The same seed, the same subsets.
  EXPECT_EQ(vendi_at_common_size(pointers(short_film), pointers(long_film), 1).b, common.b);

  // The comparison's line: none for the two films made the same way (their Vendi ratios alone
  // would have called the longer one 2.6 times as homogeneous); one for a film of one repeated
  // shot against far-apart shots.
  report::Comparison page;
  page.a.label = "the original";
  page.b.label = "the remake";
  const auto side_style = [](const std::vector<ShotStyle>& shots) {
    nlohmann::ordered_json style;
    style["diversity"]["diversity.shots"] = shots.size();
    return style;
  };
  page.a.style = side_style(short_film);
  page.b.style = side_style(long_film);
  page.homogeneity = common;
  page.homogeneity_test = homogeneity_test(pointers(short_film), pointers(long_film), 1, 200);
  EXPECT_GT(page.homogeneity_test.p_value, 0.05);
  EXPECT_TRUE(report::side_lines(page).empty());
  std::vector<ShotStyle> repeated;
  for (int i = 1; i <= 12; ++i) repeated.push_back(shot(i, {{"color.colorfulness", 30}}));
  page.a.style = side_style(seven);
  page.b.style = side_style(repeated);
  page.homogeneity = vendi_at_common_size(pointers(seven), pointers(repeated), 1);
  page.homogeneity_test = homogeneity_test(pointers(seven), pointers(repeated), 1, 200);
  EXPECT_FALSE(page.homogeneity_test.films);
  const auto lines = report::side_lines(page);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0],
            fmt::format("the remake is more homogeneous: 7 of its 12 shots are on average 1.0 effectively distinct shots, the original's 7 shots 7.0 "
                        "(Vendi ratios at 7 shots: 0.14 against 1.00; p = {:.3f})",
                        page.homogeneity_test.p_value));
  EXPECT_LE(page.homogeneity_test.p_value, 0.05);
  // As different, but with a p-value sides drawn alike often reach: no line.
  page.homogeneity_test.p_value = 0.2;
  EXPECT_TRUE(report::side_lines(page).empty());
  page.homogeneity_test.p_value = 0.01;
  // A side past kMaxDiversityShots counts every k-th shot, without subsets: still "m of its n".
  page.a.style["diversity"]["diversity.shots"] = 900;
  page.b.style["diversity"]["diversity.shots"] = 1000;
  page.homogeneity = {450, 40.0, 20.0, 0, 0};
  EXPECT_EQ(report::side_lines(page).at(0),
            "the remake is more homogeneous: 450 of its 1000 shots are 20.0 effectively distinct shots, 450 of the original's 900 shots 40.0 "
            "(Vendi ratios at 450 shots: 0.04 against 0.09; p = 0.010)");
}

// Shots spread over the style space by `spread` style units per dimension, each film of a corpus
// (`films` > 1, named apart) moved by its own offset of `film_spread`.
std::vector<ShotStyle> spread_shots(int n, std::uint64_t seed, double spread, int films = 1, double film_spread = 0) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> z(0, 1);
  std::vector<ShotStyle> shots;
  for (int f = 0; f < films; ++f) {
    std::map<std::string, double> own;
    for (const auto& info : metric_catalog()) own[info.key] = film_spread * z(rng);
    for (int i = 0; i < n; ++i) {
      std::map<std::string, double> m;
      for (const auto& info : metric_catalog()) m[info.key] = (info.style_unit > 0 ? info.style_unit : 1.0) * (own[info.key] + spread * z(rng));
      shots.push_back(shot(i + 1, m));
      shots.back().film = "film " + std::to_string(f);
    }
  }
  return shots;
}

// The homogeneity line's p-value. Two films of 30 independent shots from one process: p ≤ 0.05
// about 5 % of the time; a film whose shots are spread half as far (more homogeneous): nearly
// always. Two corpora of four films whose films differ from one another: whole films change
// sides, and shuffling shots instead would find the corpora different far more often.
TEST(Diversity, TheHomogeneityLinesPValueHoldsItsLevelAndFindsAHomogeneousFilm) {
  int null_rejections = 0, found = 0;
  const int pairs = 100;
  for (int t = 0; t < pairs; ++t) {
    const auto a = spread_shots(30, 100 + 3 * t, 1.0), b = spread_shots(30, 101 + 3 * t, 1.0), h = spread_shots(30, 102 + 3 * t, 0.5);
    const auto same = homogeneity_test(pointers(a), pointers(b), static_cast<std::uint64_t>(t), 200);
    EXPECT_EQ(same.shots, 30);
    EXPECT_FALSE(same.films);
    EXPECT_GE(same.run, 1);
    null_rejections += same.p_value <= 0.05;
    found += homogeneity_test(pointers(a), pointers(h), static_cast<std::uint64_t>(t), 200).p_value <= 0.05;
  }
  int corpus_rejections = 0, as_shots_rejections = 0;
  for (int t = 0; t < pairs; ++t) {
    auto a = spread_shots(8, 900 + 2 * t, 0.6, 4, 0.8), b = spread_shots(8, 901 + 2 * t, 0.6, 4, 0.8);
    const auto corpora = homogeneity_test(pointers(a), pointers(b), static_cast<std::uint64_t>(t), 200);
    EXPECT_TRUE(corpora.films);
    corpus_rejections += corpora.p_value <= 0.05;
    for (auto* side : {&a, &b})
      for (auto& s : *side) s.film = "film";
    as_shots_rejections += homogeneity_test(pointers(a), pointers(b), static_cast<std::uint64_t>(t), 200, 1).p_value <= 0.05;
  }
  std::printf("homogeneity p <= 0.05: same process %d of %d, half the spread %d; corpora film by film %d, shot by shot %d\n", null_rejections, pairs,
              found, corpus_rejections, as_shots_rejections);
  EXPECT_LE(null_rejections, 10);
  EXPECT_GE(found, 95);
  EXPECT_LE(corpus_rejections, 10);
  EXPECT_GT(as_shots_rejections, corpus_rejections + 10);
  // Fewer than 3 shots a side: no test.
  const auto two = spread_shots(2, 5, 1.0);
  EXPECT_TRUE(std::isnan(homogeneity_test(pointers(two), pointers(spread_shots(30, 6, 1.0)), 1, 200).p_value));
  // The same seed, the same p-value.
  const auto a = spread_shots(20, 7, 1.0), b = spread_shots(25, 8, 0.8);
  EXPECT_EQ(homogeneity_test(pointers(a), pointers(b), 3, 100).p_value, homogeneity_test(pointers(a), pointers(b), 3, 100).p_value);
}

TEST(Diversity, IdenticalShotsHaveVendiOneAndFarApartShotsVendiN) {
  std::vector<ShotStyle> same;
  for (int i = 1; i <= 7; ++i) same.push_back(shot(i, {{"color.colorfulness", 30}, {"composition.symmetry_lr", 0.5}}));
  const auto d = measure_diversity(pointers(same));
  EXPECT_NEAR(d.vendi, 1.0, 1e-9);
  EXPECT_NEAR(d.vendi_ratio, 1.0 / 7, 1e-9);
  EXPECT_NEAR(d.mean_pairwise, 0.0, 1e-12);
  EXPECT_NEAR(d.style_entropy, 0.0, 1e-12);
  EXPECT_EQ(d.style_clusters, 1);

  // Orthogonal: each shot 100 style units out along a dimension of its own, 0 in the others.
  std::vector<ShotStyle> apart;
  const auto dims = style_dimensions();
  for (int i = 0; i < 7; ++i) {
    std::map<std::string, double> m;
    for (int d = 0; d < 7; ++d) {
      const auto* info = find_metric(dims[static_cast<std::size_t>(d)]);
      m[info->key] = d == i ? 100 * info->style_unit : 0.0;
    }
    apart.push_back(shot(i + 1, m));
  }
  const auto e = measure_diversity(pointers(apart));
  EXPECT_NEAR(e.vendi, 7.0, 1e-6);
  // Every pair 100 units apart in two dimensions: RMS per dimension 100 sqrt(2 / D).
  EXPECT_NEAR(e.mean_pairwise, 100.0 * std::sqrt(2.0 / static_cast<double>(dims.size())), 1e-9);
  EXPECT_NEAR(e.style_entropy, 1.0, 1e-12);
  EXPECT_EQ(e.style_clusters, 7);
  // And in between: a real spread is more than one shot and fewer than all.
  const auto mixed = varied_film(20, 5);
  const double v = measure_diversity(pointers(mixed)).vendi;
  EXPECT_GT(v, 1.5);
  EXPECT_LT(v, 20.0);
}

TEST(Diversity, TypicalityIsOneForIdenticalKeyFramesAndLowerForUnrelatedOnes) {
  std::vector<ShotStyle> same(5, shot(1, {})), mixed;
  for (auto& s : same) {
    s.signature.valid = true;
    for (std::size_t i = 0; i < s.signature.thumb.size(); ++i) s.signature.thumb[i] = static_cast<std::uint8_t>((i * 7) % 256);
  }
  EXPECT_NEAR(typicality(pointers(same)), 1.0, 1e-9);
  std::mt19937 rng(11);
  for (int k = 0; k < 5; ++k) {
    auto s = shot(k + 1, {});
    s.signature.valid = true;
    for (auto& v : s.signature.thumb) v = static_cast<std::uint8_t>(rng() % 256);
    mixed.push_back(s);
  }
  EXPECT_LT(typicality(pointers(mixed)), 0.6);
}

TEST(Comparison, CliffsDeltaOnKnownSamples) {
  EXPECT_DOUBLE_EQ(cliffs_delta({1, 2, 3}, {4, 5, 6}), 1.0);
  EXPECT_DOUBLE_EQ(cliffs_delta({4, 5, 6}, {1, 2, 3}), -1.0);
  EXPECT_DOUBLE_EQ(cliffs_delta({1, 2, 3}, {1, 2, 3}), 0.0);
  // Pairs (a, b): b > a in 6 of 9, b < a in 1, ties 2 -> (6 - 1) / 9.
  EXPECT_NEAR(cliffs_delta({1, 2, 3}, {2, 3, 4}), 5.0 / 9, 1e-12);
  // Greater and lesser pairs balance: 4 each -> 0.
  EXPECT_NEAR(cliffs_delta({1, 3, 5}, {2, 3, 4}), 0.0, 1e-12);
  EXPECT_EQ(magnitude_of(0.1), "negligible");
  EXPECT_EQ(magnitude_of(-0.2), "small");
  EXPECT_EQ(magnitude_of(0.4), "medium");
  EXPECT_EQ(magnitude_of(-0.6), "large");
}

// Newcombe's score interval: at δ = 0 with many values it is the normal interval of the
// Mann–Whitney statistic under the null (variance (m + n + 1) / (12 m n) for θ); its limits solve
// (θ̂ − θ)² = z² V(θ); at complete separation it stays an interval.
TEST(Comparison, TheScoreIntervalOfDeltaSolvesItsEquationAndNeverCollapses) {
  const double z = 1.959963984540054;
  const auto hanley_mcneil = [](double t, double m, double n) {
    const double star = (m + n) / 2 - 1;
    return t * (1 - t) * (1 + star * (1 - t) / (2 - t) + star * t / (1 + t)) / (m * n);
  };
  const auto null = delta_score_interval(0.0, 200, 200);
  EXPECT_NEAR(null.high, 2 * z * std::sqrt(401.0 / (12.0 * 200 * 200)), 0.002);
  EXPECT_NEAR(null.low, -null.high, 1e-9);
  for (const auto& [d, m, n] : std::vector<std::tuple<double, double, double>>{{0.5, 30, 30}, {0.3, 10, 50}, {1.0, 4, 4}, {-1.0, 4, 7}}) {
    const auto i = delta_score_interval(d, m, n);
    const double observed = (d + 1) / 2;
    for (const double limit : {i.low, i.high}) {
      const double t = (limit + 1) / 2;
      if (t == 0.0 || t == 1.0) continue;  // the edge the estimate sits on
      EXPECT_NEAR((observed - t) * (observed - t), z * z * hanley_mcneil(t, m, n), 1e-9) << d << " " << m << " " << n;
    }
    if (d > -1) {
      EXPECT_LT(i.low, d);
    }
    if (d < 1) {
      EXPECT_GT(i.high, d);
    }
  }
  // Four films a side entirely apart: θ = 1 is not certainty.
  const auto apart = delta_score_interval(1.0, 4, 4);
  EXPECT_DOUBLE_EQ(apart.high, 1.0);
  EXPECT_NEAR(apart.low, 0.1646, 5e-4);
  EXPECT_NEAR(delta_score_interval(-1.0, 100, 100).high, -0.9609, 5e-4);
}

// What the score interval counts: one film's runs, a corpus's films where each film's shots are
// alike, every shot where films differ no more than their shots.
TEST(Comparison, ASidesShotsAreWorthItsFilmsWhenEachFilmsShotsAreAlike) {
  const auto units = [](const std::vector<double>& v, const std::vector<int>& film, std::size_t run) {
    return effective_units(v, ShotResampler(v, film, run));
  };
  EXPECT_DOUBLE_EQ(units({1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, {}, 3), 4.0);
  EXPECT_DOUBLE_EQ(units({1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, {}, 1), 10.0);
  // Three films of four shots, each film's shots alike and apart from the others': ρ = 1, three units.
  const std::vector<int> films = {0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2};
  EXPECT_NEAR(units({1, 1, 1, 1, 11, 11, 11, 11, 21, 21, 21, 21}, films, 2), 3.0, 1e-9);
  // Apart but each spread over four ranks: film mean ranks 1.5, 5.5, 9.5, MSB = 4 (16 + 0 + 16) / 2
  // = 64, MSW = 15 / 9, n0 = 4, ρ = (64 − 5/3) / (64 + 3 · 5/3) = 0.9034, 12 / (1 + 3ρ) = 3.234.
  EXPECT_NEAR(units({1, 2, 3, 4, 11, 12, 13, 14, 21, 22, 23, 24}, films, 2), 12.0 / (1 + 3 * (64 - 5.0 / 3) / 69), 1e-9);
  EXPECT_NEAR(units({1, 2, 3, 4, 11, 12, 13, 14, 21, 22, 23, 24}, films, 2), 3.234, 1e-3);
  // The same shots spread so that every film's mean rank is the same: ρ = 0, twelve.
  EXPECT_NEAR(units({1, 6, 7, 12, 2, 5, 8, 11, 3, 4, 9, 10}, films, 2), 12.0, 1e-9);
  // One shot a film: each film is one unit.
  EXPECT_NEAR(units({5, 1, 3, 2}, {0, 1, 2, 3}, 1), 4.0, 1e-9);
}

// The default comparison's camera side is four clips of one shot each, all brighter than every
// rendered shot: every bootstrap resample gives δ = −1, the interval the point; with the score
// interval it says how little four films can show.
TEST(Comparison, CompleteSeparationOfFewFilmsKeepsAnInterval) {
  std::vector<ShotStyle> a, b;
  for (int f = 0; f < 4; ++f) {
    a.push_back(shot(1, {{"color.lightness_mean", 60.0 + f}}));
    a.back().film = "camera " + std::to_string(f);
    for (int i = 0; i < 2; ++i) {
      b.push_back(shot(i + 1, {{"color.lightness_mean", 20.0 + f + 0.5 * i}}));
      b.back().film = "rendered " + std::to_string(f);
    }
  }
  const auto m = compare_metrics(pointers(a), pointers(b), {"color.lightness_mean"}, {1, 1000, 1000, 0})[0];
  EXPECT_DOUBLE_EQ(m.delta, -1.0);
  EXPECT_DOUBLE_EQ(m.ci_low, -1.0);
  EXPECT_DOUBLE_EQ(m.units_a, 4.0);
  EXPECT_GT(m.units_b, 4.0 - 1e-9);
  EXPECT_LT(m.units_b, 8.0 + 1e-9);
  const auto score = delta_score_interval(-1.0, m.units_a, m.units_b);
  EXPECT_DOUBLE_EQ(m.ci_high, score.high);
  EXPECT_GT(m.ci_high, -0.5);
  EXPECT_LT(m.ci_high, -0.1);
}

std::vector<std::string> all_keys() {
  std::vector<std::string> keys;
  for (const auto& m : metric_catalog()) keys.push_back(m.key);
  return keys;
}

TEST(Comparison, IdenticalFilmsHaveNoDifferenceAndEveryIntervalCoversZero) {
  const auto film = varied_film(25, 1);
  const auto r = compare_metrics(pointers(film), pointers(film), all_keys(), {});
  for (const auto& m : r) {
    EXPECT_NEAR(m.delta, 0.0, 1e-12) << m.key;
    EXPECT_LE(m.ci_low, 0.0) << m.key;
    EXPECT_GE(m.ci_high, 0.0) << m.key;
    EXPECT_GT(m.p_value, 0.9) << m.key;
    EXPECT_DOUBLE_EQ(m.median_a, m.median_b) << m.key;
  }
  EXPECT_TRUE(plain_lines(r).empty());
}

TEST(Comparison, AShiftedFilmIsFoundWithAnIntervalExcludingZeroAndAPlainLine) {
  const auto a = varied_film(25, 1), b = varied_film(25, 2, 2.0);  // B two style units above A in everything
  const auto r = compare_metrics(pointers(a), pointers(b), {"color.colorfulness", "composition.symmetry_lr"}, {});
  for (const auto& m : r) {
    EXPECT_GT(m.delta, 0.7) << m.key;
    EXPECT_GT(m.ci_low, 0.4) << m.key;
    EXPECT_LT(m.p_value, 0.01) << m.key;
    EXPECT_EQ(m.magnitude, "large");
  }
  const auto lines = plain_lines(r, "the remake");
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_NE(lines[0].find("the remake's shots are far more"), std::string::npos) << lines[0];
}

// A film of scenes: 3 to 7 consecutive shots share an offset that carries a share `icc` of the
// variance (the intra-class correlation; 0: independent shots), as in tests/intervals_test.cpp.
std::vector<ShotStyle> film_of_scenes(int n, std::uint64_t seed, double icc) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> z(0, 1);
  std::vector<ShotStyle> shots;
  double scene = 0;
  int left = 0;
  for (int i = 0; i < n; ++i) {
    if (left == 0) {
      scene = std::sqrt(icc) * z(rng);
      left = 3 + static_cast<int>(rng() % 5);
    }
    --left;
    shots.push_back(shot(i + 1, {{"color.colorfulness", 30 + 10 * (scene + std::sqrt(1 - icc) * z(rng))}}));
  }
  return shots;
}

struct Rejections {
  double by_shot = 0, by_run = 0, mean_run = 0;
};

// How often two films of `n` shots made by one process are found different at p <= 0.05.
Rejections null_rejections(int n, double icc, int trials) {
  Rejections r;
  for (int t = 0; t < trials; ++t) {
    const auto a = film_of_scenes(n, 1000 + 2 * t, icc), b = film_of_scenes(n, 1001 + 2 * t, icc);
    const auto seed = static_cast<std::uint64_t>(t);
    const auto shots = compare_metrics(pointers(a), pointers(b), {"color.colorfulness"}, {seed, 1, 400, 1});
    const auto runs = compare_metrics(pointers(a), pointers(b), {"color.colorfulness"}, {seed, 1, 400, 0});
    EXPECT_EQ(shots[0].p_value_run, 1);
    r.by_shot += shots[0].p_value <= 0.05;
    r.by_run += runs[0].p_value <= 0.05;
    r.mean_run += runs[0].p_value_run;
  }
  r.by_shot /= trials;
  r.by_run /= trials;
  r.mean_run /= trials;
  return r;
}

// Two films made of scenes by one process: no difference to find. Shuffling shot by shot treats
// every shot of a scene as a witness of its own and finds a difference at p <= 0.05 about a
// quarter of the time; shuffling runs of neighbours brings that near 5 %. With independent shots
// the runs are about 1 long and both are the ordinary test, right 5 % of the time.
TEST(Comparison, ThePValueOfFilmsMadeOfScenesShufflesRunsOfNeighbours) {
  const auto scenes = null_rejections(150, 0.5, 200);
  EXPECT_GT(scenes.by_shot, 0.15);
  EXPECT_LT(scenes.by_run, 0.12);
  EXPECT_GT(scenes.mean_run, 4.0);
  const auto independent = null_rejections(150, 0.0, 200);
  EXPECT_LT(independent.mean_run, 2.0);
  EXPECT_LT(independent.by_shot, 0.09);
  EXPECT_LT(independent.by_run, 0.09);
  std::printf("rejections at 5 %%: scenes shot by shot %.3f, runs %.3f (mean run %.1f); independent %.3f, %.3f (%.1f)\n", scenes.by_shot,
              scenes.by_run, scenes.mean_run, independent.by_shot, independent.by_run, independent.mean_run);
}

// A corpus of `films` films of `shots` shots from one process: each film has its own offset (its
// grading, its sets), carrying a share `icc` of the variance. `pooled_as_one` names every shot
// "film", which resamples the corpus as one film's shots, as earlier versions did.
std::vector<ShotStyle> corpus_of_films(int films, int shots, std::uint64_t seed, double icc, bool pooled_as_one = false) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> z(0, 1);
  std::vector<ShotStyle> out;
  for (int f = 0; f < films; ++f) {
    const double own = std::sqrt(icc) * z(rng);
    for (int i = 0; i < shots; ++i) {
      out.push_back(shot(i + 1, {{"color.colorfulness", 30 + 10 * (own + std::sqrt(1 - icc) * z(rng))}}));
      out.back().film = pooled_as_one ? "film" : "film " + std::to_string(f);
    }
  }
  return out;
}

struct CorpusRejections {
  double interval = 0, p_value = 0;  // share of corpus pairs whose interval excludes 0, whose p <= 0.05
  bool by_film = true;               // every comparison shuffled films
};

CorpusRejections corpus_null_rejections(int films, double icc, bool pooled_as_one, int trials) {
  CorpusRejections r;
  for (int t = 0; t < trials; ++t) {
    const auto a = corpus_of_films(films, 30, 5000 + 2 * t, icc, pooled_as_one), b = corpus_of_films(films, 30, 5001 + 2 * t, icc, pooled_as_one);
    const auto m = compare_metrics(pointers(a), pointers(b), {"color.colorfulness"}, {static_cast<std::uint64_t>(t), 400, 400, 0})[0];
    r.interval += m.ci_low > 0 || m.ci_high < 0;
    r.p_value += m.p_value <= 0.05;
    r.by_film = r.by_film && m.p_value_films && m.p_value_run == 0;
  }
  r.interval /= trials;
  r.p_value /= trials;
  return r;
}

// Two corpora of five films each, made by one process whose films differ (a fifth of the variance
// is the film's own): no difference to find. Resampled and shuffled shot by shot, as one film's
// shots, the corpora look like samples of 150 shots and differ "significantly" a third of the
// time (measured: interval 36.5 %, p-value 31.0 %); resampled film by film (two-stage) and
// shuffled film by film, the interval one time in ten (five films are few for a bootstrap) and
// the p-value less than the 5 % it claims (10.5 % and 2.5 %).
TEST(Comparison, TwoCorporaAreResampledAndShuffledFilmByFilm) {
  const auto as_shots = corpus_null_rejections(5, 0.2, true, 200);
  const auto by_film = corpus_null_rejections(5, 0.2, false, 200);
  EXPECT_FALSE(as_shots.by_film);
  EXPECT_TRUE(by_film.by_film);
  EXPECT_GT(as_shots.interval, 0.2);
  EXPECT_GT(as_shots.p_value, 0.2);
  EXPECT_LT(by_film.interval, 0.13);
  EXPECT_LT(by_film.p_value, 0.09);
  // Films that do not differ from one another: the two-stage interval is then wider than it needs
  // be (it counts the shots' spread twice), never narrower.
  const auto alike = corpus_null_rejections(5, 0.0, false, 200);
  EXPECT_LT(alike.interval, 0.06);
  EXPECT_LT(alike.p_value, 0.09);
  std::printf("corpora of 5 films, icc 0.2, at 5 %%: as shots interval %.3f p %.3f; by film %.3f %.3f; icc 0: %.3f %.3f\n", as_shots.interval,
              as_shots.p_value, by_film.interval, by_film.p_value, alike.interval, alike.p_value);
}

// Whole films change sides, so the p-value cannot be smaller than the share of the splits of the
// films into two sides that are at least as extreme: three films a side, entirely apart, are 2 of
// C(6, 3) = 20 splits (the split and its mirror), p ≈ 0.1, never notable; four a side 2 of 70.
TEST(Comparison, FewFilmsASideCannotBeToldApartAtFivePercent) {
  const auto apart = [](int films) {
    std::vector<ShotStyle> a, b;
    for (int f = 0; f < films; ++f)
      for (int i = 0; i < 8; ++i) {
        a.push_back(shot(i + 1, {{"color.colorfulness", 10.0 + f + 0.1 * i}}));
        a.back().film = "a" + std::to_string(f);
        b.push_back(shot(i + 1, {{"color.colorfulness", 50.0 + f + 0.1 * i}}));
        b.back().film = "b" + std::to_string(f);
      }
    return compare_metrics(pointers(a), pointers(b), {"color.colorfulness"}, {3, 1000, 2000, 0})[0];
  };
  const auto three = apart(3), four = apart(4);
  EXPECT_DOUBLE_EQ(three.delta, 1.0);
  EXPECT_TRUE(three.p_value_films);
  EXPECT_NEAR(three.p_value, 2.0 / 20, 0.02);
  EXPECT_DOUBLE_EQ(smallest_film_p_value(3, 3), 0.1);
  EXPECT_DOUBLE_EQ(smallest_film_p_value(4, 4), 2.0 / 70);
  EXPECT_DOUBLE_EQ(smallest_film_p_value(2, 6), 1.0 / 28);
  EXPECT_TRUE(plain_lines({three}).empty());
  EXPECT_NEAR(four.p_value, 2.0 / 70, 0.01);
  EXPECT_EQ(plain_lines({four}).size(), 1u);
  // A film against a corpus: no split of films to shuffle, runs of shots as for two films.
  auto one = corpus_of_films(1, 24, 9, 0.0);
  const auto corpus = corpus_of_films(4, 6, 10, 0.0);
  const auto m = compare_metrics(pointers(one), pointers(corpus), {"color.colorfulness"}, {3, 200, 200, 0})[0];
  EXPECT_FALSE(m.p_value_films);
  EXPECT_GE(m.p_value_run, 1);
  EXPECT_EQ(m.among.film_side, 'a');
  EXPECT_EQ(m.among.films, 4);
  EXPECT_EQ(three.among.film_side, 0);  // two corpora: no single film
}

// A film among a corpus's films: its median's rank among the n + 1, ties counted against it.
TEST(Comparison, AFilmAgainstACorpusIsRankedAmongItsFilms) {
  auto r = film_among_films(10, {1, 2, 3, 4}, 'b');
  EXPECT_EQ(r.films, 4);
  EXPECT_EQ(r.below, 4);
  EXPECT_EQ(r.above, 0);
  EXPECT_DOUBLE_EQ(r.p_value, 2.0 / 5);  // the highest of five: 1/5, both ways
  r = film_among_films(10, {10, 1, 2, std::nan("")}, 'a');
  EXPECT_EQ(r.films, 3);
  EXPECT_EQ(r.below, 2);
  EXPECT_DOUBLE_EQ(r.p_value, 1.0);  // tied with the highest: 2 of 4, doubled
  EXPECT_DOUBLE_EQ(film_among_films(0, std::vector<double>(39, 1.0), 'a').p_value, 2.0 / 40);
  // A film from the corpus's own process, its films with looks of their own (a fifth of the
  // variance; 10 shots a film): δ finds it notably different from the films taken together in a
  // sixth of the pairs (16 of 100), its rank among 39 films at p <= 0.05 in 5.
  int by_delta = 0, by_rank = 0;
  const int pairs = 100;
  for (int t = 0; t < pairs; ++t) {
    const auto film = corpus_of_films(1, 10, 7000 + 2 * t, 0.2), many = corpus_of_films(39, 10, 7001 + 2 * t, 0.2);
    const auto c = compare_metrics(pointers(film), pointers(many), {"color.colorfulness"}, {static_cast<std::uint64_t>(t), 200, 200, 0})[0];
    by_delta += !plain_lines({c}).empty();
    by_rank += c.among.p_value <= 0.05;
  }
  std::printf("a film of the corpus's own process: notable by delta in %d of %d pairs, by its rank among 39 films in %d\n", by_delta, pairs, by_rank);
  EXPECT_GT(by_delta, 8);
  EXPECT_LE(by_rank, 10);
  // The line says where the film falls.
  MetricComparison line;
  line.key = "color.colorfulness";
  line.delta = 0.8;
  line.ci_low = 0.6;
  line.ci_high = 0.9;
  line.p_value = 0.001;
  line.among = film_among_films(50, {10, 20, 30, 60}, 'b');
  EXPECT_EQ(plain_lines({line}, "the remake", "the classics").at(0),
            "the remake's shots are far more colourful: δ = 0.80 [0.60, 0.90] (color.colorfulness, p = 0.001); its median above those of 3 of "
            "the classics's 4 films (p = 0.800)");
  line.among = film_among_films(50, {10, 20, 30}, 'a');
  line.delta = -0.8;
  line.ci_low = -0.9;
  line.ci_high = -0.6;
  EXPECT_EQ(plain_lines({line}, "the remakes", "the classic").at(0),
            "the remakes's shots are far less colourful: δ = -0.80 [-0.90, -0.60] (color.colorfulness, p = 0.001); the medians of all 3 of its "
            "films below the classic's (p = 0.500)");
}

// The template tendency's difference: screen-time-weighted means, B − A, with the δ's resampling.
TEST(Comparison, TheTemplateTendenciesDifferenceHasAnIntervalAndAPValue) {
  // Weighted by screen time: A's shots 0 (1 s) and 1 (3 s) average 0.75.
  const auto weighted = compare_means({{0.0, 1.0}, {1.0, 3.0}}, {}, {{0.5, 2.0}, {0.5, 2.0}}, {}, "template.tendency", {1, 200, 200, 0});
  EXPECT_DOUBLE_EQ(weighted.mean_a, 0.75);
  EXPECT_DOUBLE_EQ(weighted.difference, -0.25);
  // Ten shots at 0.2 against ten at 0.8: every resample differs by 0.6; of the C(20, 10) splits
  // only the observed and its mirror are as far apart, so p is 1 / 1001.
  std::vector<std::pair<double, double>> low(10, {0.2, 2.0}), high(10, {0.8, 2.0});
  const auto apart = compare_means(low, {}, high, {}, "template.tendency", {1, 1000, 1000, 1});
  EXPECT_NEAR(apart.difference, 0.6, 1e-12);
  EXPECT_NEAR(apart.ci_low, 0.6, 1e-12);
  EXPECT_NEAR(apart.ci_high, 0.6, 1e-12);
  EXPECT_DOUBLE_EQ(apart.p_value, 1.0 / 1001);
  EXPECT_EQ(apart.p_value_run, 1);
  // Two films of 30 shots from one process, of unequal screen times: p <= 0.05 about 5 % of the
  // time (measured 9 of 200), and so does the expanded interval (11 of 200; the plain percentile
  // interval 19: it falls short with few shots of unequal weight). Two corpora shuffle whole films.
  std::mt19937_64 rng(12);
  std::normal_distribution<double> z(0, 1);
  int excluded = 0, rejected = 0;
  const int pairs = 200;
  for (int t = 0; t < pairs; ++t) {
    std::vector<std::pair<double, double>> a, b;
    for (int i = 0; i < 30; ++i) {
      a.emplace_back(0.5 + 0.2 * z(rng), 1.0 + (rng() % 5));
      b.emplace_back(0.5 + 0.2 * z(rng), 1.0 + (rng() % 5));
    }
    const auto m = compare_means(a, {}, b, {}, "template.tendency", {static_cast<std::uint64_t>(t), 400, 400, 0});
    excluded += m.ci_low > 0 || m.ci_high < 0;
    rejected += m.p_value <= 0.05;
  }
  std::printf("tendency difference of one process: interval excludes 0 in %d of %d, p <= 0.05 in %d\n", excluded, pairs, rejected);
  EXPECT_LE(excluded, 17);
  EXPECT_LE(rejected, 17);
  // Four films of one shot a side, of unequal length: the plain percentile interval left 0 out in
  // 29 of these 200 pairs from one process; the expanded one, with t on few degrees of freedom, in 11.
  int few_excluded = 0;
  for (int t = 0; t < pairs; ++t) {
    std::vector<std::pair<double, double>> a, b;
    for (int i = 0; i < 4; ++i) {
      a.emplace_back(0.5 + 0.2 * z(rng), 1.0 + (rng() % 5));
      b.emplace_back(0.5 + 0.2 * z(rng), 1.0 + (rng() % 5));
    }
    const auto m = compare_means(a, {0, 1, 2, 3}, b, {0, 1, 2, 3}, "template.tendency", {static_cast<std::uint64_t>(t), 400, 10, 0});
    few_excluded += m.ci_low > 0 || m.ci_high < 0;
    EXPECT_LT(m.interval_tail, 0.025);
    // Four films, less what unequal screen time costs: with lengths of 1–5 s, at worst (1, 1, 1, 5) 8² / (4 · 28).
    EXPECT_LE(m.units_a, 4.0 + 1e-12);
    EXPECT_GE(m.units_a, 4.0 * 64.0 / 112.0 - 1e-12);
  }
  std::printf("tendency difference of four one-shot films a side: interval excludes 0 in %d of %d\n", few_excluded, pairs);
  EXPECT_LE(few_excluded, 17);
  const std::vector<int> two_films = {0, 0, 0, 1, 1, 1};
  const std::vector<std::pair<double, double>> six(6, {0.5, 1.0});
  EXPECT_TRUE(compare_means(six, two_films, six, two_films, "template.tendency", {1, 50, 50, 0}).p_value_films);

  // The line: only for a difference the shots leave no doubt about.
  report::Comparison page;
  page.a.label = "the original";
  page.b.label = "the remake";
  page.a.style["template.tendency"] = 0.2;
  page.b.style["template.tendency"] = 0.8;
  page.tendency = apart;
  const auto lines = report::side_lines(page);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0], "the remake leans more on the templates: template tendency 0.80 against 0.20 (difference +0.60 [+0.60, +0.60], p = 0.001)");
  page.tendency.p_value = 0.3;
  EXPECT_TRUE(report::side_lines(page).empty());
}

TEST(Comparison, TheExpandedPercentileIntervalUsesStudentsTWithWelchsDegreesOfFreedom) {
  // Student's t against the printed tables (Fisher & Yates): t_{0.975} on 1, 4, 9 and 30 degrees of
  // freedom, and t_{0.995} on 10; the cdf inverts it and is symmetric; many degrees of freedom give z.
  EXPECT_NEAR(measure::student_t_quantile(0.975, 1), 12.7062, 1e-4);
  EXPECT_NEAR(measure::student_t_quantile(0.975, 4), 2.7764, 1e-4);
  EXPECT_NEAR(measure::student_t_quantile(0.975, 9), 2.2622, 1e-4);
  EXPECT_NEAR(measure::student_t_quantile(0.975, 30), 2.0423, 1e-4);
  EXPECT_NEAR(measure::student_t_quantile(0.995, 10), 3.1693, 1e-4);
  EXPECT_NEAR(measure::student_t_quantile(0.025, 4), -2.7764, 1e-4);
  EXPECT_NEAR(measure::student_t_quantile(0.975, 1e7), 1.95996, 1e-4);
  EXPECT_NEAR(measure::student_t_cdf(2.7764, 4), 0.975, 1e-5);
  EXPECT_NEAR(measure::student_t_cdf(-1.0, 3) + measure::student_t_cdf(1.0, 3), 1.0, 1e-12);
  EXPECT_NEAR(measure::student_t_cdf(1.0, 1), 0.75, 1e-12);  // Cauchy: 1/2 + atan(1)/π
  EXPECT_TRUE(std::isnan(measure::student_t_quantile(1.0, 4)));
  // One side constant: Hesterberg's one-sample expansion, α'/2 = Φ(−√(n/(n−1)) t_{0.975, n−1}).
  EXPECT_NEAR(expanded_tail(0.01, 10, 0.0, 10), 0.5 * std::erfc(2.2622 * std::sqrt(10.0 / 9.0) / std::sqrt(2.0)), 1e-5);
  // Two equal sides of n units: V' = V n/(n − 1) each, ν = 2 (n − 1).
  EXPECT_NEAR(expanded_tail(0.01, 5, 0.01, 5), 0.5 * std::erfc(measure::student_t_quantile(0.975, 8) * std::sqrt(5.0 / 4.0) / std::sqrt(2.0)),
              1e-9);
  // Many units: the plain percentile interval; nothing varies: the same; a side that varies on one unit: the range.
  EXPECT_NEAR(expanded_tail(0.01, 1e6, 0.01, 1e6), 0.025, 1e-4);
  EXPECT_DOUBLE_EQ(expanded_tail(0.0, 3, 0.0, 3), 0.025);
  EXPECT_DOUBLE_EQ(expanded_tail(0.01, 1, 0.01, 30), 0.0);
  // The units of a weighted mean: 30 neighbour-free shots of equal screen time count 30; half of
  // them 3 times as long cost Kish's factor (Σw)² / (n Σw²) = 60² / (30 · 150) = 0.8.
  std::vector<double> values, equal(30, 1.0), unequal;
  for (int i = 0; i < 30; ++i) {
    values.push_back(i % 7 * 0.1 + i * 0.001);
    unequal.push_back(i % 2 ? 3.0 : 1.0);
  }
  const ShotResampler one_film(values, {}, 1);
  EXPECT_DOUBLE_EQ(mean_units(values, equal, one_film), 30.0);
  EXPECT_DOUBLE_EQ(mean_units(values, unequal, one_film), 24.0);
}

TEST(Comparison, TheSameSeedGivesTheSameNumbersAndAnotherSeedOtherResamples) {
  const auto a = varied_film(15, 3), b = varied_film(15, 4, 0.5);
  const auto keys = all_keys();
  const auto r1 = compare_metrics(pointers(a), pointers(b), keys, {7, 500, 500});
  const auto r2 = compare_metrics(pointers(a), pointers(b), keys, {7, 500, 500});
  const auto r3 = compare_metrics(pointers(a), pointers(b), keys, {8, 500, 500});
  bool any_differs = false;
  for (std::size_t i = 0; i < r1.size(); ++i) {
    EXPECT_EQ(r1[i].ci_low, r2[i].ci_low);
    EXPECT_EQ(r1[i].ci_high, r2[i].ci_high);
    EXPECT_EQ(r1[i].p_value, r2[i].p_value);
    EXPECT_EQ(r1[i].delta, r3[i].delta);  // the observed delta never depends on the seed
    any_differs = any_differs || r1[i].ci_low != r3[i].ci_low;
  }
  EXPECT_TRUE(any_differs);
  // The index draw is platform independent: pinned values.
  EXPECT_EQ(uniform_index(0, 10), 0u);
  EXPECT_EQ(uniform_index(~0ULL, 10), 9u);
  EXPECT_EQ(uniform_index(1ULL << 63, 10), 5u);
}

TEST(Alignment, AShuffledRemakeIsMatchedBackToItsOriginal) {
  std::mt19937_64 rng(21);
  std::vector<ShotStyle> original;
  for (int i = 0; i < 12; ++i) {
    auto s = shot(i + 1, {});
    s.signature.valid = true;
    s.signature.phash = rng();
    for (auto& v : s.signature.thumb) v = static_cast<std::uint8_t>(rng() % 200);
    s.signature.mean_lab = cv::Vec3f(static_cast<float>(20 + 5 * i), static_cast<float>(i % 3 * 10), -5.f);
    original.push_back(s);
  }
  // The remake: the same shots re-graded (colour moved by 12 ΔE, contrast raised, 4 hash bits
  // flipped), reordered.
  std::vector<int> order(12);
  std::iota(order.begin(), order.end(), 0);
  std::shuffle(order.begin(), order.end(), std::mt19937(4));
  std::vector<ShotStyle> remake;
  for (int k = 0; k < 12; ++k) {
    auto s = original[static_cast<std::size_t>(order[static_cast<std::size_t>(k)])];
    s.number = k + 1;
    s.signature.phash ^= 0x8000100020004000ULL;
    s.signature.mean_lab += cv::Vec3f(12.f, 0.f, 0.f);
    for (auto& v : s.signature.thumb) v = static_cast<std::uint8_t>(std::min(255.0, 20 + 1.2 * v));
    remake.push_back(s);
  }
  const auto pairs = align_shots(pointers(original), pointers(remake));
  ASSERT_EQ(pairs.size(), 12u);
  for (const auto& p : pairs) {
    EXPECT_EQ(order[static_cast<std::size_t>(p.b)], p.a);
    EXPECT_GT(p.similarity, kAlignThreshold);
  }
  // In order where the order allows it: an unshuffled remake is matched entirely in order.
  std::vector<ShotStyle> straight = original;
  for (auto& s : straight) s.signature.mean_lab += cv::Vec3f(0.f, 8.f, 0.f);
  for (const auto& p : align_shots(pointers(original), pointers(straight))) {
    EXPECT_EQ(p.a, p.b);
    EXPECT_TRUE(p.in_order);
  }
  // Unrelated films: nothing is matched.
  std::vector<ShotStyle> other;
  for (int i = 0; i < 12; ++i) {
    auto s = shot(i + 1, {});
    s.signature.valid = true;
    s.signature.phash = rng();
    for (auto& v : s.signature.thumb) v = static_cast<std::uint8_t>(rng() % 200);
    s.signature.mean_lab = cv::Vec3f(80.f, -40.f, 40.f);
    other.push_back(s);
  }
  EXPECT_TRUE(align_shots(pointers(original), pointers(other)).empty());
}

TEST(FilmStyle, ReadsShotValuesFromAProfileAndRejectsWhatIsNotOne) {
  const auto profile = nlohmann::ordered_json::parse(R"({"schema": "stereotype.profile", "version": 2, "shots": [
    {"number": 1, "start_s": 0, "duration_s": 2.5, "blank": false, "key_frame": 10,
     "color": {"color.colorfulness": {"median": 31.5, "iqr": 2}, "color.hue_band": "orange"},
     "motion": {"motion.pairs": 20, "motion.smoothness_sparc": -1.6, "motion.jerk_ldlj": null,
                "motion.camera_speed": {"midmean": 0.15, "median": 0.1, "iqr": 0.2}},
     "key_frame_signature": {"phash": "00ff00ff00ff00ff", "thumb_16x9": ")" + std::string(288, 'a') + R"(", "mean_lab": [50, 1, 2]}},
    {"number": 2, "start_s": 2.5, "duration_s": 1.0, "blank": true}]})");
  const auto film = film_style_from_profile(profile, "film", "film.profile.json");
  ASSERT_EQ(film.shots.size(), 2u);
  EXPECT_DOUBLE_EQ(film.shots[0].metric("color.colorfulness"), 31.5);
  EXPECT_DOUBLE_EQ(film.shots[0].metric("motion.smoothness_sparc"), -1.6);
  EXPECT_TRUE(std::isnan(film.shots[0].metric("motion.jerk_ldlj")));
  EXPECT_DOUBLE_EQ(film.shots[0].metric("motion.camera_speed"), 0.15);  // per-pair motion: the midmean stands for the shot
  EXPECT_TRUE(film.shots[0].signature.valid);
  EXPECT_EQ(film.shots[0].signature.phash, 0x00ff00ff00ff00ffULL);
  EXPECT_EQ(film.shots[0].signature.thumb[0], 0xaa);
  EXPECT_DOUBLE_EQ(film.duration_s, 3.5);
  EXPECT_EQ(picture_shots({film}).size(), 1u);
  EXPECT_THROW(film_style_from_profile(nlohmann::ordered_json::parse(R"({"schema": "stereotype.shots"})"), "x", "x"), Error);
  EXPECT_THROW(film_style_from_profile(nlohmann::ordered_json::parse(R"({"schema": "stereotype.profile", "shots": [{"number": 1}]})"), "x", "x"),
               Error);
}

}  // namespace
}  // namespace stereotype::test
