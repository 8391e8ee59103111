#pragma once
// The random streams behind every interval and p-value: one 64-bit Mersenne Twister per figure,
// seeded by the user's seed and the figure's name, so adding a figure never changes another's
// numbers and the same seed gives the same numbers on every machine.
#include <cstddef>
#include <cstdint>
#include <random>
#include <string_view>
#include <vector>

namespace stereotype::style {

// The seed of the stream that belongs to one figure (FNV-1a of its name, mixed with the seed).
std::uint64_t stream_seed(std::uint64_t seed, std::string_view figure);

// Deterministic uniform integer in [0, n) from a 64-bit generator (the same on every platform).
std::uint64_t uniform_index(std::uint64_t random, std::uint64_t n);

// Shots next to each other are alike — a scene keeps its light and its set-ups, shot and reverse
// shot alternate — so drawing shots one by one, as if independent, makes a film's figures look
// better known than they are. The circular block bootstrap (Politis & Romano 1992) draws runs of
// consecutive shots instead, wrapping from the last shot to the first so that every shot is drawn
// equally often on average.
//
// How long a run: Politis & White's (2004) automatic choice for the circular block bootstrap, with
// Patton, Politis & White's (2009) correction, from the values' own autocorrelation across
// consecutive shots — b = (2 G² / D)^(1/3) n^(1/3), G = Σ λ(k/M) |k| R(k), D = 4/3 (Σ λ(k/M) R(k))²
// over lags |k| ≤ M with the flat-top window λ, M twice the first lag after which K = max(5,
// ⌈√log₁₀ n⌉) autocorrelations in a row are within 2 √(log₁₀ n / n) of zero. Shots that do not
// resemble their neighbours get runs of 1 (the ordinary bootstrap); at most min(3 √n, n / 3).
std::size_t block_length(const std::vector<double>& values_in_film_order);

// The run length a resample uses: `fixed` when the user fixed one (--interval-run), else the
// automatic choice above.
inline std::size_t run_length(std::size_t fixed, const std::vector<double>& values_in_film_order) {
  return fixed > 0 ? fixed : block_length(values_in_film_order);
}

// One resample of the shots 0…n−1 in film order (n = drawn.size()): ⌈n/block⌉ runs of `block`
// consecutive shots, each from a uniform start, the last run cut so that n shots are drawn; sets
// drawn[i] to how often shot i was drawn. With block 1, n independent draws.
void draw_blocks(std::mt19937_64& rng, std::size_t block, std::vector<int>& drawn);

}  // namespace stereotype::style
