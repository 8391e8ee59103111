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

// A side of a comparison may pool several films. Its films differ from one another more than the
// shots of one film do (each has its own grading, its own sets), so a corpus is a sample of films,
// not of shots: resampling its shots together would take a corpus of five films for a sample of
// hundreds. The two-stage bootstrap (Davison & Hinkley 1997, §3.8) draws as many films as there are,
// with replacement, then each drawn film's shots in its own runs. One film: draw_blocks alone.
class ShotResampler {
 public:
  // `film`: each value's film, the films one after another (a new film wherever the number changes);
  // empty: one film. `fixed_run` > 0 fixes every film's run length (--interval-run).
  ShotResampler(const std::vector<double>& values_in_film_order, const std::vector<int>& film, std::size_t fixed_run);

  // Sets drawn[i] (resized to the number of values) to how often value i was drawn.
  void draw(std::mt19937_64& rng, std::vector<int>& drawn) const;

  std::size_t films() const { return starts_.size(); }
  std::size_t film_start(std::size_t f) const { return starts_[f]; }
  std::size_t film_end(std::size_t f) const { return f + 1 < starts_.size() ? starts_[f + 1] : n_; }
  std::size_t run() const;  // the run length (of several films, the longest)

 private:
  std::size_t n_ = 0;
  std::vector<std::size_t> starts_, runs_;
};

// What changes sides in a permutation test of two sides. Under the null hypothesis both come from
// one process, so what changes sides is what that process makes independently. Two corpora: whole
// films (a film's shots share its grading and sets), each side keeping its number of films.
// Otherwise runs of `run` neighbouring shots, not single shots: shuffling shot by shot would treat
// a scene of alike shots as many independent witnesses and make the p-value too small. Each side
// keeps its own number of runs; with runs of 1 this is the ordinary permutation test.
struct ShuffleUnit {
  int side = 0;  // 0: A's shots, 1: B's
  std::size_t first = 0, count = 0;
};
struct ShuffleUnits {
  std::vector<ShuffleUnit> units;  // A's first
  std::size_t units_a = 0;         // after a shuffle, the first units_a are A's
  bool films = false;
  int run = 0;                     // 0 when films change sides
};
// `film_a`, `film_b`: each side's shots' films (film_numbers), in order.
ShuffleUnits shuffle_units(const std::vector<int>& film_a, const std::vector<int>& film_b, std::size_t run);
// One shuffle: the units in a new order (Fisher-Yates with the platform-independent index).
void shuffle(std::mt19937_64& rng, ShuffleUnits& units);

// How many independent values a side's shots are worth. One film: its shots over the run length
// its resample uses (runs of neighbours are what it treats as independent). A corpus: Kish's (1965)
// effective size of a cluster sample, N / (1 + (m̄ − 1) ρ), m̄ = N / k shots a film, ρ the
// intra-class correlation of the shots' ranks (one-way ANOVA estimator, clamped to 0–1) — from k
// when each film's shots are alike to N when films differ no more than their shots.
// `films`: the resampler drawing these values (its films and run length).
double effective_units(const std::vector<double>& values_in_film_order, const ShotResampler& films);

// How many independent shots a screen-time-weighted mean rests on: effective_units (runs of
// neighbours, or a corpus's films) times Kish's (1965) loss to unequal weights, (Σw)² / (n Σw²).
double mean_units(const std::vector<double>& values, const std::vector<double>& weights, const ShotResampler& films);

// A percentile bootstrap of a mean is too narrow with few units: its variance divides by n, not
// n − 1, and it reads normal quantiles where Student's apply. Hesterberg's (2015) expanded
// percentile interval takes the percentiles at α'/2 = Φ(−√(n/(n−1)) t_{α/2, n−1}) instead of α/2;
// for a difference of two sides, each side's bootstrap variance V is corrected by n/(n − 1) and t
// has Welch–Satterthwaite's degrees of freedom: α'/2 = Φ(−t_{ν} √(ΣV'/ΣV)),
// ν = (ΣV')² / Σ V'²/(n − 1). `units`: mean_units. Returns α'/2: 0.025 when neither side varies, 0 (the resamples' range)
// when a side that varies rests on one unit or less.
double expanded_tail(double variance_a, double units_a, double variance_b, double units_b);

}  // namespace stereotype::style
