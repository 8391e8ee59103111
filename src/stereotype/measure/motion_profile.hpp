#pragma once
// The motion family over a film: compared pairs grouped by shot (a pair counts for a shot when
// both its frames lie in it), summarised per shot and per film (screen-time weighted).
#include <map>
#include <string>
#include <vector>

#include "stereotype/measure/bodies.hpp"
#include "stereotype/measure/motion.hpp"
#include "stereotype/measure/statistics.hpp"
#include "stereotype/shots/shot_list.hpp"

namespace stereotype::measure {

struct ShotMotion {
  int pairs = 0;
  std::map<std::string, Summary> per_pair;  // "motion.<name>" -> median and IQR over the shot's pairs
  std::map<std::string, double> per_shot;   // "motion.<name>" and "body.<name>" -> one value for the shot (NaN if undefined)
  std::vector<double> speed_profile;        // total speed resampled at the analysis rate, diagonals/s
  std::vector<double> object_impact_times;  // followed objects' impacts, seconds from the shot's start
};

struct MotionProfile {
  std::vector<ShotMotion> shots;  // parallel to ShotList::shots
  std::map<std::string, double> film_median, film_mean;
};

// Keys summarised per pair (median, IQR) and per shot (one value, body keys included), in output order.
const std::vector<std::string>& motion_pair_metric_names();
const std::vector<std::string>& motion_shot_metric_names();

// `bodies`, when given, adds the body.* values (faces, people, face height and instability).
// `object_impacts` (in frame order): one counts for a shot when every sighting it was measured on
// lies in the shot.
MotionProfile summarize_motion(const std::vector<MotionPair>& pairs, const shots::ShotList& shots, const MotionParams& params,
                               const std::vector<BodySample>* bodies = nullptr, const std::vector<ObjectImpact>& object_impacts = {});

}  // namespace stereotype::measure
