#pragma once
// Shot lists as the files people use: JSON (versioned schema), CSV (one row per shot), CMX 3600
// EDL and OpenTimelineIO JSON for editing software. Pure formatting: nothing here decodes.
#include <string>

#include <nlohmann/json.hpp>

#include "stereotype/media/source.hpp"
#include "stereotype/shots/segmenter.hpp"
#include "stereotype/shots/shot_list.hpp"
#include "stereotype/shots/statistics.hpp"

namespace stereotype::report {

inline constexpr int kShotsSchemaVersion = 1;

nlohmann::ordered_json source_json(const media::SourceInfo& info, std::int64_t frames, double duration_s);
nlohmann::ordered_json shots_json(const media::SourceInfo& info, const shots::ShotList& list,
                                  const shots::SegmenterParams& params);
std::string shots_csv(const shots::ShotList& list);
std::string shots_edl(const media::SourceInfo& info, const shots::ShotList& list);
std::string shots_otio(const media::SourceInfo& info, const shots::ShotList& list);

}  // namespace stereotype::report
