#pragma once
// The style section of a profile (templates, homogenisation, distance to a corpus) and the
// comparison of two sides: pure formatting of what the style module computed.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "stereotype/style/alignment.hpp"
#include "stereotype/style/comparison.hpp"
#include "stereotype/style/diversity.hpp"
#include "stereotype/style/templates.hpp"

namespace stereotype::report {

struct CorpusDistance {
  std::string database;
  int films = 0;
  double distance = 0;         // this film's point to the corpus centroid, RMS style units
  double corpus_median = 0;    // the corpus films' own median distance to it, for scale
};

// {"templates": [{name, title, share, share_ci95, mean_match}], "template.tendency",
//  "template.tendency_ci95", "diversity": {...}, "corpus": {...}}; the intervals null when not known.
nlohmann::ordered_json style_json(const std::vector<style::Template>& templates, const style::TemplateResult& matches,
                                  const style::Diversity& diversity, const std::optional<CorpusDistance>& corpus,
                                  const style::TemplateIntervals* intervals = nullptr);

// [low, high], or null when the interval is not known.
nlohmann::ordered_json interval_json(const style::Interval& interval, int places = 4);

// Adds "templates" (name -> match) and "template" (best, or null) to the profile's picture shots.
void add_shot_matches(nlohmann::ordered_json& profile, const style::TemplateResult& matches);

}  // namespace stereotype::report
