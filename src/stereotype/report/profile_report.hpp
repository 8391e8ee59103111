#pragma once
// The film profile of `stereotype analyze`: JSON (schema stereotype.profile) and CSV (one row per
// shot). Pure formatting of measured data.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "stereotype/pipeline/film_analysis.hpp"
#include "stereotype/style/intervals.hpp"

namespace stereotype::report {

inline constexpr int kProfileSchemaVersion = 3;  // 2: composition, continuity, key-frame signatures; 3: texture

nlohmann::ordered_json profile_json(const pipeline::FilmAnalysis& film);

// The profile's "parameters" but the intervals': what the pass measured with, family by family.
nlohmann::ordered_json parameters_json(const pipeline::FilmAnalysis& film);

// What a profile was measured with: its schema version, its analysis size (short side, px) and its
// parameters but the intervals' (drawn from its shots afterwards, they change no measurement).
// Two profiles of one file measured alike hold the same measurements; the corpus compares this
// before it calls a film up to date.
nlohmann::ordered_json measured_with(const nlohmann::ordered_json& profile);
// The same for a pass not made yet (pipeline::pass_parameters) at this analysis size; an image
// sequence's frame rate counts too (`image_rate`; 0/1 for a video, whose own rate it is).
nlohmann::ordered_json measured_with(const pipeline::FilmAnalysis& pass, int analysis_size, media::Rational image_rate = {0, 1});
// Where two of these differ, a line each ("parameters.shots.cut-threshold 0.12 → 0.2"); empty when alike.
std::vector<std::string> measured_differently(const nlohmann::ordered_json& before, const nlohmann::ordered_json& now);
std::string profile_csv(const pipeline::FilmAnalysis& film);

// Puts each film figure's intervals beside it ({median, median_ci95, mean, mean_ci95}; null when
// not known) and how they were drawn under parameters.intervals.
void add_film_intervals(nlohmann::ordered_json& profile, const std::map<std::string, style::FigureIntervals>& intervals,
                        const style::ShotLengthIntervals& shot_lengths, const style::IntervalParams& params);

std::string hex_color(const cv::Vec3f& lab);

}  // namespace stereotype::report
