#pragma once
// A long take must not hold ever more evidence while it lasts. The palette's L*a*b* thumbnails and
// the kept JPEG thumbnails are taken 4 times a second and held until their shot is settled: a
// 10-minute take held 2 400 of each (~16 MB), a 96-minute one would hold 23 000. Once more than
// `cap` samples of the shot still open are held, every other one is dropped (the first kept) and
// the caller samples at half its rate from then on, so a take of any length keeps between cap/2
// and cap samples spread evenly over it. Shorter shots are untouched.
#include <cstddef>
#include <iterator>
#include <utility>

namespace stereotype::measure {

inline constexpr std::size_t kMaxOpenSamples = 240;  // a minute at 4 a second

// `samples[open_from...]` belong to the open shot. Returns true when it thinned them (the caller
// then doubles its sampling interval).
template <class Samples>
bool thin_long_take(Samples& samples, std::size_t open_from, std::size_t cap = kMaxOpenSamples) {
  if (samples.size() <= open_from || samples.size() - open_from <= cap) return false;
  std::size_t kept = open_from;
  for (std::size_t i = open_from; i < samples.size(); i += 2) {
    if (kept != i) samples[kept] = std::move(samples[i]);
    ++kept;
  }
  samples.erase(std::next(samples.begin(), static_cast<std::ptrdiff_t>(kept)), samples.end());
  return true;
}

}  // namespace stereotype::measure
