#pragma once
// Texture and surface: the "concept art" look — fine detail, grain, sharpness, the airbrushed
// share of the frame, detail that boils from frame to frame, and no-reference quality (BRISQUE).
// Measured at the analysis scale on frames sampled at a fixed rate; boiling comes from the motion
// family's flow (the same flow, not a second one). Definitions: docs/metrics/texture.md.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "stereotype/measure/motion.hpp"
#include "stereotype/measure/sample_values.hpp"
#include "stereotype/measure/statistics.hpp"
#include "stereotype/media/frame.hpp"
#include "stereotype/shots/shot_list.hpp"

namespace stereotype::measure {

struct TextureParams {
  double samples_per_second = 4.0;        // detail, grain, sharpness, smoothness
  double brisque_per_second = 1.0;        // BRISQUE is the slow one
  int block = 8;                          // px: grain and smoothness are judged per block
  double flat_share = 0.25;               // grain: the least-structured quarter of the blocks
  double smooth_noise = 1.0;              // grey levels: a block noise-free below this ...
  double smooth_structure = 2.0;          // ... and flat (std of the blurred block) below this
  std::string brisque_model = "/usr/share/opencv4/quality/brisque_model_live.yml";
  std::string brisque_range = "/usr/share/opencv4/quality/brisque_range_live.yml";
};

// The per-frame measurements (exposed for tests); grey 8-bit frames.
double fine_detail(const cv::Mat& gray);                 // finest Laplacian-pyramid band's share of the energy, 0..1
double grain_sigma(const cv::Mat& gray, const TextureParams& p = {});  // noise std in flat regions, grey levels
double laplacian_sharpness(const cv::Mat& gray);         // variance of the 3x3 Laplacian
double smooth_share(const cv::Mat& gray, const TextureParams& p = {});  // share of blocks flat and noise-free

struct TextureSample {
  std::int64_t frame = 0;
  double time_s = 0;
  SampleValues values;  // "texture.<name>" (BRISQUE only on its own samples, else absent)
};

class TextureFamily {
 public:
  // Throws stereotype::Error when the BRISQUE model files are missing (install opencv-data).
  explicit TextureFamily(TextureParams params = {});
  ~TextureFamily();
  TextureFamily(const TextureFamily&) = delete;
  TextureFamily& operator=(const TextureFamily&) = delete;
  void add(const media::Frame& frame);
  const std::vector<TextureSample>& samples() const { return samples_; }
  const TextureParams& params() const { return params_; }
  double brisque(const cv::Mat& bgr) const;

 private:
  struct Impl;
  TextureParams params_;
  Impl* impl_;
  std::vector<TextureSample> samples_;
  double next_s_ = -1, next_brisque_s_ = -1;
};

struct ShotTexture {
  int samples = 0;
  std::map<std::string, Summary> metrics;  // "texture.<name>" -> median, IQR
};

struct TextureProfile {
  std::vector<ShotTexture> shots;  // parallel to ShotList::shots
  std::map<std::string, double> film_median, film_mean;
};

const std::vector<std::string>& texture_metric_names();

// Boiling per shot from the motion pairs (their `detail_change`), the rest from the samples.
TextureProfile summarize_texture(const std::vector<TextureSample>& samples, const std::vector<MotionPair>& pairs,
                                 const shots::ShotList& shots);

}  // namespace stereotype::measure
