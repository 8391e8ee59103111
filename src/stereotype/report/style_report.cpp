#include "stereotype/report/style_report.hpp"

#include <cmath>
#include <filesystem>

#include <fmt/format.h>

#include "stereotype/report/json_number.hpp"

namespace stereotype::report {

namespace {
using nlohmann::ordered_json;
ordered_json num(double v, int places = 4) { return json_number(v, places); }
}  // namespace

namespace {
// Enough digits to read a measurement against its target, whatever its scale (CCT in kelvin,
// shares, SPARC).
std::string plain_number(double x) {
  if (std::isnan(x)) return "n/a";
  const double a = std::abs(x);
  if (a >= 100) return fmt::format("{:.0f}", x);
  if (a >= 10) return fmt::format("{:.1f}", x);
  if (a >= 0.1 || a == 0) return fmt::format("{:.2f}", x);
  return fmt::format("{:.3f}", x);
}

const char* kind_name(style::TargetKind kind) {
  switch (kind) {
    case style::TargetKind::AtLeast: return "at_least";
    case style::TargetKind::AtMost: return "at_most";
    case style::TargetKind::Near: break;
  }
  return "near";
}

std::string target_text(const style::TemplateTarget& t) {
  switch (t.kind) {
    case style::TargetKind::AtLeast: return "≥ " + plain_number(t.value);
    case style::TargetKind::AtMost: return "≤ " + plain_number(t.value);
    case style::TargetKind::Near: break;
  }
  return "≈ " + plain_number(t.value) + " ± " + plain_number(t.tolerance);
}

}  // namespace

std::string verdict_line(const style::TemplateVerdict& v) {
  constexpr std::size_t kShotsNamed = 8;
  // A pooled side's shots are named with their film's file name, a single film's by number alone.
  std::string shots;
  for (std::size_t i = 0; i < v.shots.size() && i < kShotsNamed; ++i)
    shots += (i ? ", " : "") + (v.pooled && i < v.films.size() ? std::filesystem::path(v.films[i]).filename().string() + " " : "") +
             std::to_string(v.shots[i]);
  if (v.shots.size() > kShotsNamed) shots += " …";
  std::string criteria;
  for (const auto& c : v.criteria)
    criteria += fmt::format("{}{} {} (target {}, match {})", criteria.empty() ? "" : ", ", c.target.metric, plain_number(c.value),
                            target_text(c.target), std::isnan(c.match) ? std::string("n/a") : fmt::format("{:.2f}", c.match));
  const std::string interval =
      v.share_interval.known() ? fmt::format(" [{:.0f}, {:.0f} %]", 100 * v.share_interval.low, 100 * v.share_interval.high) : "";
  return fmt::format("{}: {:.0f} % of screen time{} in {} ({}): {}", v.title.empty() ? v.name : v.title, 100 * v.share, interval,
                     v.shots.size() == 1 ? std::string("1 shot") : fmt::format("{} shots", v.shots.size()), shots, criteria);
}

ordered_json verdict_json(const std::vector<style::TemplateVerdict>& verdicts) {
  ordered_json out = ordered_json::array();
  for (const auto& v : verdicts) {
    ordered_json criteria = ordered_json::array();
    for (const auto& c : v.criteria) {
      criteria.push_back({{"metric", c.target.metric},
                          {"kind", kind_name(c.target.kind)},
                          {"target", num(c.target.value)},
                          {"tolerance", num(c.target.tolerance)},
                          {"value", num(c.value)},
                          {"match", num(c.match)}});
    }
    ordered_json matches = ordered_json::array();
    for (const double m : v.matches) matches.push_back(num(m));
    out.push_back({{"template", v.name},
                   {"title", v.title},
                   {"share", num(v.share)},
                   {"share_ci95", interval_json(v.share_interval)},
                   {"shots", v.shots},
                   {"films", v.films},
                   {"pooled", v.pooled},
                   {"matches", matches},
                   {"criteria", criteria},
                   {"line", verdict_line(v)}});
  }
  return out;
}

ordered_json interval_json(const style::Interval& interval, int places) {
  if (!interval.known()) return nullptr;
  return ordered_json::array({num(interval.low, places), num(interval.high, places)});
}

ordered_json style_json(const std::vector<style::Template>& templates, const style::TemplateResult& matches, const style::Diversity& d,
                        const std::optional<CorpusDistance>& corpus, const style::TemplateIntervals* intervals) {
  ordered_json t = ordered_json::array();
  for (std::size_t k = 0; k < templates.size() && k < matches.templates.size(); ++k) {
    t.push_back({{"name", templates[k].name},
                 {"title", templates[k].title},
                 {"share", num(matches.templates[k].share)},
                 {"share_ci95", interval_json(intervals && k < intervals->shares.size() ? intervals->shares[k] : style::Interval{})},
                 {"mean_match", num(matches.templates[k].mean_match)}});
  }
  ordered_json out{{"templates", t},
                   {"template.tendency", num(matches.tendency)},
                   {"template.tendency_ci95", interval_json(intervals ? intervals->tendency : style::Interval{})},
                   {"diversity",
                    {{"diversity.shots", d.shots},
                     {"diversity.vendi", num(d.vendi)},
                     {"diversity.vendi_ratio", num(d.vendi_ratio)},
                     {"diversity.mean_pairwise", num(d.mean_pairwise)},
                     {"diversity.typicality", num(d.typicality)},
                     {"diversity.style_entropy", num(d.style_entropy)},
                     {"diversity.style_clusters", d.style_clusters}}}};
  if (corpus) {
    out["corpus"] = {{"database", corpus->database},
                     {"films", corpus->films},
                     {"corpus.centroid_distance", num(corpus->distance)},
                     {"corpus.median_distance", num(corpus->corpus_median)},
                     {"measured_otherwise", corpus->measured_otherwise},
                     {"measured_differences", corpus->differences}};
  }
  return out;
}

std::string corpus_caution(const ordered_json& style, const std::string& name) {
  if (!style.is_object() || !style.contains("corpus") || !style["corpus"].is_object()) return "";
  const auto& c = style["corpus"];
  const int otherwise = c.value("measured_otherwise", 0), films = c.value("films", 0);
  if (otherwise <= 0) return "";
  std::string what;
  std::size_t shown = 0, left = 0;
  if (c.contains("measured_differences") && c["measured_differences"].is_array()) {
    for (const auto& d : c["measured_differences"]) {
      if (!d.is_string()) continue;
      if (shown == 3) {
        ++left;
        continue;
      }
      what += (shown++ ? ", " : "") + d.get<std::string>();
    }
  }
  if (left) what += fmt::format(" and {} more", left);
  return fmt::format("{} of the corpus's {} {} measured otherwise than {}{}: the distance to its centroid compares unlike measurements",
                     otherwise, films, otherwise == 1 ? (films == 1 ? "film was" : "films was") : "films were", name,
                     what.empty() ? "" : " (" + what + ")");
}

void add_shot_matches(ordered_json& profile, const style::TemplateResult& matches) {
  std::size_t k = 0;
  for (auto& shot : profile["shots"]) {
    if (shot.value("blank", false) || !(shot.value("duration_s", 0.0) > 0)) continue;
    if (k >= matches.shots.size()) break;
    ordered_json m = ordered_json::object();
    for (const auto& [name, value] : matches.shots[k]) m[name] = num(value);
    shot["templates"] = m;
    shot["template"] = matches.best[k].empty() ? ordered_json(nullptr) : ordered_json(matches.best[k]);
    ++k;
  }
}

}  // namespace stereotype::report
