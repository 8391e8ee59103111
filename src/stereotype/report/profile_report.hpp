#pragma once
// The film profile of `stereotype analyze`: JSON (schema stereotype.profile) and CSV (one row per
// shot). Pure formatting of measured data.
#include <string>

#include <nlohmann/json.hpp>

#include "stereotype/measure/color_profile.hpp"
#include "stereotype/media/source.hpp"
#include "stereotype/shots/segmenter.hpp"

namespace stereotype::report {

inline constexpr int kProfileSchemaVersion = 1;

nlohmann::ordered_json profile_json(const media::SourceInfo& info, const shots::ShotList& shots,
                                    const shots::SegmenterParams& shot_params, const measure::ColorProfile& color,
                                    const measure::ColorParams& color_params);
std::string profile_csv(const shots::ShotList& shots, const measure::ColorProfile& color);

std::string hex_color(const cv::Vec3f& lab);

}  // namespace stereotype::report
