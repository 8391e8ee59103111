#pragma once
// The comparison of two sides as data: JSON (schema stereotype.comparison) and CSV (one row per
// metric). Pure formatting of what style::compare_metrics, align_shots and the style sections hold.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "stereotype/style/alignment.hpp"
#include "stereotype/style/comparison.hpp"
#include "stereotype/style/diversity.hpp"

namespace stereotype::report {

inline constexpr int kComparisonSchemaVersion = 1;

struct ComparisonSide {
  std::string label;                    // what the page and the lines call it
  std::vector<style::FilmStyle> films;  // one film, or a pooled corpus
  nlohmann::ordered_json style;         // the style section (templates, diversity, corpus)
};

struct Comparison {
  ComparisonSide a, b;
  style::CompareParams params;
  std::vector<std::string> template_names;
  std::vector<style::MetricComparison> metrics;
  style::CommonSizeVendi homogeneity;  // both sides' Vendi scores at the smaller side's number of shots
  style::HomogeneityTest homogeneity_test;  // whether they differ more than sides drawn alike would
  style::MeanComparison tendency;           // the template tendencies and their difference B − A
  std::vector<std::string> lines;
  bool aligned = false;  // only when each side is one film
  std::vector<style::ShotPair> pairs;
  std::vector<std::string> pair_keys;  // metrics differenced for each matched pair
};

// The plain-language lines about the sides as wholes (homogeneity, template tendency).
std::vector<std::string> side_lines(const Comparison& c);

nlohmann::ordered_json comparison_json(const Comparison& c);
std::string comparison_csv(const Comparison& c);

}  // namespace stereotype::report
