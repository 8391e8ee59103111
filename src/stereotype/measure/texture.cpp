#include "stereotype/measure/texture.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>

#include <opencv2/imgproc.hpp>
#include <opencv2/quality/qualitybrisque.hpp>

#include "stereotype/error.hpp"

namespace stereotype::measure {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kPi = 3.14159265358979323846;
constexpr double kClipLow = 16, kClipHigh = 239;  // grey levels: blocks darker or brighter are not used for grain

// Immerkær's operator: the difference of two Laplacians, blind to any local plane and to most
// smooth structure, with a known response to white Gaussian noise.
cv::Mat noise_response(const cv::Mat& gray) {
  static const cv::Mat kernel = (cv::Mat_<float>(3, 3) << 1, -2, 1, -2, 4, -2, 1, -2, 1);
  cv::Mat f, r;
  gray.convertTo(f, CV_32F);
  cv::filter2D(f, r, CV_32F, kernel, cv::Point(-1, -1), 0, cv::BORDER_REFLECT);
  return cv::abs(r);
}
}  // namespace

double fine_detail(const cv::Mat& gray) {
  cv::Mat f, down, up;
  gray.convertTo(f, CV_32F);
  cv::pyrDown(f, down);
  cv::pyrUp(down, up, f.size());
  const cv::Mat band = f - up;
  cv::Scalar mean, sd;
  cv::meanStdDev(f, mean, sd);
  const double total = sd[0] * sd[0] * static_cast<double>(f.total());
  if (total < 1e-6) return kNaN;  // a flat frame has no energy to share out
  return std::min(1.0, cv::norm(band, cv::NORM_L2SQR) / total);
}

namespace {
// Per 8x8 block: its noise (Immerkær, high-pass), its structure (std of the blurred block,
// low-pass) and its brightness. The two see different frequencies, so choosing blocks by
// structure does not bias the noise they report. Grain and smoothness both read these.
struct Block {
  double structure, sigma, mean;
};

std::vector<Block> block_statistics(const cv::Mat& gray, int b) {
  const cv::Mat response = noise_response(gray);
  cv::Mat f, blurred;
  gray.convertTo(f, CV_32F);
  cv::GaussianBlur(f, blurred, cv::Size(0, 0), 2.0);
  std::vector<Block> blocks;
  for (int y = 1; y + b <= gray.rows - 1; y += b) {
    for (int x = 1; x + b <= gray.cols - 1; x += b) {
      const cv::Rect r(x, y, b, b);
      cv::Scalar m, sd;
      cv::meanStdDev(blurred(r), m, sd);
      blocks.push_back({sd[0], std::sqrt(kPi / 2.0) * cv::mean(response(r))[0] / 6.0, m[0]});
    }
  }
  return blocks;
}

double grain_of(std::vector<Block> blocks, const TextureParams& p) {
  // Near black or white the noise is clipped away: such blocks would read as clean.
  std::erase_if(blocks, [](const Block& k) { return k.mean < kClipLow || k.mean > kClipHigh; });
  if (blocks.empty()) return kNaN;
  std::sort(blocks.begin(), blocks.end(), [](const Block& x, const Block& y) { return x.structure < y.structure; });
  const std::size_t n = std::max<std::size_t>(1, static_cast<std::size_t>(p.flat_share * static_cast<double>(blocks.size())));
  std::vector<double> sigmas;
  for (std::size_t i = 0; i < n; ++i) sigmas.push_back(blocks[i].sigma);
  return quantile(sigmas, 0.5);
}

double smooth_share_of(const std::vector<Block>& blocks, const TextureParams& p) {
  if (blocks.empty()) return kNaN;
  const auto smooth = std::count_if(blocks.begin(), blocks.end(),
                                    [&](const Block& k) { return k.sigma < p.smooth_noise && k.structure < p.smooth_structure; });
  return static_cast<double>(smooth) / static_cast<double>(blocks.size());
}
}  // namespace

double grain_sigma(const cv::Mat& gray, const TextureParams& p) { return grain_of(block_statistics(gray, p.block), p); }

double laplacian_sharpness(const cv::Mat& gray) {
  cv::Mat lap;
  cv::Laplacian(gray, lap, CV_32F, 3);
  cv::Scalar m, sd;
  cv::meanStdDev(lap, m, sd);
  return sd[0] * sd[0];
}

double smooth_share(const cv::Mat& gray, const TextureParams& p) { return smooth_share_of(block_statistics(gray, p.block), p); }

struct TextureFamily::Impl {
  cv::Ptr<cv::quality::QualityBRISQUE> brisque;
};

TextureFamily::TextureFamily(TextureParams params) : params_(std::move(params)), impl_(new Impl) {
  for (const auto& file : {params_.brisque_model, params_.brisque_range}) {
    std::error_code ec;
    if (!std::filesystem::exists(file, ec)) {
      delete impl_;
      throw Error(ErrorKind::InputMissing, file, "BRISQUE model file missing (install the Debian package opencv-data)");
    }
  }
  impl_->brisque = cv::quality::QualityBRISQUE::create(params_.brisque_model, params_.brisque_range);
}

TextureFamily::~TextureFamily() { delete impl_; }

double TextureFamily::brisque(const cv::Mat& bgr) const {
  const cv::Scalar score = impl_->brisque->compute(bgr);
  return std::isfinite(score[0]) ? score[0] : kNaN;
}

void TextureFamily::add(const media::Frame& frame) {
  const bool texture_due = next_s_ < 0 || frame.time_s >= next_s_ || frame.time_s < next_s_ - 2.0 / params_.samples_per_second;
  const bool brisque_due = next_brisque_s_ < 0 || frame.time_s >= next_brisque_s_ || frame.time_s < next_brisque_s_ - 2.0 / params_.brisque_per_second;
  if (!texture_due && !brisque_due) return;
  TextureSample s;
  s.frame = frame.index;
  s.time_s = frame.time_s;
  if (texture_due) {
    s.values["texture.detail"] = fine_detail(frame.gray);
    const auto blocks = block_statistics(frame.gray, params_.block);  // once, for grain and smoothness
    s.values["texture.grain"] = grain_of(blocks, params_);
    s.values["texture.sharpness"] = laplacian_sharpness(frame.gray);
    s.values["texture.smoothness"] = smooth_share_of(blocks, params_);
    next_s_ = frame.time_s + 1.0 / params_.samples_per_second;
  }
  if (brisque_due) {
    s.values["texture.brisque"] = brisque(frame.bgr);
    next_brisque_s_ = frame.time_s + 1.0 / params_.brisque_per_second;
  }
  samples_.push_back(std::move(s));
}

const std::vector<std::string>& texture_metric_names() {
  static const std::vector<std::string> names = {"texture.detail",     "texture.grain",   "texture.sharpness",
                                                  "texture.smoothness", "texture.boiling", "texture.brisque"};
  return names;
}

TextureProfile summarize_texture(const std::vector<TextureSample>& samples, const std::vector<MotionPair>& pairs, const shots::ShotList& list) {
  TextureProfile out;
  out.shots.resize(list.shots.size());
  std::map<std::string, std::vector<std::pair<double, double>>> film_values;
  std::size_t si = 0, pi = 0;
  for (std::size_t k = 0; k < list.shots.size(); ++k) {
    const auto& shot = list.shots[k];
    const std::int64_t end = shot.start_frame + shot.frame_count;
    std::map<std::string, std::vector<double>> values;
    while (si < samples.size() && samples[si].frame < shot.start_frame) ++si;
    for (; si < samples.size() && samples[si].frame < end; ++si) {
      if (samples[si].values.count("texture.detail")) ++out.shots[k].samples;
      for (const auto& [key, v] : samples[si].values) values[std::string(key)].push_back(v);
    }
    while (pi < pairs.size() && pairs[pi].first_frame < shot.start_frame) ++pi;
    for (std::size_t j = pi; j < pairs.size() && pairs[j].first_frame < end; ++j)
      if (pairs[j].second_frame < end) values["texture.boiling"].push_back(pairs[j].detail_change);
    const double weight = shot.blank ? 0.0 : shot.duration_s();
    for (const auto& key : texture_metric_names()) {
      out.shots[k].metrics[key] = summarize(values[key]);
      film_values[key].emplace_back(out.shots[k].metrics[key].median, weight);
    }
  }
  for (const auto& key : texture_metric_names()) {
    out.film_median[key] = weighted_median(film_values[key]);
    out.film_mean[key] = weighted_mean(film_values[key]);
  }
  return out;
}

}  // namespace stereotype::measure
