#pragma once
// The film profile of `stereotype analyze`: JSON (schema stereotype.profile) and CSV (one row per
// shot). Pure formatting of measured data.
#include <string>

#include <nlohmann/json.hpp>

#include "stereotype/measure/color_profile.hpp"
#include "stereotype/measure/motion_profile.hpp"
#include "stereotype/media/source.hpp"
#include "stereotype/shots/segmenter.hpp"

namespace stereotype::report {

inline constexpr int kProfileSchemaVersion = 1;

// Everything measured about one film, for the profile's writers.
struct FilmMeasurements {
  const media::SourceInfo* info = nullptr;
  const shots::ShotList* shots = nullptr;
  shots::SegmenterParams shot_params;
  const measure::ColorProfile* color = nullptr;
  measure::ColorParams color_params;
  const measure::MotionProfile* motion = nullptr;
  measure::MotionParams motion_params;
};

nlohmann::ordered_json profile_json(const FilmMeasurements& film);
std::string profile_csv(const FilmMeasurements& film);

std::string hex_color(const cv::Vec3f& lab);

}  // namespace stereotype::report
