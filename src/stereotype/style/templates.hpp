#pragma once
// Templates are data: a named prototype of target values over shot measurements (a JSON file,
// schema stereotype.template, docs/style.md). Each shot gets a match in [0,1] per template; a
// film gets each template's share of screen time and its template tendency.
#include <map>
#include <string>
#include <vector>

#include "stereotype/style/film_style.hpp"
#include "stereotype/style/intervals.hpp"

namespace stereotype::style {

enum class TargetKind { Near, AtLeast, AtMost };

struct TemplateTarget {
  std::string metric;   // a key of the metric catalogue
  TargetKind kind = TargetKind::Near;
  double value = 0;     // the prototype's value
  double tolerance = 1; // distance from the value at which the criterion's match falls to e^-1/2 (0.61)
  double weight = 1;
};

struct Template {
  std::string name;  // "cyberpunk-neon": lower-case words and hyphens
  std::string title, description;
  std::vector<TemplateTarget> targets;
};

inline constexpr double kTemplateShareThreshold = 0.5;  // a shot "uses" a template when its match reaches this

// Parses and validates; throws stereotype::Error(InputInvalid, subject, "key 'targets[2].tolerance':
// expected a number > 0") naming the key and what was expected.
Template parse_template(const std::string& text, const std::string& subject);
Template load_template(const std::string& path);
// The templates shipped in templates/ (embedded at build time), sorted by name.
const std::vector<Template>& builtin_templates();

// Match of one criterion and of a whole template (weighted geometric mean of the criteria over
// the shot's defined metrics; NaN when criteria carrying half the weight or more are undefined).
double criterion_match(const TemplateTarget& target, double value);
double template_match(const Template& t, const ShotStyle& shot);

struct TemplateSummary {
  std::string name;
  double share = 0;       // share of picture screen time whose match reaches the threshold
  double mean_match = 0;  // screen-time-weighted mean match
};

struct TemplateResult {
  std::vector<TemplateSummary> templates;           // in the order given
  std::vector<std::map<std::string, double>> shots;  // per picture shot: template name -> match
  std::vector<std::string> best;                     // per picture shot: best template ("" if none reaches the threshold)
  double tendency = 0;                               // screen-time-weighted mean of each shot's best match
};

TemplateResult match_templates(const std::vector<Template>& templates, const std::vector<const ShotStyle*>& shots);

// Each shot's best match over the templates (NaN when none is defined) with its screen time, in
// the shots' order: the values whose screen-time-weighted mean is the tendency.
std::vector<std::pair<double, double>> best_matches(const TemplateResult& result, const std::vector<const ShotStyle*>& shots);

// 95 % intervals of the tendency and of each template's share, resampling the same shots
// (intervals.hpp); `shots` are the ones `result` was matched on, in the same order.
struct TemplateIntervals {
  Interval tendency;
  std::vector<Interval> shares;  // as result.templates
};
TemplateIntervals template_intervals(const TemplateResult& result, const std::vector<const ShotStyle*>& shots, const IntervalParams& params);

}  // namespace stereotype::style

namespace stereotype::style {
// Adds each template's match to every picture shot's metrics as "template.<name>", so templates
// are compared like any other measurement.
void attach_template_matches(std::vector<FilmStyle>& films, const std::vector<Template>& templates);
}  // namespace stereotype::style
