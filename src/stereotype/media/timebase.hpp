#pragma once
// Time as an integer frame index plus a rational rate (as OpenTimelineIO's RationalTime), never a
// floating-point frame rate: 30000/1001 must stay exact for timecodes and EDL export.
#include <cstdint>
#include <numeric>
#include <string>

namespace stereotype::media {

struct Rational {
  std::int64_t num = 0;
  std::int64_t den = 1;

  constexpr bool valid() const { return num > 0 && den > 0; }
  constexpr double value() const { return den == 0 ? 0.0 : static_cast<double>(num) / static_cast<double>(den); }
  Rational reduced() const {
    const auto g = std::gcd(num, den);
    return g == 0 ? *this : Rational{num / g, den / g};
  }
  friend constexpr bool operator==(const Rational& a, const Rational& b) { return a.num * b.den == b.num * a.den; }
};

// Seconds of frame `index` at `rate` (exact integer arithmetic until the final division).
double frame_to_seconds(std::int64_t index, Rational rate);

// "HH:MM:SS.mmm" — wall-clock time, independent of frame rate, for CSV/JSON readers.
std::string format_clock(double seconds);

// SMPTE-style "HH:MM:SS:FF" at the nominal integer rate (ceil of the rate, as CMX 3600 EDLs use
// non-drop-frame timecode at 30 for 29.97 material).
std::string format_timecode(std::int64_t frame_index, Rational rate);

// Nominal integer frames per second used by timecodes: 24 for 24000/1001, 30 for 30000/1001.
int nominal_fps(Rational rate);

}  // namespace stereotype::media
