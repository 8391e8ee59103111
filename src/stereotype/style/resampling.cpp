#include "stereotype/style/resampling.hpp"

namespace stereotype::style {

std::uint64_t stream_seed(std::uint64_t seed, std::string_view figure) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : figure) h = (h ^ c) * 1099511628211ULL;
  return seed ^ h;
}

__extension__ using Wide = unsigned __int128;

// Lemire's multiply-shift: unlike std::uniform_int_distribution, specified to the bit.
std::uint64_t uniform_index(std::uint64_t random, std::uint64_t n) {
  return static_cast<std::uint64_t>((static_cast<Wide>(random) * n) >> 64);
}

}  // namespace stereotype::style
