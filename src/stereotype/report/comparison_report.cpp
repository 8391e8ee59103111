#include "stereotype/report/comparison_report.hpp"

#include <cmath>

#include <fmt/format.h>

#include "stereotype/report/json_number.hpp"
#include "stereotype/report/style_report.hpp"

#include "stereotype/style/metric_catalog.hpp"

namespace stereotype::report {

namespace {
using nlohmann::ordered_json;
ordered_json num(double v, int places = 4) { return json_number(v, places); }

double number_at(const ordered_json& j, const std::string& a, const std::string& b = "") {
  const ordered_json* p = &j;
  if (!p->contains(a)) return std::nan("");
  p = &(*p)[a];
  if (!b.empty()) {
    if (!p->contains(b)) return std::nan("");
    p = &(*p)[b];
  }
  return p->is_number() ? p->get<double>() : std::nan("");
}

ordered_json side_json(const ComparisonSide& s) {
  ordered_json films = ordered_json::array();
  int shots = 0;
  double duration = 0;
  for (const auto& f : s.films) {
    int pictures = 0;
    for (const auto& shot : f.shots) pictures += shot.blank ? 0 : 1;
    films.push_back({{"name", f.name}, {"shots", pictures}, {"duration_s", num(f.duration_s, 3)}});
    shots += pictures;
    duration += f.duration_s;
  }
  return {{"label", s.label}, {"films", films}, {"shots", shots}, {"duration_s", num(duration, 3)}, {"style", s.style}};
}

std::string dimension_of(const std::string& key) {
  if (const auto* m = style::find_metric(key)) return m->dimension;
  if (key.rfind("template.", 0) == 0) return "templates";
  return "other";
}
}  // namespace

std::vector<std::string> side_lines(const Comparison& c) {
  std::vector<std::string> lines;
  // At a common number of shots, since the Vendi ratio of a longer film made the same way is lower.
  const auto& h = c.homogeneity;
  const double na = number_at(c.a.style, "diversity", "diversity.shots"), nb = number_at(c.b.style, "diversity", "diversity.shots");
  // A difference of more than a quarter that sides drawn from one process seldom show (p ≤ 0.05).
  const auto& test = c.homogeneity_test;
  if (h.shots >= 3 && h.a > 0 && h.b > 0 && std::abs(std::log(h.b / h.a)) > std::log(1.25) && test.p_value <= 0.05) {
    // "m of its n shots" whenever the side has more than m, drawn in subsets or, past
    // kMaxDiversityShots, every k-th of them.
    const auto part = [&](const std::string& whose, double n, double vendi, int subsets, const char* verb) {
      return n > h.shots ? fmt::format("{} of {} {:.0f} shots {}{}{:.1f}", h.shots, whose, n, verb, subsets > 0 ? "on average " : "", vendi)
                         : fmt::format("{} {} shots {}{:.1f}", whose, h.shots, verb, vendi);
    };
    const std::string b_part = part("its", nb, h.b, h.subsets_b, "are ") + " effectively distinct shots";
    const std::string a_part = part(c.a.label + "'s", na, h.a, h.subsets_a, "");
    lines.push_back(fmt::format("{} is {} homogeneous: {}, {} (Vendi ratios at {} shots: {:.2f} against {:.2f}; p = {:.3f})", c.b.label,
                                h.b < h.a ? "more" : "less", b_part, a_part, h.shots, h.b / h.shots, h.a / h.shots, test.p_value));
  }
  const double ta = number_at(c.a.style, "template.tendency"), tb = number_at(c.b.style, "template.tendency");
  // A difference of 0.1 or more that the sides' shots leave no doubt about, as for the δ lines.
  const auto& t = c.tendency;
  const bool sure = t.p_value <= 0.05 && (t.ci_low > 0 || t.ci_high < 0);
  if (!std::isnan(ta) && !std::isnan(tb) && std::abs(tb - ta) >= 0.1 && sure) {
    const auto interval = [](const ordered_json& style) {
      const auto& ci = style.contains("template.tendency_ci95") ? style["template.tendency_ci95"] : ordered_json();
      return ci.is_array() && ci.size() == 2 ? fmt::format(" [{:.2f}, {:.2f}]", ci[0].get<double>(), ci[1].get<double>()) : std::string();
    };
    lines.push_back(fmt::format("{} leans {} on the templates: template tendency {:.2f}{} against {:.2f}{} (difference {:+.2f} [{:+.2f}, {:+.2f}], p = {:.3f})",
                                c.b.label, tb > ta ? "more" : "less", tb, interval(c.b.style), ta, interval(c.a.style), t.difference, t.ci_low,
                                t.ci_high, t.p_value));
  }
  return lines;
}

ordered_json comparison_json(const Comparison& c) {
  ordered_json j{{"schema", "stereotype.comparison"},
                 {"version", kComparisonSchemaVersion},
                 {"parameters",
                  {{"seed", c.params.seed},
                   {"bootstrap", c.params.bootstrap},
                   {"resampling",
                    "circular block bootstrap of each side's shots in order, run length per metric and film (Politis & White 2004); a side of "
                    "several films: its films drawn with replacement, then each drawn film's shots (two-stage)"},
                   {"interval_run", c.params.block > 0 ? ordered_json(c.params.block) : ordered_json("automatic")},
                   {"permutations", c.params.permutations},
                   {"permutation",
                    "two sides of several films each: whole films shuffled between the sides (p_value_unit film); otherwise side labels "
                    "shuffled in runs of consecutive shots, the longer of the two sides' run lengths (p_value_unit run, p_value_run)"},
                   {"templates", c.template_names},
                   {"notable_delta", 0.33},
                   {"align_threshold", style::kAlignThreshold}}},
                 {"a", side_json(c.a)},
                 {"b", side_json(c.b)}};
  ordered_json metrics = ordered_json::array();
  for (const auto& m : c.metrics) {
    metrics.push_back({{"key", m.key},
                       {"dimension", dimension_of(m.key)},
                       {"n_a", m.n_a},
                       {"n_b", m.n_b},
                       {"median_a", num(m.median_a, 5)},
                       {"median_b", num(m.median_b, 5)},
                       {"median_a_ci95", interval_json(m.median_a_ci, 5)},
                       {"median_b_ci95", interval_json(m.median_b_ci, 5)},
                       {"delta", num(m.delta)},
                       {"ci_low", num(m.ci_low)},
                       {"ci_high", num(m.ci_high)},
                       {"interval_units_a", m.units_a > 0 ? num(m.units_a, 2) : ordered_json(nullptr)},
                       {"interval_units_b", m.units_b > 0 ? num(m.units_b, 2) : ordered_json(nullptr)},
                       {"p_value", num(m.p_value)},
                       {"p_value_unit", m.p_value_films ? ordered_json("film") : m.p_value_run > 0 ? ordered_json("run") : ordered_json(nullptr)},
                       {"p_value_run", m.p_value_run > 0 ? ordered_json(m.p_value_run) : ordered_json(nullptr)},
                       {"magnitude", m.magnitude},
                       {"film_among_films", m.among.film_side == 0 ? ordered_json(nullptr)
                                                                   : ordered_json{{"film_side", std::string(1, m.among.film_side)},
                                                                                  {"films", m.among.films},
                                                                                  {"below", m.among.below},
                                                                                  {"above", m.among.above},
                                                                                  {"p_value", num(m.among.p_value)}}}});
  }
  j["metrics"] = metrics;
  j["homogeneity"] = {{"common_shots", c.homogeneity.shots},
                      {"vendi_a", num(c.homogeneity.a, 3)},
                      {"vendi_b", num(c.homogeneity.b, 3)},
                      {"subsets_a", c.homogeneity.subsets_a},
                      {"subsets_b", c.homogeneity.subsets_b},
                      {"p_value", num(c.homogeneity_test.p_value)},
                      {"test_shots", c.homogeneity_test.shots},
                      {"permutations", c.homogeneity_test.permutations},
                      {"p_value_unit", std::isnan(c.homogeneity_test.p_value) ? ordered_json(nullptr)
                                       : c.homogeneity_test.films       ? ordered_json("film")
                                                                        : ordered_json("run")},
                      {"p_value_run", c.homogeneity_test.run > 0 ? ordered_json(c.homogeneity_test.run) : ordered_json(nullptr)}};
  j["tendency"] = {{"tendency_a", num(c.tendency.mean_a)},
                    {"tendency_b", num(c.tendency.mean_b)},
                    {"difference", num(c.tendency.difference)},
                    {"ci_low", num(c.tendency.ci_low)},
                    {"ci_high", num(c.tendency.ci_high)},
                    {"interval_units_a", num(c.tendency.units_a)},
                    {"interval_units_b", num(c.tendency.units_b)},
                    {"interval_tail", num(c.tendency.interval_tail, 6)},
                    {"p_value", num(c.tendency.p_value)},
                    {"p_value_unit", std::isnan(c.tendency.p_value) ? ordered_json(nullptr)
                                     : c.tendency.p_value_films      ? ordered_json("film")
                                                                     : ordered_json("run")},
                    {"p_value_run", c.tendency.p_value_run > 0 ? ordered_json(c.tendency.p_value_run) : ordered_json(nullptr)}};
  j["lines"] = c.lines;
  if (!c.aligned) {
    j["alignment"] = nullptr;
    return j;
  }
  const auto pa = style::picture_shots(c.a.films), pb = style::picture_shots(c.b.films);
  ordered_json pairs = ordered_json::array();
  for (const auto& p : c.pairs) {
    const auto& sa = *pa[static_cast<std::size_t>(p.a)];
    const auto& sb = *pb[static_cast<std::size_t>(p.b)];
    ordered_json diff = ordered_json::object();
    for (const auto& key : c.pair_keys) diff[key] = num(sb.metric(key) - sa.metric(key));
    pairs.push_back({{"a_shot", sa.number},
                     {"b_shot", sb.number},
                     {"a_start_s", num(sa.start_s, 3)},
                     {"b_start_s", num(sb.start_s, 3)},
                     {"similarity", num(p.similarity)},
                     {"in_order", p.in_order},
                     {"b_minus_a", diff}});
  }
  j["alignment"] = {{"pairs", pairs},
                    {"matched_share_a", num(pa.empty() ? std::nan("") : static_cast<double>(c.pairs.size()) / static_cast<double>(pa.size()))},
                    {"matched_share_b", num(pb.empty() ? std::nan("") : static_cast<double>(c.pairs.size()) / static_cast<double>(pb.size()))}};
  return j;
}

std::string comparison_csv(const Comparison& c) {
  std::string out =
      "key,dimension,n_a,n_b,median_a,median_b,delta,ci_low,ci_high,p_value,magnitude,median_a_low,median_a_high,median_b_low,median_b_high,"
      "p_value_unit,among_films,among_below,among_above,among_p_value,interval_units_a,interval_units_b\n";
  const auto f = [](double v) { return std::isnan(v) ? std::string() : fmt::format("{:.6g}", v); };
  for (const auto& m : c.metrics) {
    // Later columns come last, so columns read by position before them stay where they were.
    const std::string unit = std::isnan(m.p_value) ? "" : m.p_value_films ? "film" : "run";
    const bool among = m.among.film_side != 0;
    const auto units = [&](double u) { return u > 0 ? fmt::format("{:.2f}", u) : std::string(); };
    out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", m.key, dimension_of(m.key), m.n_a, m.n_b, f(m.median_a),
                       f(m.median_b), f(m.delta), f(m.ci_low), f(m.ci_high), f(m.p_value), m.magnitude, f(m.median_a_ci.low), f(m.median_a_ci.high),
                       f(m.median_b_ci.low), f(m.median_b_ci.high), unit, among ? std::to_string(m.among.films) : "",
                       among ? std::to_string(m.among.below) : "", among ? std::to_string(m.among.above) : "", among ? f(m.among.p_value) : "",
                       units(m.units_a), units(m.units_b));
  }
  return out;
}

}  // namespace stereotype::report
