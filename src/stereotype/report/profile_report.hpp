#pragma once
// The film profile of `stereotype analyze`: JSON (schema stereotype.profile) and CSV (one row per
// shot). Pure formatting of measured data.
#include <string>

#include <nlohmann/json.hpp>

#include "stereotype/pipeline/film_analysis.hpp"

namespace stereotype::report {

inline constexpr int kProfileSchemaVersion = 3;  // 2: composition, continuity, key-frame signatures; 3: texture

nlohmann::ordered_json profile_json(const pipeline::FilmAnalysis& film);
std::string profile_csv(const pipeline::FilmAnalysis& film);

std::string hex_color(const cv::Vec3f& lab);

}  // namespace stereotype::report
