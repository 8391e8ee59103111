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

// "4:05 left" (or "1:02:07 left") from the time a pass has run and the share of the file it has
// read, at the speed so far; empty while too little has passed to tell (under 2 s or 1 %).
std::string time_left_text(double elapsed_s, double fraction);

}  // namespace stereotype::cli
