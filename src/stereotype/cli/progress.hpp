#pragma once
// A one-line progress bar on stderr for long files; silent when stderr is not a terminal.
#include <chrono>
#include <cstdint>
#include <string>

namespace stereotype::cli {

class ProgressBar {
 public:
  ProgressBar(bool enabled, std::string label);
  ~ProgressBar();
  void update(double fraction, std::int64_t frames);
  void clear();

 private:
  bool enabled_;
  bool drawn_ = false;
  std::string label_;
  std::chrono::steady_clock::time_point start_, last_;
};

bool stderr_is_terminal();

}  // namespace stereotype::cli
