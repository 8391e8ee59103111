#include "stereotype/report/style_report.hpp"

#include <cmath>

#include "stereotype/report/json_number.hpp"

namespace stereotype::report {

namespace {
using nlohmann::ordered_json;
ordered_json num(double v, int places = 4) { return json_number(v, places); }
}  // namespace

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
                     {"corpus.median_distance", num(corpus->corpus_median)}};
  }
  return out;
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
