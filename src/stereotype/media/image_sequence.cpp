// A sequence of still images read as a film at a fixed rate (storyboards, frame dumps, generator
// outputs saved as PNG).
#include <filesystem>

#include <fmt/format.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "stereotype/error.hpp"
#include "stereotype/media/source.hpp"

namespace stereotype::media {
namespace {

class ImageSequence final : public Source {
 public:
  ImageSequence(const std::string& name, std::vector<std::string> files, const SourceOptions& options)
      : options_(options), files_(std::move(files)) {
    info_.path = name;
    info_.container = "image-sequence";
    info_.codec = "images";
    info_.frame_rate = options.image_rate.valid() ? options.image_rate.reduced() : Rational{24, 1};
    info_.declared_frames = static_cast<std::int64_t>(files_.size());
    info_.declared_duration_s = frame_to_seconds(info_.declared_frames, info_.frame_rate);
    info_.color_matrix = "rgb";
    info_.color_range = "full";
    if (files_.empty()) throw Error(ErrorKind::InputInvalid, name, "no image files");
  }

  const SourceInfo& info() const override { return info_; }
  const DamageReport& damage() const override { return damage_; }
  double progress() const override { return files_.empty() ? -1.0 : static_cast<double>(next_) / files_.size(); }

  bool read(Frame& out) override {
    while (next_ < files_.size()) {
      const std::string& file = files_[next_++];
      cv::Mat image;
      try {
        image = cv::imread(file, cv::IMREAD_COLOR);
      } catch (const cv::Exception&) {
        image.release();
      }
      if (image.empty()) {
        if (!options_.allow_damage) {
          throw Error(ErrorKind::InputInvalid, info_.path,
                      fmt::format("image '{}' cannot be decoded (use --allow-damage to skip it)",
                                  std::filesystem::path(file).filename().string()));
        }
        damage_.skipped_images.push_back(file);
        continue;
      }
      if (info_.analysis_width == 0) {
        info_.width = image.cols;
        info_.height = image.rows;
        const auto a = analysis_size(image.cols, image.rows, options_.analysis_short_side, options_.max_aspect);
        info_.analysis_width = a.width;
        info_.analysis_height = a.height;
      }
      const cv::Size target(info_.analysis_width, info_.analysis_height);
      const bool shrinking = image.cols >= target.width && image.rows >= target.height;
      cv::resize(image, out.bgr, target, 0, 0, shrinking ? cv::INTER_AREA : cv::INTER_LINEAR);
      cv::cvtColor(out.bgr, out.gray, cv::COLOR_BGR2GRAY);
      out.ycbcr = YCbCrPlanes{};
      out.decoded = DecodedPlanes{};
      out.index = frames_out_;
      out.time_s = frame_to_seconds(frames_out_, info_.frame_rate);
      ++frames_out_;
      return true;
    }
    if (frames_out_ == 0) throw Error(ErrorKind::InputInvalid, info_.path, "no image in the sequence could be decoded");
    return false;
  }

 private:
  SourceOptions options_;
  SourceInfo info_;
  DamageReport damage_;
  std::vector<std::string> files_;
  std::size_t next_ = 0;
  std::int64_t frames_out_ = 0;
};

}  // namespace

std::unique_ptr<Source> open_image_sequence(const std::string& name, std::vector<std::string> files,
                                            const SourceOptions& options) {
  return std::make_unique<ImageSequence>(name, std::move(files), options);
}

}  // namespace stereotype::media
