#pragma once
// The film profile of `stereotype analyze`: JSON (schema stereotype.profile) and CSV (one row per
// shot). Pure formatting of measured data.
#include <string>

#include <nlohmann/json.hpp>

#include "stereotype/pipeline/film_analysis.hpp"
#include "stereotype/style/intervals.hpp"

namespace stereotype::report {

inline constexpr int kProfileSchemaVersion = 3;  // 2: composition, continuity, key-frame signatures; 3: texture

nlohmann::ordered_json profile_json(const pipeline::FilmAnalysis& film);
std::string profile_csv(const pipeline::FilmAnalysis& film);

// Puts each film figure's intervals beside it ({median, median_ci95, mean, mean_ci95}; null when
// not known) and how they were drawn under parameters.intervals.
void add_film_intervals(nlohmann::ordered_json& profile, const std::map<std::string, style::FigureIntervals>& intervals,
                        const style::ShotLengthIntervals& shot_lengths, const style::IntervalParams& params);

std::string hex_color(const cv::Vec3f& lab);

}  // namespace stereotype::report
