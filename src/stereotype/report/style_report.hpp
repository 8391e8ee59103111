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
#include "stereotype/style/verdict.hpp"

namespace stereotype::report {

struct CorpusDistance {
  std::string database;
  int films = 0;
  double distance = 0;         // this film's point to the corpus centroid, RMS style units
  double corpus_median = 0;    // the corpus films' own median distance to it, for scale
  // Corpus films measured otherwise than this film (report::measured_with): their distance
  // compares unlike measurements. What differs, for the first of them.
  int measured_otherwise = 0;
  std::vector<std::string> differences;
};

// {"templates": [{name, title, share, share_ci95, mean_match}], "template.tendency",
//  "template.tendency_ci95", "diversity": {...}, "corpus": {...}}; the intervals null when not known.
nlohmann::ordered_json style_json(const std::vector<style::Template>& templates, const style::TemplateResult& matches,
                                  const style::Diversity& diversity, const std::optional<CorpusDistance>& corpus,
                                  const style::TemplateIntervals* intervals = nullptr);

// The verdict as data, one entry per template used, each with its plain-language `line`:
// "Weightless motion: 56 % of screen time [31, 81 %] in 10 shots (4, 8, 13 …): motion.dynamic_degree
// 0.59 (target ≥ 0.50, match 1.00), …".
nlohmann::ordered_json verdict_json(const std::vector<style::TemplateVerdict>& verdicts);
std::string verdict_line(const style::TemplateVerdict& verdict);

// From a style section's "corpus": "2 of the corpus's 5 films were measured otherwise than NAME
// (analysis size 240 → 360): the distance to its centroid compares unlike measurements", or empty
// when every corpus film was measured alike.
std::string corpus_caution(const nlohmann::ordered_json& style, const std::string& name);

// [low, high], or null when the interval is not known.
nlohmann::ordered_json interval_json(const style::Interval& interval, int places = 4);

// Adds "templates" (name -> match) and "template" (best, or null) to the profile's picture shots.
void add_shot_matches(nlohmann::ordered_json& profile, const style::TemplateResult& matches);

}  // namespace stereotype::report
