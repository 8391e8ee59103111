#include "stereotype/evidence/key_frame_signature.hpp"

#include <bit>
#include <cmath>
#include <stdexcept>

#include <fmt/format.h>
#include <opencv2/img_hash.hpp>
#include <opencv2/imgproc.hpp>

#include "stereotype/measure/color.hpp"

namespace stereotype::evidence {

KeyFrameSignature key_frame_signature(const cv::Mat& bgr) {
  KeyFrameSignature s;
  if (bgr.empty() || bgr.type() != CV_8UC3) return s;
  cv::Mat hash;
  cv::img_hash::pHash(bgr, hash);
  for (int i = 0; i < 8; ++i) s.phash = (s.phash << 8) | hash.at<std::uint8_t>(0, i);
  cv::Mat grey, small;
  cv::cvtColor(bgr, grey, cv::COLOR_BGR2GRAY);
  cv::resize(grey, small, cv::Size(kThumbWidth, kThumbHeight), 0, 0, cv::INTER_AREA);
  for (int y = 0; y < kThumbHeight; ++y)
    for (int x = 0; x < kThumbWidth; ++x) s.thumb[static_cast<std::size_t>(y * kThumbWidth + x)] = small.at<std::uint8_t>(y, x);
  const cv::Scalar mean = cv::mean(bgr);
  s.mean_lab = measure::bgr8_to_lab(cv::Vec3f(static_cast<float>(mean[0]), static_cast<float>(mean[1]), static_cast<float>(mean[2])));
  s.valid = true;
  return s;
}

std::string phash_hex(std::uint64_t hash) { return fmt::format("{:016x}", hash); }

std::uint64_t phash_from_hex(const std::string& text) {
  if (text.size() != 16 || text.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos)
    throw std::invalid_argument("a 16-digit hexadecimal hash");
  return std::stoull(text, nullptr, 16);
}

std::string thumb_text(const KeyFrameSignature& s) {
  std::string out;
  out.reserve(s.thumb.size() * 2);
  for (auto v : s.thumb) out += fmt::format("{:02x}", v);
  return out;
}

void thumb_from_text(const std::string& text, KeyFrameSignature& s) {
  if (text.size() != s.thumb.size() * 2 || text.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos)
    throw std::invalid_argument(fmt::format("{} hexadecimal digits", s.thumb.size() * 2));
  for (std::size_t i = 0; i < s.thumb.size(); ++i) s.thumb[i] = static_cast<std::uint8_t>(std::stoi(text.substr(2 * i, 2), nullptr, 16));
}

double hash_distance(std::uint64_t a, std::uint64_t b) { return std::popcount(a ^ b) / 64.0; }

double thumb_correlation(const KeyFrameSignature& a, const KeyFrameSignature& b) {
  const double n = static_cast<double>(a.thumb.size());
  double ma = 0, mb = 0;
  for (std::size_t i = 0; i < a.thumb.size(); ++i) {
    ma += a.thumb[i];
    mb += b.thumb[i];
  }
  ma /= n;
  mb /= n;
  double sab = 0, saa = 0, sbb = 0;
  for (std::size_t i = 0; i < a.thumb.size(); ++i) {
    const double x = a.thumb[i] - ma, y = b.thumb[i] - mb;
    sab += x * y;
    saa += x * x;
    sbb += y * y;
  }
  return saa > 1e-9 && sbb > 1e-9 ? sab / std::sqrt(saa * sbb) : std::nan("");
}

}  // namespace stereotype::evidence
