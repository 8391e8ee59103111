#pragma once
// What `analyze` and `compare` share about style: which templates to match (the shipped ones plus
// --template files) and, with --corpus, the corpus centroid to measure distance to.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "stereotype/report/style_report.hpp"
#include "stereotype/style/templates.hpp"

namespace stereotype::cli {

struct StyleOptions {
  std::vector<std::string> template_files;
  std::string corpus_db;  // empty: no corpus distance
};

struct StyleContext {
  std::vector<style::Template> templates;
  struct Corpus {
    std::string database;
    std::vector<std::vector<double>> points;  // each corpus film's style point
    std::vector<nlohmann::ordered_json> measured;  // what each was measured with (report::measured_with)
    std::vector<double> centroid;
    double median_distance = 0;
  };
  std::optional<Corpus> corpus;
  style::IntervalParams intervals;  // the seed and resamples of the figures' intervals
};

// Loads templates and the corpus once for a batch; throws stereotype::Error naming the bad file.
StyleContext load_style_context(const StyleOptions& options);

// The style section for one side (one film, or pooled films), from their profiles' shots.
// `profiles`: the side's films' profiles, to say how many corpus films were measured otherwise.
nlohmann::ordered_json style_section(const StyleContext& context, const std::vector<style::FilmStyle>& films,
                                     const std::vector<const nlohmann::ordered_json*>& profiles, style::TemplateResult* matches_out = nullptr);

// "DB: " + report::corpus_caution and what to do about it, or empty; from a style section.
std::string corpus_warning(const nlohmann::ordered_json& style, const std::string& name);

}  // namespace stereotype::cli
