#pragma once
// The verdict a filmmaker acts on: which stock templates the film falls back on, in which shots,
// and what measured properties of those shots put them there — each criterion's value over the
// shots that use the template beside the template's target.
#include <string>
#include <vector>

#include "stereotype/style/templates.hpp"

namespace stereotype::style {

struct CriterionReading {
  TemplateTarget target;
  double value = 0;  // screen-time-weighted median of the metric over the shots using the template (NaN: none define it)
  double match = 0;  // the criterion's match at that value
};

struct TemplateVerdict {
  std::string name, title;
  double share = 0;            // of picture screen time
  Interval share_interval;
  std::vector<int> shots;      // shot numbers using the template (match ≥ 0.5), the closest match first
  std::vector<std::string> films;  // the film each of those shots is from
  bool pooled = false;             // the shots matched come from several films (a pooled side of compare)
  std::vector<double> matches; // their matches, in the same order
  std::vector<CriterionReading> criteria;  // in the template's order
};

// Templates used by at least one shot, the largest share first (ties by name). `shots` are the
// picture shots `result` was matched on, in the same order; `intervals` as template_intervals gave.
std::vector<TemplateVerdict> template_verdicts(const std::vector<Template>& templates, const TemplateResult& result,
                                               const std::vector<const ShotStyle*>& shots, const TemplateIntervals& intervals);

}  // namespace stereotype::style
