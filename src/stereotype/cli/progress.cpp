#include "stereotype/cli/progress.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <unistd.h>

#include <fmt/format.h>

namespace stereotype::cli {

bool stderr_is_terminal() { return ::isatty(STDERR_FILENO) == 1; }

std::string time_left_text(double elapsed_s, double fraction) {
  if (!(elapsed_s >= 2.0) || !(fraction >= 0.01) || fraction > 1.0) return "";
  const auto left = static_cast<long long>(std::llround(elapsed_s * (1.0 - fraction) / fraction));
  const long long h = left / 3600, m = left / 60 % 60, sec = left % 60;
  return h > 0 ? fmt::format("{}:{:02}:{:02} left", h, m, sec) : fmt::format("{}:{:02} left", m, sec);
}

ProgressBar::ProgressBar(bool enabled, std::string label)
    : enabled_(enabled), label_(std::move(label)), start_(std::chrono::steady_clock::now()), last_(start_) {}

ProgressBar::~ProgressBar() { clear(); }

void ProgressBar::update(double fraction, std::int64_t frames) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (drawn_ && now - last_ < std::chrono::milliseconds(200)) return;
  last_ = now;
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  const double fps = elapsed > 0 ? frames / elapsed : 0.0;
  std::string line;
  if (fraction >= 0) {
    constexpr int kWidth = 30;
    const int filled = static_cast<int>(std::clamp(fraction, 0.0, 1.0) * kWidth);
    const std::string left = time_left_text(elapsed, fraction);
    line = fmt::format("\r[{}{}] {:3.0f}%  {} frames  {:.0f} fps  {}{}", std::string(filled, '#'),
                       std::string(kWidth - filled, '.'), 100.0 * std::clamp(fraction, 0.0, 1.0), frames, fps,
                       left.empty() ? "" : left + "  ", label_);
  } else {
    line = fmt::format("\r{} frames  {:.0f} fps  {}", frames, fps, label_);
  }
  std::fputs(line.c_str(), stderr);
  std::fputs("\x1b[K", stderr);  // erase what a longer previous line left
  std::fflush(stderr);
  drawn_ = true;
}

void ProgressBar::clear() {
  if (!drawn_) return;
  std::fputs("\r\x1b[K", stderr);
  std::fflush(stderr);
  drawn_ = false;
}

}  // namespace stereotype::cli
