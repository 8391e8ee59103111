#pragma once
// The shot measurements the style module knows: which dimension of the study each belongs to, how
// to say "more" and "less" of it in plain language, and the step that counts as one unit in the
// style space used for diversity (0: not part of that space). Templates may only name these keys.
#include <string>
#include <vector>

namespace stereotype::style {

struct MetricInfo {
  std::string key;        // "color.colorfulness"
  std::string dimension;  // "colour and light", "body and motion", "space and composition", "texture and surface", "editing", "templates"
  std::string more, less; // "more colourful", "less colourful" (as in "B's shots are far more colourful")
  double style_unit = 0;  // one unit of the style space; 0 = not a style dimension
};

const std::vector<MetricInfo>& metric_catalog();
const MetricInfo* find_metric(const std::string& key);

}  // namespace stereotype::style
