#include "stereotype/style/verdict.hpp"

#include <algorithm>
#include <cmath>

#include "stereotype/measure/statistics.hpp"

namespace stereotype::style {

std::vector<TemplateVerdict> template_verdicts(const std::vector<Template>& templates, const TemplateResult& result,
                                               const std::vector<const ShotStyle*>& shots, const TemplateIntervals& intervals) {
  std::vector<TemplateVerdict> out;
  const bool pooled = std::any_of(shots.begin(), shots.end(), [&](const ShotStyle* s) { return s->film != shots.front()->film; });
  for (std::size_t k = 0; k < templates.size() && k < result.templates.size(); ++k) {
    const auto& t = templates[k];
    std::vector<std::size_t> using_shots;
    for (std::size_t i = 0; i < shots.size() && i < result.shots.size(); ++i) {
      const auto it = result.shots[i].find(t.name);
      if (it != result.shots[i].end() && !std::isnan(it->second) && it->second >= kTemplateShareThreshold) using_shots.push_back(i);
    }
    if (using_shots.empty()) continue;
    std::stable_sort(using_shots.begin(), using_shots.end(),
                     [&](std::size_t a, std::size_t b) { return result.shots[a].at(t.name) > result.shots[b].at(t.name); });
    TemplateVerdict v;
    v.name = t.name;
    v.title = t.title;
    v.share = result.templates[k].share;
    v.pooled = pooled;
    if (k < intervals.shares.size()) v.share_interval = intervals.shares[k];
    for (const auto i : using_shots) {
      v.shots.push_back(shots[i]->number);
      v.films.push_back(shots[i]->film);
      v.matches.push_back(result.shots[i].at(t.name));
    }
    // The template's own terms, read on the shots that use it: what holds them in it.
    for (const auto& target : t.targets) {
      std::vector<std::pair<double, double>> value_weight;
      for (const auto i : using_shots) value_weight.emplace_back(shots[i]->metric(target.metric), shots[i]->duration_s);
      const double value = measure::weighted_median(value_weight);
      v.criteria.push_back({target, value, criterion_match(target, value)});
    }
    out.push_back(std::move(v));
  }
  std::stable_sort(out.begin(), out.end(), [](const TemplateVerdict& a, const TemplateVerdict& b) {
    return a.share != b.share ? a.share > b.share : a.name < b.name;
  });
  return out;
}

}  // namespace stereotype::style
