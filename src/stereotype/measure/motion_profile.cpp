#include "stereotype/measure/motion_profile.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>

namespace stereotype::measure {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct PairMetric {
  const char* name;
  std::function<double(const MotionPair&)> value;
};

const std::vector<PairMetric>& pair_metrics() {
  static const std::vector<PairMetric> defs = {
      {"motion.camera_speed", [](const MotionPair& p) { return p.camera_speed; }},
      {"motion.camera_zoom", [](const MotionPair& p) { return p.camera_zoom; }},
      {"motion.camera_roll", [](const MotionPair& p) { return p.camera_roll; }},
      {"motion.object_speed", [](const MotionPair& p) { return p.object_speed; }},
      {"motion.moving_share", [](const MotionPair& p) { return p.moving_share; }},
      {"motion.total_speed", [](const MotionPair& p) { return p.total_speed; }},
      {"motion.horizontal_flow", [](const MotionPair& p) { return p.horizontal_flow; }},
      {"motion.flicker", [](const MotionPair& p) { return p.flicker; }},
      {"motion.warp_error", [](const MotionPair& p) { return p.warp_error; }},
  };
  return defs;
}

// Speeds at the pairs' times, resampled on a uniform grid at the analysis rate (frame rates that do
// not divide it leave the picked frames slightly unevenly spaced).
std::vector<double> uniform_profile(const std::vector<const MotionPair*>& pairs, double fps) {
  std::vector<double> out;
  if (pairs.empty()) return out;
  const double t0 = pairs.front()->time_s, t1 = pairs.back()->time_s;
  // Long gaps between picks (a variable-frame-rate hold) are bridged, but a span out of all
  // proportion to the pairs means broken timestamps: keep the pairs' own samples then.
  if ((t1 - t0) * fps > 8.0 * static_cast<double>(pairs.size()) + 1000.0) {
    for (const auto* p : pairs) out.push_back(p->total_speed);
    return out;
  }
  std::size_t j = 0;
  for (double t = t0; t <= t1 + 1e-9; t += 1.0 / fps) {
    while (j + 1 < pairs.size() && pairs[j + 1]->time_s < t) ++j;
    if (j + 1 >= pairs.size()) {
      out.push_back(pairs.back()->total_speed);
      continue;
    }
    const double a = pairs[j]->time_s, b = pairs[j + 1]->time_s;
    const double w = b > a ? std::clamp((t - a) / (b - a), 0.0, 1.0) : 0.0;
    out.push_back((1 - w) * pairs[j]->total_speed + w * pairs[j + 1]->total_speed);
  }
  return out;
}

}  // namespace

const std::vector<std::string>& motion_pair_metric_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> n;
    for (const auto& m : pair_metrics()) n.emplace_back(m.name);
    return n;
  }();
  return names;
}

const std::vector<std::string>& motion_shot_metric_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> n = {"motion.dynamic_degree", "motion.smoothness_sparc", "motion.jerk_ldlj",
                                  "motion.impacts_per_min", "motion.object_impacts_per_min", "motion.accel_kurtosis"};
    for (const auto& b : body_metric_names()) n.push_back(b);
    return n;
  }();
  return names;
}

MotionProfile summarize_motion(const std::vector<MotionPair>& pairs, const shots::ShotList& list, const MotionParams& params,
                               const std::vector<BodySample>* bodies, const std::vector<ObjectImpact>& object_impacts) {
  MotionProfile profile;
  const auto body_values = bodies ? summarize_bodies(*bodies, pairs, list) : std::vector<ShotBodies>{};
  std::size_t next = 0;
  for (const auto& shot : list.shots) {
    const auto end = shot.start_frame + shot.frame_count;
    std::vector<const MotionPair*> in;
    while (next < pairs.size() && pairs[next].first_frame < shot.start_frame) ++next;
    for (auto i = next; i < pairs.size() && pairs[i].first_frame < end; ++i) {
      if (pairs[i].second_frame < end) in.push_back(&pairs[i]);
    }
    ShotMotion sm;
    sm.pairs = static_cast<int>(in.size());
    for (const auto& m : pair_metrics()) {
      std::vector<double> values;
      for (const auto* p : in) values.push_back(m.value(*p));
      sm.per_pair[m.name] = in.empty() ? Summary{kNaN, kNaN} : summarize(values);
    }
    int dynamic = 0;
    for (const auto* p : in) dynamic += p->speed_p95 > params.dynamic_threshold ? 1 : 0;
    sm.speed_profile = uniform_profile(in, params.analysis_fps);
    const double duration = shot.duration_s();
    sm.per_shot["motion.dynamic_degree"] = in.empty() ? kNaN : static_cast<double>(dynamic) / static_cast<double>(in.size());
    sm.per_shot["motion.smoothness_sparc"] = spectral_arc_length(sm.speed_profile, params.analysis_fps, params.sparc_max_cutoff_hz);
    sm.per_shot["motion.jerk_ldlj"] = log_dimensionless_jerk(sm.speed_profile, params.analysis_fps);
    sm.per_shot["motion.impacts_per_min"] = in.size() >= 2 && duration > 0 ? count_impacts(sm.speed_profile) * 60.0 / duration : kNaN;
    sm.per_shot["motion.accel_kurtosis"] = change_kurtosis(sm.speed_profile);
    // Impacts are in frame order, and one inside the shot has its frame inside it too.
    auto impact = std::lower_bound(object_impacts.begin(), object_impacts.end(), shot.start_frame,
                                   [](const ObjectImpact& i, std::int64_t f) { return i.frame < f; });
    for (; impact != object_impacts.end() && impact->frame < end; ++impact) {
      if (impact->first_frame >= shot.start_frame && impact->last_frame < end) sm.object_impact_times.push_back(impact->time_s - shot.start_s);
    }
    sm.per_shot["motion.object_impacts_per_min"] =
        in.size() >= 2 && duration > 0 ? static_cast<double>(sm.object_impact_times.size()) * 60.0 / duration : kNaN;
    for (const auto& name : body_metric_names()) {
      sm.per_shot[name] = body_values.empty() ? kNaN : body_values[profile.shots.size()].values.at(name);
    }
    profile.shots.push_back(std::move(sm));
  }
  auto weighted = [&](const std::function<double(const ShotMotion&)>& value, const std::string& key) {
    std::vector<std::pair<double, double>> vw;
    for (std::size_t i = 0; i < list.shots.size(); ++i) {
      if (!list.shots[i].blank) vw.emplace_back(value(profile.shots[i]), list.shots[i].duration_s());
    }
    profile.film_median[key] = weighted_median(vw);
    profile.film_mean[key] = weighted_mean(vw);
  };
  for (const auto& name : motion_pair_metric_names()) weighted([&](const ShotMotion& s) { return s.per_pair.at(name).midmean; }, name);
  for (const auto& name : motion_shot_metric_names()) weighted([&](const ShotMotion& s) { return s.per_shot.at(name); }, name);
  return profile;
}

}  // namespace stereotype::measure
