#pragma once
// The two-film page: one self-contained HTML file (charts drawn by the inlined Vega-Lite from the
// comparison JSON embedded in it), per dimension side by side, a forest plot of effect sizes with
// intervals, the plain-language lines, and matched shot pairs when the films were aligned.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "stereotype/style/film_style.hpp"

namespace stereotype::report {

struct ComparisonPage {
  const nlohmann::ordered_json* comparison = nullptr;   // as written to A-vs-B.compare.json
  const std::vector<style::FilmStyle>* films_a = nullptr;  // per-shot values for the distributions
  const std::vector<style::FilmStyle>* films_b = nullptr;
  std::vector<std::vector<std::string>> key_frames_a, key_frames_b;  // per film, per shot: JPEG bytes (may be empty)
};

std::string comparison_report_html(const ComparisonPage& page);

}  // namespace stereotype::report
