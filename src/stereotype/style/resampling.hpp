#pragma once
// The random streams behind every interval and p-value: one 64-bit Mersenne Twister per figure,
// seeded by the user's seed and the figure's name, so adding a figure never changes another's
// numbers and the same seed gives the same numbers on every machine.
#include <cstdint>
#include <string_view>

namespace stereotype::style {

// The seed of the stream that belongs to one figure (FNV-1a of its name, mixed with the seed).
std::uint64_t stream_seed(std::uint64_t seed, std::string_view figure);

// Deterministic uniform integer in [0, n) from a 64-bit generator (the same on every platform).
std::uint64_t uniform_index(std::uint64_t random, std::uint64_t n);

}  // namespace stereotype::style
