#include "stereotype/report/profile_report.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "stereotype/report/json_number.hpp"

#include "stereotype/report/shot_report.hpp"
#include "stereotype/report/style_report.hpp"
#include "stereotype/measure/continuity.hpp"
#include "stereotype/shots/statistics.hpp"

namespace stereotype::report {

namespace {

using nlohmann::ordered_json;

ordered_json num(double v, int places = 4) { return json_number(v, places); }

ordered_json palette_json(const std::vector<measure::PaletteColor>& palette) {
  ordered_json out = ordered_json::array();
  for (const auto& p : palette) {
    out.push_back({{"lab", {num(p.lab[0], 2), num(p.lab[1], 2), num(p.lab[2], 2)}},
                   {"hex", hex_color(p.lab)},
                   {"hue_band", std::hypot(p.lab[1], p.lab[2]) < 8 ? "neutral" : measure::hue_band_of(measure::hue_angle_deg(p.lab[1], p.lab[2]))},
                   {"share", num(p.share)}});
  }
  return out;
}

}  // namespace

std::string hex_color(const cv::Vec3f& lab) {
  const cv::Vec3b c = measure::lab_to_bgr8(lab);
  return fmt::format("#{:02x}{:02x}{:02x}", c[2], c[1], c[0]);
}

void add_film_intervals(ordered_json& profile, const std::map<std::string, style::FigureIntervals>& intervals,
                        const style::ShotLengthIntervals& shot_lengths, const style::IntervalParams& params) {
  auto& film = profile["film"];
  // Beside the figures they belong to, keeping the film section's order.
  ordered_json reordered = ordered_json::object();
  for (const auto& [key, value] : film.items()) {
    reordered[key] = value;
    if (key == "shots.asl_s") reordered["shots.asl_s_ci95"] = interval_json(shot_lengths.asl);
    if (key == "shots.median_s") reordered["shots.median_s_ci95"] = interval_json(shot_lengths.median);
  }
  film = std::move(reordered);
  for (const auto& [key, in] : intervals) {
    if (!film.contains(key) || !film[key].is_object()) continue;
    const auto figure = film[key];
    film[key] = {{"median", figure.value("median", ordered_json(nullptr))},
                 {"median_ci95", interval_json(in.median)},
                 {"mean", figure.value("mean", ordered_json(nullptr))},
                 {"mean_ci95", interval_json(in.mean)},
                 {"ci95_run", in.block > 0 ? ordered_json(in.block) : ordered_json(nullptr)}};
  }
  profile["parameters"]["intervals"] = {{"method", "circular block bootstrap over picture shots in film order, screen-time weighted, "
                                                   "run length chosen per figure (Politis & White 2004)"},
                                        {"level", 0.95},
                                        {"resamples", params.resamples},
                                        {"seed", params.seed},
                                        {"run", params.block > 0 ? nlohmann::ordered_json(params.block) : nlohmann::ordered_json("automatic")},
                                        {"min_shots", style::kIntervalMinShots}};
}

ordered_json parameters_json(const pipeline::FilmAnalysis& m) {
  ordered_json shots = ordered_json::object();
  for (const auto& p : shots::segmenter_params()) shots[p.name] = m.shot_params.*(p.field);
  const auto& color_params = m.color_params;
  return ordered_json{{"shots", shots},
                      {"color",
                       {{"scale_divisor", color_params.scale_divisor},
                        {"haze_patch_px", color_params.haze_patch},
                        {"neon_min_chroma", color_params.neon_min_chroma},
                        {"neon_min_lift", color_params.neon_min_lift},
                        {"hue_min_chroma", color_params.hue_min_chroma},
                        {"grading_normaliser_de", measure::kGradingNormaliser}}},
                      {"motion",
                       {{"analysis_fps", m.motion_params.analysis_fps},
                        {"flow_width_px", m.motion_params.flow_width},
                        {"moving_floor_px", m.motion_params.moving_floor_px},
                        {"dynamic_threshold", m.motion_params.dynamic_threshold},
                        {"sparc_max_cutoff_hz", m.motion_params.sparc_max_cutoff_hz},
                        {"consistency_px", m.motion_params.consistency_px},
                        {"object_difference_floor", m.motion_params.objects.difference_floor},
                        {"object_min_speed", m.motion_params.objects.min_speed},
                        {"object_reversal", m.motion_params.objects.reversal},
                        {"object_steadiness", m.motion_params.objects.steadiness},
                        {"object_size_change", m.motion_params.objects.size_change},
                        {"object_abruptness", m.motion_params.objects.abruptness}}},
                      {"composition",
                       {{"samples_per_second", m.composition_params.samples_per_second},
                        {"min_line_share", m.composition_params.min_line_share},
                        {"line_angle_deg", m.composition_params.line_angle_deg}}},
                      {"texture",
                       {{"samples_per_second", m.texture_params.samples_per_second},
                        {"brisque_per_second", m.texture_params.brisque_per_second},
                        {"block_px", m.texture_params.block},
                        {"flat_share", m.texture_params.flat_share},
                        {"smooth_noise", m.texture_params.smooth_noise},
                        {"smooth_structure", m.texture_params.smooth_structure}}}};
}

namespace {

// The short side frames were analysed at (the long side may be capped: docs/media.md).
int analysis_short_side(const ordered_json& source) {
  const auto side = [&](const char* key) { return source.contains(key) && source[key].is_number_integer() ? source[key].get<int>() : 0; };
  return std::min(side("analysis_width"), side("analysis_height"));
}

// Each leaf where two JSON values differ, as "path a → b", in a's order (then b's new keys).
void differences(const ordered_json& a, const ordered_json& b, const std::string& path, std::vector<std::string>& out) {
  if (a.is_object() && b.is_object()) {
    for (const auto& [key, value] : a.items())
      differences(value, b.contains(key) ? b[key] : ordered_json(nullptr), path.empty() ? key : path + "." + key, out);
    for (const auto& [key, value] : b.items())
      if (!a.contains(key)) differences(ordered_json(nullptr), value, path.empty() ? key : path + "." + key, out);
    return;
  }
  if (a == b) return;
  const auto text = [](const ordered_json& v) { return v.is_null() ? std::string("none") : v.is_string() ? v.get<std::string>() : v.dump(); };
  out.push_back(fmt::format("{} {} → {}", path, text(a), text(b)));
}

}  // namespace

ordered_json measured_with(const ordered_json& profile) {
  ordered_json parameters = profile.contains("parameters") && profile["parameters"].is_object() ? profile["parameters"] : ordered_json::object();
  parameters.erase("intervals");
  const ordered_json source = profile.contains("source") && profile["source"].is_object() ? profile["source"] : ordered_json::object();
  ordered_json out{{"version", profile.value("version", 0)}, {"analysis size", analysis_short_side(source)}};
  if (source.value("container", "") == "image-sequence") out["image rate"] = source.value("frame_rate", "");
  out["parameters"] = parameters;
  return out;
}

ordered_json measured_with(const pipeline::FilmAnalysis& pass, int analysis_size, media::Rational image_rate) {
  ordered_json out{{"version", kProfileSchemaVersion}, {"analysis size", analysis_size}};
  if (image_rate.num > 0) out["image rate"] = fmt::format("{}/{}", image_rate.reduced().num, image_rate.reduced().den);
  out["parameters"] = parameters_json(pass);
  return out;
}

std::vector<std::string> measured_differently(const ordered_json& before, const ordered_json& now) {
  std::vector<std::string> out;
  differences(before, now, "", out);
  return out;
}

ordered_json profile_json(const pipeline::FilmAnalysis& m) {
  const auto& shots = m.shots;
  const auto& color = m.color;
  const auto& motion = m.motion;
  const auto& composition = m.composition;
  ordered_json j = shots_json(m.info, shots, m.shot_params);
  j["schema"] = "stereotype.profile";
  j["version"] = kProfileSchemaVersion;
  j["parameters"] = parameters_json(m);

  ordered_json film = j["statistics"];
  for (const auto& name : measure::color_metric_names()) {
    film[name] = {{"median", num(color.film.median.at(name))}, {"mean", num(color.film.mean.at(name))}};
  }
  film["color.grading_uniformity"] = num(color.film.grading_uniformity);
  film["color.mean_palette_distance"] = num(color.film.mean_palette_distance, 3);
  ordered_json bands = ordered_json::object();
  for (const auto& band : measure::hue_bands()) bands[band.name] = num(color.film.hue_band_share.count(band.name) ? color.film.hue_band_share.at(band.name) : 0.0);
  bands["neutral"] = num(color.film.hue_band_share.count("neutral") ? color.film.hue_band_share.at("neutral") : 0.0);
  film["color.hue_band_share"] = bands;
  const double lightness = color.film.median.at("color.lightness_mean");
  film["color.lightness_key"] = std::isnan(lightness) ? ordered_json(nullptr) : ordered_json(measure::lightness_key(lightness));
  const double colourfulness = color.film.median.at("color.colorfulness");
  film["color.colorfulness_label"] = std::isnan(colourfulness) ? ordered_json(nullptr) : ordered_json(measure::colorfulness_label(colourfulness));
  for (const auto& name : measure::motion_pair_metric_names()) {
    film[name] = {{"median", num(motion.film_median.at(name))}, {"mean", num(motion.film_mean.at(name))}};
  }
  for (const auto& name : measure::motion_shot_metric_names()) {
    film[name] = {{"median", num(motion.film_median.at(name))}, {"mean", num(motion.film_mean.at(name))}};
  }
  for (const auto& name : measure::composition_metric_names()) {
    film[name] = {{"median", num(composition.film_median.at(name))}, {"mean", num(composition.film_mean.at(name))}};
  }
  ordered_json scales = ordered_json::object();
  for (int c = 0; c <= 6; ++c) scales[measure::shot_scale_name(c)] = num(composition.scale_share.at(measure::shot_scale_name(c)));
  scales["none"] = num(composition.scale_share.at("none"));
  film["composition.shot_scale_share"] = scales;
  for (const auto& name : measure::continuity_metric_names()) film[name] = num(m.continuity.at(name));
  for (const auto& name : measure::texture_metric_names()) {
    film[name] = {{"median", num(m.texture.film_median.at(name))}, {"mean", num(m.texture.film_mean.at(name))}};
  }
  j["film"] = film;
  j.erase("statistics");

  for (std::size_t i = 0; i < shots.shots.size() && i < color.shots.size(); ++i) {
    const auto& sc = color.shots[i];
    ordered_json c = ordered_json::object();
    for (const auto& name : measure::color_metric_names()) {
      const auto& s = sc.metrics.at(name);
      c[name] = {{"median", num(s.median)}, {"iqr", num(s.iqr)}};
    }
    ordered_json hist = ordered_json::array();
    for (double h : sc.hue_histogram) hist.push_back(num(h));
    c["color.hue_histogram"] = hist;
    c["color.split_tone"] = {{"shadow_hue_deg", num(sc.shadow_hue_deg, 1)},     {"shadow_chroma", num(sc.shadow_chroma, 2)},
                             {"highlight_hue_deg", num(sc.highlight_hue_deg, 1)}, {"highlight_chroma", num(sc.highlight_chroma, 2)},
                             {"angle_deg", num(sc.split_angle_deg, 1)}};
    c["color.palette"] = palette_json(sc.palette);
    c["color.hue_band"] = sc.hue_band;
    c["color.lightness_key"] = measure::lightness_key(sc.metrics.at("color.lightness_mean").median);
    c["color.colorfulness_label"] = measure::colorfulness_label(sc.metrics.at("color.colorfulness").median);
    j["shots"][i]["key_frame"] = m.key_frames[i];
    j["shots"][i]["color"] = c;
    const auto& sm = motion.shots[i];
    ordered_json mo{{"motion.pairs", sm.pairs}};
    for (const auto& name : measure::motion_pair_metric_names()) {
      const auto& s = sm.per_pair.at(name);
      mo[name] = {{"midmean", num(s.midmean, 5)}, {"median", num(s.median, 5)}, {"iqr", num(s.iqr, 5)}};
    }
    for (const auto& name : measure::motion_shot_metric_names()) mo[name] = num(sm.per_shot.at(name));
    j["shots"][i]["motion"] = mo;
    const auto& cs = composition.shots[i];
    ordered_json co{{"composition.samples", cs.samples}};
    for (const auto& name : measure::composition_metric_names()) {
      co[name] = {{"median", num(cs.metrics.at(name).median)}, {"iqr", num(cs.metrics.at(name).iqr)}};
    }
    co["composition.face_share"] = num(cs.face_share);
    co["composition.figure_share"] = num(cs.figure_share);
    co["composition.shot_scale"] = measure::shot_scale_name(cs.scale_class);
    co["composition.shot_scale_class"] = cs.scale_class == measure::kNoScale ? ordered_json(nullptr) : ordered_json(cs.scale_class);
    j["shots"][i]["composition"] = co;
    ordered_json tx{{"texture.samples", m.texture.shots[i].samples}};
    for (const auto& name : measure::texture_metric_names()) {
      tx[name] = {{"median", num(m.texture.shots[i].metrics.at(name).median)}, {"iqr", num(m.texture.shots[i].metrics.at(name).iqr)}};
    }
    j["shots"][i]["texture"] = tx;
    const auto& sig = m.key_frame_signatures[i];
    j["shots"][i]["key_frame_signature"] =
        sig.valid ? ordered_json{{"phash", evidence::phash_hex(sig.phash)},
                                 {"thumb_16x9", evidence::thumb_text(sig)},
                                 {"mean_lab", {num(sig.mean_lab[0], 2), num(sig.mean_lab[1], 2), num(sig.mean_lab[2], 2)}}}
                  : ordered_json(nullptr);
  }
  return j;
}

std::string profile_csv(const pipeline::FilmAnalysis& m) {
  const auto& shots = m.shots;
  const auto& color = m.color;
  const auto& motion = m.motion;
  std::string out = "shot,start_frame,frame_count,start_s,end_s,duration_s,blank,transition_in,key_frame";
  for (const auto& name : measure::color_metric_names()) out += fmt::format(",{0}.median,{0}.iqr", name);
  out += ",color.hue_band,color.split_tone.shadow_hue_deg,color.split_tone.highlight_hue_deg,color.split_tone.angle_deg";
  for (int k = 1; k <= 5; ++k) out += fmt::format(",color.palette{0}.hex,color.palette{0}.share", k);
  for (const auto& name : measure::motion_pair_metric_names()) out += fmt::format(",{0}.midmean,{0}.median,{0}.iqr", name);
  for (const auto& name : measure::motion_shot_metric_names()) out += "," + name;
  for (const auto& name : measure::composition_metric_names()) out += fmt::format(",{0}.median,{0}.iqr", name);
  out += ",composition.face_share,composition.figure_share,composition.shot_scale";
  for (const auto& name : measure::texture_metric_names()) out += fmt::format(",{0}.median,{0}.iqr", name);
  out += "\n";
  const auto fmt_num = [](double v) { return std::isnan(v) ? std::string() : fmt::format("{:.5g}", v); };
  for (std::size_t i = 0; i < shots.shots.size() && i < color.shots.size(); ++i) {
    const auto& s = shots.shots[i];
    const auto& sc = color.shots[i];
    std::string transition;
    for (const auto& t : shots.transitions) {
      if (t.splits && t.boundary_frame == s.start_frame) transition = to_string(t.type);
    }
    out += fmt::format("{},{},{},{:.6f},{:.6f},{:.6f},{},{},{}", s.number, s.start_frame, s.frame_count, s.start_s, s.end_s,
                       s.duration_s(), s.blank ? "true" : "false", transition, m.key_frames[i]);
    for (const auto& name : measure::color_metric_names()) {
      out += fmt::format(",{},{}", fmt_num(sc.metrics.at(name).median), fmt_num(sc.metrics.at(name).iqr));
    }
    out += fmt::format(",{},{},{},{}", sc.hue_band, fmt_num(sc.shadow_hue_deg), fmt_num(sc.highlight_hue_deg), fmt_num(sc.split_angle_deg));
    for (std::size_t k = 0; k < 5; ++k) {
      if (k < sc.palette.size()) {
        out += fmt::format(",{},{:.4f}", hex_color(sc.palette[k].lab), sc.palette[k].share);
      } else {
        out += ",,";
      }
    }
    const auto& sm = motion.shots[i];
    for (const auto& name : measure::motion_pair_metric_names()) {
      const auto& s = sm.per_pair.at(name);
      out += fmt::format(",{},{},{}", fmt_num(s.midmean), fmt_num(s.median), fmt_num(s.iqr));
    }
    for (const auto& name : measure::motion_shot_metric_names()) out += fmt::format(",{}", fmt_num(sm.per_shot.at(name)));
    const auto& cs = m.composition.shots[i];
    for (const auto& name : measure::composition_metric_names()) {
      out += fmt::format(",{},{}", fmt_num(cs.metrics.at(name).median), fmt_num(cs.metrics.at(name).iqr));
    }
    out += fmt::format(",{},{},{}", fmt_num(cs.face_share), fmt_num(cs.figure_share), measure::shot_scale_name(cs.scale_class));
    for (const auto& name : measure::texture_metric_names()) {
      out += fmt::format(",{},{}", fmt_num(m.texture.shots[i].metrics.at(name).median), fmt_num(m.texture.shots[i].metrics.at(name).iqr));
    }
    out += "\n";
  }
  return out;
}

}  // namespace stereotype::report
