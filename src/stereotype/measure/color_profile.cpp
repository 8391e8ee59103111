#include "stereotype/measure/color_profile.hpp"

#include <cmath>
#include <functional>
#include <limits>
#include <stdexcept>

#include <opencv2/imgproc.hpp>

#include "stereotype/measure/long_take.hpp"

namespace stereotype::measure {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kNeutralChroma = 8.0;  // shots whose median C*ab is below this have no dominant hue

struct MetricDef {
  const char* name;
  std::function<double(const ColorFrame&)> value;
};

const std::vector<MetricDef>& metric_defs() {
  static const std::vector<MetricDef> defs = {
      {"color.lightness_mean", [](const ColorFrame& f) { return f.lightness_mean; }},
      {"color.lightness_p05", [](const ColorFrame& f) { return f.lightness_p05; }},
      {"color.lightness_p95", [](const ColorFrame& f) { return f.lightness_p95; }},
      {"color.dynamic_range", [](const ColorFrame& f) { return f.dynamic_range; }},
      {"color.contrast_rms", [](const ColorFrame& f) { return f.contrast_rms; }},
      {"color.colorfulness", [](const ColorFrame& f) { return f.colorfulness; }},
      {"color.chroma_mean", [](const ColorFrame& f) { return f.chroma_mean; }},
      {"color.hue_concentration", [](const ColorFrame& f) { return f.hue_concentration; }},
      {"color.hue_concentration_doubled", [](const ColorFrame& f) { return f.hue_concentration_doubled; }},
      {"color.teal_orange", [](const ColorFrame& f) { return f.teal_orange; }},
      {"color.neon_share", [](const ColorFrame& f) { return f.neon_share; }},
      {"color.haze", [](const ColorFrame& f) { return f.haze; }},
      {"color.cct_k", [](const ColorFrame& f) { return correlated_color_temperature(f.mean_linear_rgb); }},
  };
  return defs;
}

double angle_between(double h1, double h2) {
  const double d = std::fmod(std::abs(h1 - h2), 360.0);
  return d > 180.0 ? 360.0 - d : d;
}

cv::Mat signature(const std::vector<PaletteColor>& palette) {
  cv::Mat s(static_cast<int>(palette.size()), 4, CV_32F);
  for (int i = 0; i < s.rows; ++i) {
    const auto& p = palette[static_cast<std::size_t>(i)];
    s.at<float>(i, 0) = p.share;
    for (int c = 0; c < 3; ++c) s.at<float>(i, c + 1) = p.lab[c];
  }
  return s;
}

}  // namespace

const std::vector<std::string>& color_metric_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> n;
    for (const auto& d : metric_defs()) n.emplace_back(d.name);
    return n;
  }();
  return names;
}

void ColorFamily::add(const media::Frame& frame) {
  const bool sample = last_sample_s_ < 0 || frame.time_s - last_sample_s_ >= sample_interval_s_ - 1e-9;
  cv::Mat lab_samples;
  frames_.push_back(analyze_color(frame, params_, sample ? &lab_samples : nullptr));
  mean_bgr_.push_back(frames_.back().mean_bgr);
  if (sample) {
    samples_.emplace_back(static_cast<std::int64_t>(mean_bgr_.size()) - 1, lab_samples);
    last_sample_s_ = frame.time_s;
    if (thin_long_take(samples_, 0)) sample_interval_s_ *= 2;  // every sample held is of the open shot
  }
}

const ShotColor& ColorFamily::settle(const shots::Shot& shot) {
  const std::int64_t end = shot.start_frame + shot.frame_count;
  settled_.push_back({shot.start_frame, shot.frame_count, summarize_shot(shot.start_frame, end)});
  const auto drop = std::clamp<std::int64_t>(end - first_held_, 0, static_cast<std::int64_t>(frames_.size()));
  frames_.erase(frames_.begin(), frames_.begin() + drop);
  first_held_ += drop;
  while (!samples_.empty() && samples_.front().first < end) samples_.pop_front();
  sample_interval_s_ = 1.0 / kPaletteSamplesPerSecond;
  return settled_.back().color;
}

double mean_palette_distance(const std::vector<std::vector<PaletteColor>>& palettes, const std::vector<double>& weights) {
  double sum = 0, total = 0;
  for (std::size_t i = 0; i < palettes.size(); ++i) {
    for (std::size_t j = i + 1; j < palettes.size(); ++j) {
      if (palettes[i].empty() || palettes[j].empty()) continue;
      const double w = weights[i] * weights[j];
      sum += w * cv::EMD(signature(palettes[i]), signature(palettes[j]), cv::DIST_L2);
      total += w;
    }
  }
  return total > 0 ? sum / total : kNaN;
}

ShotColor ColorFamily::summarize_shot(std::int64_t first_frame, std::int64_t end_frame) const {
  ShotColor sc;
  const auto held = static_cast<std::int64_t>(frames_.size());
  const auto first = static_cast<std::size_t>(std::clamp<std::int64_t>(first_frame - first_held_, 0, held));
  const auto last = static_cast<std::size_t>(std::clamp<std::int64_t>(end_frame - first_held_, 0, held));
  const auto frame_number = [&](std::size_t i) { return static_cast<std::int64_t>(i) + first_held_; };
  for (const auto& def : metric_defs()) {
    std::vector<double> values;
    for (auto i = first; i < last; ++i) values.push_back(def.value(frames_[i]));
    sc.metrics[def.name] = measure::summarize(values);
  }
  // Hue histogram, split tone and mean colour: averages over the shot's frames.
  double sa = 0, sb = 0, ha = 0, hb = 0;
  cv::Vec3d bgr(0, 0, 0);
  for (auto i = first; i < last; ++i) {
    const auto& f = frames_[i];
    for (int b = 0; b < kHueBins; ++b) sc.hue_histogram[static_cast<std::size_t>(b)] += f.hue_mass[static_cast<std::size_t>(b)];
    sa += f.shadow_a; sb += f.shadow_b; ha += f.highlight_a; hb += f.highlight_b;
    bgr += cv::Vec3d(f.mean_bgr[0], f.mean_bgr[1], f.mean_bgr[2]);
  }
  const double n = std::max<double>(1.0, static_cast<double>(last - first));
  double mass = 0;
  for (double m : sc.hue_histogram) mass += m;
  for (double& m : sc.hue_histogram) m = mass > 1e-9 ? m / mass : 0.0;
  sc.shadow_hue_deg = hue_angle_deg(sa / n, sb / n);
  sc.shadow_chroma = std::hypot(sa / n, sb / n);
  sc.highlight_hue_deg = hue_angle_deg(ha / n, hb / n);
  sc.highlight_chroma = std::hypot(ha / n, hb / n);
  sc.split_angle_deg = (sc.shadow_chroma >= 2 && sc.highlight_chroma >= 2) ? angle_between(sc.shadow_hue_deg, sc.highlight_hue_deg) : kNaN;
  sc.mean_bgr = cv::Vec3f(static_cast<float>(bgr[0] / n), static_cast<float>(bgr[1] / n), static_cast<float>(bgr[2] / n));

  // Dominant hue band by chroma mass, unless the shot is nearly grey.
  if (sc.metrics["color.chroma_mean"].median < kNeutralChroma || mass <= 1e-9) {
    sc.hue_band = "neutral";
  } else {
    double best = -1;
    for (const auto& band : hue_bands()) {
      double m = 0;
      for (int b = 0; b < kHueBins; ++b) {
        if (hue_band_of(b * 10.0 + 5.0) == band.name) m += sc.hue_histogram[static_cast<std::size_t>(b)];
      }
      if (m > best) { best = m; sc.hue_band = band.name; }
    }
  }

  // Palette from the shot's L*a*b* samples; a shot too short to be sampled uses its frames' means.
  std::vector<cv::Mat> pixels;
  auto sample = std::lower_bound(samples_.begin(), samples_.end(), first_frame, [](const auto& s, std::int64_t f) { return s.first < f; });
  for (; sample != samples_.end() && sample->first < end_frame; ++sample) {
    pixels.push_back(sample->second.reshape(3, static_cast<int>(sample->second.total())));
  }
  if (pixels.empty()) {
    for (auto i = first; i < last; ++i) {
      pixels.push_back(cv::Mat(1, 1, CV_32FC3, cv::Scalar(frames_[i].lightness_mean, frames_[i].mean_a, frames_[i].mean_b)));
    }
  }
  if (!pixels.empty()) {
    cv::Mat all;
    cv::vconcat(pixels, all);
    sc.palette = dominant_palette(all, 5, 1);
  }

  // Key frame: the frame whose mean L*a*b* is closest to the shot's median frame colour.
  const double ml = sc.metrics["color.lightness_mean"].median;
  std::vector<double> as, bs;
  for (auto i = first; i < last; ++i) { as.push_back(frames_[i].mean_a); bs.push_back(frames_[i].mean_b); }
  const double ma = quantile(as, 0.5), mb = quantile(bs, 0.5);
  double best = std::numeric_limits<double>::max();
  sc.key_frame = first_frame;
  for (auto i = first; i < last; ++i) {
    const double d = std::pow(frames_[i].lightness_mean - ml, 2) + std::pow(frames_[i].mean_a - ma, 2) + std::pow(frames_[i].mean_b - mb, 2);
    if (d < best) { best = d; sc.key_frame = frame_number(i); }
  }
  return sc;
}

ColorProfile ColorFamily::summarize(const shots::ShotList& list) const {
  ColorProfile profile;
  auto settled = settled_.begin();
  for (const auto& shot : list.shots) {
    const std::int64_t end = shot.start_frame + shot.frame_count;
    while (settled != settled_.end() && settled->start_frame < shot.start_frame) ++settled;
    if (settled != settled_.end() && settled->start_frame == shot.start_frame && settled->frame_count == shot.frame_count) {
      profile.shots.push_back(settled->color);
    } else if (shot.start_frame < first_held_ && shot.frame_count > 0) {
      throw std::logic_error("colour: a shot of the final list was settled differently during the pass");
    } else {
      profile.shots.push_back(summarize_shot(shot.start_frame, end));
    }
  }

  // Film: screen-time-weighted over picture shots (black/white holds are left out).
  FilmColor& film = profile.film;
  std::vector<std::vector<PaletteColor>> palettes;
  std::vector<double> weights;
  double picture_time = 0;
  for (std::size_t i = 0; i < list.shots.size(); ++i) {
    if (list.shots[i].blank) continue;
    palettes.push_back(profile.shots[i].palette);
    weights.push_back(list.shots[i].duration_s());
    picture_time += list.shots[i].duration_s();
    film.hue_band_share[profile.shots[i].hue_band] += list.shots[i].duration_s();
  }
  for (auto& [band, t] : film.hue_band_share) t = picture_time > 0 ? t / picture_time : 0.0;
  for (const auto& def : metric_defs()) {
    std::vector<std::pair<double, double>> vw;
    for (std::size_t i = 0; i < list.shots.size(); ++i) {
      if (!list.shots[i].blank) vw.emplace_back(profile.shots[i].metrics[def.name].median, list.shots[i].duration_s());
    }
    film.median[def.name] = weighted_median(vw);
    film.mean[def.name] = weighted_mean(vw);
  }
  film.mean_palette_distance = mean_palette_distance(palettes, weights);
  film.grading_uniformity = std::isnan(film.mean_palette_distance) ? kNaN : 1.0 - std::min(1.0, film.mean_palette_distance / kGradingNormaliser);
  return profile;
}

}  // namespace stereotype::measure
