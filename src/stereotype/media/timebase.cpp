#include "stereotype/media/timebase.hpp"

#include <cmath>
#include <fmt/format.h>

namespace stereotype::media {

double frame_to_seconds(std::int64_t index, Rational rate) {
  if (!rate.valid()) return 0.0;
  return static_cast<double>(index * rate.den) / static_cast<double>(rate.num);
}

std::string format_clock(double seconds) {
  if (!(seconds > 0.0)) seconds = 0.0;
  const auto ms_total = static_cast<std::int64_t>(std::llround(seconds * 1000.0));
  const auto ms = ms_total % 1000;
  const auto s = (ms_total / 1000) % 60;
  const auto m = (ms_total / 60000) % 60;
  const auto h = ms_total / 3600000;
  return fmt::format("{:02}:{:02}:{:02}.{:03}", h, m, s, ms);
}

int nominal_fps(Rational rate) {
  if (!rate.valid()) return 1;
  return static_cast<int>((rate.num + rate.den - 1) / rate.den);
}

std::string format_timecode(std::int64_t frame_index, Rational rate) {
  const std::int64_t fps = nominal_fps(rate);
  if (frame_index < 0) frame_index = 0;
  const auto ff = frame_index % fps;
  const auto total_s = frame_index / fps;
  return fmt::format("{:02}:{:02}:{:02}:{:02}", total_s / 3600, (total_s / 60) % 60, total_s % 60, ff);
}

}  // namespace stereotype::media
