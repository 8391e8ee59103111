#pragma once
// The colour family over a whole film: it collects per-frame values during the pass and, once the
// shots are known, aggregates them per shot (median, IQR) and per film (screen-time weighted).
// A shot settled during the pass is summarised then, and its frames let go.
#include <array>
#include <deque>
#include <map>
#include <string>
#include <vector>

#include "stereotype/measure/color.hpp"
#include "stereotype/measure/statistics.hpp"
#include "stereotype/shots/shot_list.hpp"

namespace stereotype::measure {

struct ShotColor {
  std::map<std::string, Summary> metrics;          // "color.<name>" -> median and IQR over the shot's frames
  std::array<double, kHueBins> hue_histogram{};    // chroma-weighted, sums to 1 (all 0 for a grey shot)
  double shadow_hue_deg = 0, shadow_chroma = 0;    // split tone: mean a*b* of the shadows ...
  double highlight_hue_deg = 0, highlight_chroma = 0;  // ... and of the highlights
  double split_angle_deg = 0;                      // angle between the two hues, 0..180 (NaN if either is grey)
  std::vector<PaletteColor> palette;               // up to 5 colours, shares sum to 1
  std::string hue_band;                            // dominant hue band, or "neutral"
  cv::Vec3f mean_bgr;                              // mean sRGB colour of the shot
  std::int64_t key_frame = 0;                      // frame whose colour is closest to the shot's median
};

struct FilmColor {
  std::map<std::string, double> median;  // "color.<name>" -> screen-time-weighted median of shot medians
  std::map<std::string, double> mean;    // ... and weighted mean
  double grading_uniformity = 0;         // 1 - mean pairwise palette distance / 40 dE (NaN if < 2 shots)
  double mean_palette_distance = 0;      // dE (EMD between shot palettes), screen-time weighted
  std::map<std::string, double> hue_band_share;  // share of screen time per dominant hue band
};

struct ColorProfile {
  std::vector<ShotColor> shots;  // parallel to ShotList::shots
  FilmColor film;
};

// Names of the scalar per-frame metrics, in output order ("color.lightness_mean", ...).
const std::vector<std::string>& color_metric_names();

class ColorFamily {
 public:
  explicit ColorFamily(ColorParams params = {}) : params_(params) {}
  void add(const media::Frame& frame);
  // Summarises a shot whose frames have all been added and will not be regrouped (see
  // shots::Segmenter::take_settled_shots), then drops those frames. Shots come in film order.
  const ShotColor& settle(const shots::Shot& shot);
  // Throws std::logic_error if the list splits frames already settled differently.
  ColorProfile summarize(const shots::ShotList& shots) const;
  // Mean sRGB colour of every frame (the barcode): kept whole, 12 bytes a frame.
  const std::vector<cv::Vec3f>& frame_mean_bgr() const { return mean_bgr_; }
  // Frames still held (not yet settled), for tests of memory.
  std::size_t held_frames() const { return frames_.size(); }
  std::size_t held_palette_samples() const { return samples_.size(); }
  const ColorParams& params() const { return params_; }

 private:
  ShotColor summarize_shot(std::int64_t first, std::int64_t last) const;
  ColorParams params_;
  std::deque<ColorFrame> frames_;  // frames [first_held_, first_held_ + size)
  std::int64_t first_held_ = 0;
  std::vector<cv::Vec3f> mean_bgr_;
  std::deque<std::pair<std::int64_t, cv::Mat>> samples_;  // 16x9 L*a*b* thumbnails, ~4 per second
  double last_sample_s_ = -1.0;
  static constexpr double kPaletteSamplesPerSecond = 4.0;
  double sample_interval_s_ = 1.0 / kPaletteSamplesPerSecond;  // doubles each time a long take's samples are thinned
  struct Settled {
    std::int64_t start_frame, frame_count;
    ShotColor color;
  };
  std::vector<Settled> settled_;
};

// Screen-time-weighted mean of the Earth Mover's Distance (dE) between the palettes of every
// pair of shots; NaN when there are fewer than two.
double mean_palette_distance(const std::vector<std::vector<PaletteColor>>& palettes, const std::vector<double>& weights);

inline constexpr double kGradingNormaliser = 40.0;  // dE: palettes this far apart are entirely different gradings

}  // namespace stereotype::measure
