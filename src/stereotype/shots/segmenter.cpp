#include "stereotype/shots/segmenter.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace stereotype::shots {

namespace {

constexpr ParamInfo kParams[] = {
    {"cut-threshold", "content distance (0-1) between consecutive frames that a hard cut must reach",
     &SegmenterParams::cut_threshold, 0.01, 1.0},
    {"cut-ratio", "a cut's distance must also be this many times the local average (adapts to motion)",
     &SegmenterParams::cut_ratio, 1.0, 20.0},
    {"context", "seconds on each side of a candidate cut used for the local average", &SegmenterParams::context_s, 0.1,
     10.0},
    {"flash-window", "seconds within which the scene coming back marks a flash or occlusion, not a cut",
     &SegmenterParams::flash_window_s, 0.0, 3.0},
    {"min-shot", "shortest shot in seconds; closer cuts keep only the stronger", &SegmenterParams::min_shot_s, 0.0,
     10.0},
    {"gradual-threshold", "content distance (0-1) between the ends of a dissolve", &SegmenterParams::gradual_threshold,
     0.01, 1.0},
    {"blend-residual", "how far (0-1) the middle of a dissolve may be from a pure mix of its ends",
     &SegmenterParams::blend_residual, 0.001, 1.0},
    {"max-gradual", "longest dissolve or fade looked for, in seconds", &SegmenterParams::max_gradual_s, 0.2, 10.0},
    {"max-hold", "longest black/white hold (s) that still joins a fade-out and fade-in into one transition",
     &SegmenterParams::max_hold_s, 0.0, 30.0},
};

// A frame is "flat" when it carries no picture: black or white with almost no contrast.
constexpr float kFlatStd = 0.035f;
constexpr float kBlackMean = 0.15f;
constexpr float kWhiteMean = 0.85f;
// How many times larger than both neighbouring steps the step at a cut must be.
constexpr double kPeakSharpness = 1.5;
// Largest luma-thumbnail correlation across a cut (measured cuts in real footage: -0.3 ... 0.25).
constexpr double kMaxCutStructure = 0.75;
constexpr double kMaxDissolveEndsStructure = 0.7;
constexpr double kMaxSameLayoutHueDistance = 0.3;

FadeColor flat_color(const FrameSignature& s) {
  if (s.luma_std >= kFlatStd) return FadeColor::None;
  if (s.luma_mean <= kBlackMean) return FadeColor::Black;
  if (s.luma_mean >= kWhiteMean) return FadeColor::White;
  return FadeColor::None;
}

// How much picture a frame shows on top of a flat colour: RMS distance of its thumbnail from it.
double visibility(const FrameSignature& s, const FrameSignature& flat) {
  cv::Mat d = s.thumb - flat.thumb;
  return std::sqrt(d.dot(d) / static_cast<double>(d.total() * d.channels()));
}

std::int64_t frames_for(double seconds, double fps, std::int64_t min_frames) {
  return std::max<std::int64_t>(min_frames, static_cast<std::int64_t>(std::lround(seconds * fps)));
}

struct Context {
  std::span<const FrameSignature> sig;
  const SegmenterParams& p;
  double fps;
  std::int64_t n;
  std::vector<double> step;  // step[b] = distance between frames b-1 and b (step[0] = 0)
  std::vector<FadeColor> flat;
};

// The same layout of light and dark in the same colours: what a camera jolt, a flash or a lamp
// switched on leave of a picture.
bool same_layout(const FrameSignature& a, const FrameSignature& b, double min_structure) {
  return a.luma_std >= kFlatStd && b.luma_std >= kFlatStd && structure_similarity(a, b) > min_structure &&
         hue_distance(a, b) < kMaxSameLayoutHueDistance;
}

// "Same scene": close in content, or the same layout under different exposure.
bool same_scene(const FrameSignature& a, const FrameSignature& b, double cut_threshold) {
  return content_distance(a, b) < 0.5 * cut_threshold || same_layout(a, b, 0.9);
}

std::vector<Transition> find_cuts(const Context& c, const std::vector<Transition>& gradual, bool at_start, bool at_end) {
  const auto W = frames_for(c.p.context_s, c.fps, 3);
  const auto K = frames_for(c.p.flash_window_s, c.fps, 1);
  const auto min_gap = frames_for(c.p.min_shot_s, c.fps, 1);
  std::vector<Transition> cuts;
  for (std::int64_t b = 1; b < c.n; ++b) {
    const double s = c.step[b];
    if (s < c.p.cut_threshold) continue;
    if (c.flat[b - 1] != FadeColor::None && c.flat[b] != FadeColor::None) continue;  // no picture either side
    if (b + 1 < c.n && c.step[b + 1] > s) continue;  // not the local maximum
    if (c.step[b - 1] >= s) continue;
    // A cut is instantaneous: the frames either side change far less. Fast motion and objects
    // sweeping past the lens spread the change over several frames.
    if (s < kPeakSharpness * std::max(c.step[b - 1], b + 1 < c.n ? c.step[b + 1] : 0.0)) continue;
    // Inside a fade or dissolve the steps are the transition's own; and no shot between a cut and
    // a gradual transition is shorter than min_shot (dissolve extents are estimated a little short).
    if (std::any_of(gradual.begin(), gradual.end(), [&](const Transition& g) {
          return b >= g.first_frame - min_gap && b <= g.last_frame + 1 + min_gap;
        })) continue;
    double sum = 0.0;
    int count = 0;
    for (auto i = std::max<std::int64_t>(1, b - W); i <= std::min(c.n - 1, b + W); ++i) {
      if (std::abs(i - b) <= 1) continue;
      sum += c.step[i];
      ++count;
    }
    const double baseline = count ? sum / count : 0.0;
    // The floor keeps a perfectly static shot from turning compression noise into cuts.
    if (s < c.p.cut_ratio * std::max(baseline, 0.01)) continue;
    const auto& before = c.sig[b - 1];
    // A new shot changes the layout of light and dark or the palette; a jolt of the camera or a
    // change of exposure keeps both.
    if (same_layout(before, c.sig[b], kMaxCutStructure)) continue;
    // A flash, a strobe or someone walking past the lens: the scene comes back shortly after.
    bool returns = same_scene(before, c.sig[b], c.p.cut_threshold);
    for (auto j = b + 1; !returns && j <= std::min(c.n - 1, b + K); ++j) {
      returns = same_scene(before, c.sig[j], c.p.cut_threshold);
    }
    if (returns) continue;
    // A whip pan: the next frame is the previous one shifted.
    if (motion_compensated_distance(before, c.sig[b]) < 0.5 * c.p.cut_threshold) continue;
    Transition t;
    t.type = TransitionType::Cut;
    t.first_frame = b - 1;
    t.last_frame = b;
    t.boundary_frame = b;
    t.confidence = std::clamp((s - baseline) / (2.0 * c.p.cut_threshold), 0.0, 1.0);
    cuts.push_back(t);
  }
  // Keep shots at least min_shot long: of two close cuts, the stronger wins.
  std::vector<Transition> kept;
  for (const auto& t : cuts) {
    // A few frames (a black leader, a glitch) at the very start or end of the film are no shot.
    if ((at_start && t.boundary_frame < min_gap) || (at_end && c.n - t.boundary_frame < min_gap)) continue;
    if (!kept.empty() && t.boundary_frame - kept.back().boundary_frame < min_gap) {
      if (c.step[t.boundary_frame] > c.step[kept.back().boundary_frame]) kept.back() = t;
      continue;
    }
    kept.push_back(t);
  }
  return kept;
}

// Walks away from a flat run while the picture keeps getting more visible; returns the last frame
// of the ramp (the first full-strength frame) or -1 when there is no ramp of at least two frames.
std::int64_t fade_ramp_end(const Context& c, std::int64_t edge, int dir, const FrameSignature& flat,
                           std::int64_t limit) {
  double prev = visibility(c.sig[edge], flat);
  std::int64_t i = edge;
  int flat_steps = 0;
  std::int64_t last_rise = edge;
  while (true) {
    const auto next = i + dir;
    if (next < 0 || next >= c.n || std::abs(next - edge) > limit) break;
    if (c.flat[next] != FadeColor::None) break;
    const double v = visibility(c.sig[next], flat);
    if (v > prev * 1.03 + 0.002) {
      flat_steps = 0;
      last_rise = next;
    } else if (++flat_steps >= 2) {
      break;
    }
    prev = std::max(prev, v);
    i = next;
  }
  if (std::abs(last_rise - edge) < 2) return -1;
  return last_rise;
}

struct FlatRun {
  std::int64_t first, last;
  FadeColor color;
};

std::vector<FlatRun> flat_runs(const Context& c) {
  std::vector<FlatRun> runs;
  for (std::int64_t i = 0; i < c.n; ++i) {
    if (c.flat[i] == FadeColor::None) continue;
    if (!runs.empty() && runs.back().last == i - 1 && runs.back().color == c.flat[i]) {
      runs.back().last = i;
    } else {
      runs.push_back({i, i, c.flat[i]});
    }
  }
  return runs;
}

std::vector<Transition> find_fades(const Context& c, bool at_start, bool at_end) {
  const auto max_len = frames_for(c.p.max_gradual_s, c.fps, 2);
  const auto max_hold = frames_for(c.p.max_hold_s, c.fps, 0);
  std::vector<Transition> fades;
  for (const auto& run : flat_runs(c)) {
    const auto& flat = c.sig[run.first];
    // Ramps: towards the run (fade-out) and away from it (fade-in). A hard cut to black has none.
    std::int64_t out_start = -1, in_end = -1;
    if (run.first > 0) out_start = fade_ramp_end(c, run.first, -1, flat, max_len);
    if (run.last + 1 < c.n) in_end = fade_ramp_end(c, run.last, +1, c.sig[run.last], max_len);
    const bool film_starts_here = at_start && run.first == 0;
    const bool film_ends_here = at_end && run.last == c.n - 1;
    const auto hold = run.last - run.first + 1;

    auto make = [&](TransitionType type, std::int64_t first, std::int64_t last, std::int64_t boundary, bool splits) {
      Transition t;
      t.type = type;
      t.color = run.color;
      t.first_frame = first;
      t.last_frame = last;
      t.boundary_frame = boundary;
      t.splits = splits;
      t.confidence = 1.0;
      fades.push_back(t);
    };

    // A short white-out or black-out with the same scene on both sides is a flash, an explosion
    // or a blink inside one shot, however it ramps.
    const auto before = out_start >= 0 ? out_start : run.first - 1;
    const auto after = in_end >= 0 ? in_end : run.last + 1;
    if (hold <= max_hold && before >= 0 && after < c.n && same_scene(c.sig[before], c.sig[after], c.p.cut_threshold)) continue;
    if (out_start >= 0 && in_end >= 0 && hold <= max_hold) {
      make(TransitionType::FadeThrough, out_start + 1, in_end - 1, (out_start + 1 + in_end) / 2, true);
      continue;
    }
    if (out_start >= 0) {
      make(TransitionType::FadeOut, out_start + 1, run.first - 1, run.first, !film_ends_here);
    }
    if (in_end >= 0) {
      make(TransitionType::FadeIn, run.last + 1, in_end - 1, run.last + 1, !film_starts_here);
    }
  }
  return fades;
}

bool overlaps_any(std::int64_t first, std::int64_t last, const std::vector<Transition>& ts, std::int64_t pad) {
  return std::any_of(ts.begin(), ts.end(), [&](const Transition& t) {
    return first <= t.last_frame + pad && last >= t.first_frame - pad;
  });
}

bool steady_ramp(const Context& c, std::int64_t a, std::int64_t b) {
  double previous = 1.0;
  for (auto i = a + 1; i < b; ++i) {
    const BlendFit fit = fit_blend(c.sig[a], c.sig[b], c.sig[i]);
    if (fit.alpha > previous + 0.1 || fit.residual > 2 * c.p.blend_residual) return false;
    previous = std::min(previous, fit.alpha);
  }
  return true;
}

std::vector<Transition> find_dissolves(const Context& c, const std::vector<Transition>& taken) {
  const auto max_half = frames_for(c.p.max_gradual_s / 2.0, c.fps, 2);
  // Half-lengths tried, growing by ~1.4x: short enough to find 0.2 s mixes, long enough for slow ones.
  std::vector<std::int64_t> halves;
  for (double h = 2; h <= static_cast<double>(max_half) + 0.5; h *= 1.4) {
    const auto hi = static_cast<std::int64_t>(std::lround(h));
    if (halves.empty() || hi != halves.back()) halves.push_back(hi);
  }
  struct Candidate {
    std::int64_t centre, half, widest;
    double score, distance, residual;
  };
  std::vector<Candidate> candidates;
  for (std::int64_t m = 2; m + 2 < c.n; ++m) {
    if (c.flat[m] != FadeColor::None) continue;
    Candidate best{m, 0, 0, 0.0, 0.0, 1.0};
    for (const auto h : halves) {
      const auto a = m - h, b = m + h;
      if (a < 0 || b >= c.n) break;
      if (overlaps_any(a, b, taken, 0)) break;
      if (c.flat[a] != FadeColor::None || c.flat[b] != FadeColor::None) break;
      const double d = content_distance(c.sig[a], c.sig[b]);
      if (d < c.p.gradual_threshold) continue;
      // The two ends are different pictures, not the same layout a moment apart.
      if (structure_similarity(c.sig[a], c.sig[b]) > kMaxDissolveEndsStructure) continue;
      const BlendFit mid = fit_blend(c.sig[a], c.sig[b], c.sig[m]);
      if (std::abs(mid.alpha - 0.5) > 0.2 || mid.residual > c.p.blend_residual) continue;
      // The ramp is linear-ish: the quarter points sit near 3/4 and 1/4.
      const auto q = std::max<std::int64_t>(1, h / 2);
      const BlendFit early = fit_blend(c.sig[a], c.sig[b], c.sig[m - q]);
      const BlendFit late = fit_blend(c.sig[a], c.sig[b], c.sig[m + q]);
      if (!(early.alpha > mid.alpha && mid.alpha > late.alpha)) continue;
      if (early.residual > 2 * c.p.blend_residual || late.residual > 2 * c.p.blend_residual) continue;
      // The whole ramp is a mix whose share of the first image falls steadily; motion between
      // two similar-looking moments passes the three-point test but not this one.
      if (!steady_ramp(c, a, b)) continue;
      // Camera motion is not a mix: if the ends align after a shift, it is a pan.
      if (motion_compensated_distance(c.sig[a], c.sig[b]) < 0.5 * d) continue;
      const double score = d * (1.0 - mid.residual / c.p.blend_residual) - 0.5 * std::abs(mid.alpha - 0.5);
      if (score > best.score) best = {m, h, best.widest, score, d, mid.residual};
      best.widest = h;
    }
    if (best.half > 0) candidates.push_back(best);
  }
  // Non-maximum suppression: the best-scoring centre stands for its neighbourhood.
  std::sort(candidates.begin(), candidates.end(), [](const Candidate& x, const Candidate& y) { return x.score > y.score; });
  std::vector<Transition> dissolves;
  for (const auto& cand : candidates) {
    // The extent: where the mix between the widest valid ends is neither end (alpha in (0.07, 0.93)).
    const auto& a = c.sig[cand.centre - cand.widest];
    const auto& b = c.sig[cand.centre + cand.widest];
    auto first = cand.centre, last = cand.centre;
    while (first - 1 > cand.centre - cand.widest && fit_blend(a, b, c.sig[first - 1]).alpha < 0.93) --first;
    while (last + 1 < cand.centre + cand.widest && fit_blend(a, b, c.sig[last + 1]).alpha > 0.07) ++last;
    if (last - first + 1 < 3 || overlaps_any(first, last, dissolves, std::max<std::int64_t>(2, cand.half))) continue;
    Transition t;
    t.type = TransitionType::Dissolve;
    t.first_frame = first;
    t.last_frame = last;
    t.boundary_frame = cand.centre;
    t.confidence = std::clamp(cand.distance / (2.0 * c.p.gradual_threshold), 0.0, 1.0) *
                   std::clamp(1.0 - cand.residual / c.p.blend_residual, 0.0, 1.0);
    dissolves.push_back(t);
  }
  // A long dissolve through fast motion can be found as two pieces; one ramp spans them both.
  std::sort(dissolves.begin(), dissolves.end(), [](const Transition& x, const Transition& y) { return x.first_frame < y.first_frame; });
  std::vector<Transition> merged;
  const auto max_gap = frames_for(0.2, c.fps, 3);
  for (const auto& t : dissolves) {
    if (!merged.empty()) {
      auto& prev = merged.back();
      const auto a = std::max<std::int64_t>(0, prev.first_frame - 1), b = std::min(c.n - 1, t.last_frame + 1);
      if (t.first_frame - prev.last_frame <= max_gap && steady_ramp(c, a, b)) {
        prev.last_frame = t.last_frame;
        prev.boundary_frame = (prev.first_frame + prev.last_frame + 1) / 2;
        prev.confidence = std::max(prev.confidence, t.confidence);
        continue;
      }
    }
    merged.push_back(t);
  }
  // Either side of a dissolve lies a shot that changes less, over as many frames, than the
  // dissolve does; steady motion changes as much just before and after.
  std::erase_if(merged, [&](const Transition& t) {
    const auto a = t.first_frame - 1, b = t.last_frame + 1;
    const auto k = std::max<std::int64_t>(2, (b - a) / 2);
    if (a - k < 0 || b + k >= c.n) return false;
    const double change = content_distance(c.sig[a], c.sig[b]);
    return std::min(content_distance(c.sig[a - k], c.sig[a]), content_distance(c.sig[b], c.sig[b + k])) > 0.6 * change;
  });
  return merged;
}

}  // namespace

std::span<const ParamInfo> segmenter_params() { return kParams; }

std::vector<Transition> detect_transitions(std::span<const FrameSignature> signatures, double fps,
                                           const SegmenterParams& params, bool at_start, bool at_end) {
  Context c{signatures, params, fps, static_cast<std::int64_t>(signatures.size()), {}, {}};
  if (c.n < 2) return {};
  c.step.assign(static_cast<std::size_t>(c.n), 0.0);
  c.flat.resize(static_cast<std::size_t>(c.n));
  for (std::int64_t i = 0; i < c.n; ++i) {
    c.flat[i] = flat_color(signatures[i]);
    if (i > 0) c.step[i] = content_distance(signatures[i - 1], signatures[i]);
  }
  // Gradual transitions first: their frames change in steps that can look like a cut (a dissolve
  // between two fast-moving shots), while a hard cut never passes for a mix.
  auto transitions = find_fades(c, at_start, at_end);
  auto dissolves = find_dissolves(c, transitions);
  transitions.insert(transitions.end(), dissolves.begin(), dissolves.end());
  auto cuts = find_cuts(c, transitions, at_start, at_end);
  transitions.insert(transitions.end(), cuts.begin(), cuts.end());
  std::sort(transitions.begin(), transitions.end(),
            [](const Transition& a, const Transition& b) { return a.boundary_frame < b.boundary_frame; });
  return transitions;
}

Segmenter::Segmenter(media::Rational frame_rate, SegmenterParams params)
    : rate_(frame_rate.valid() ? frame_rate : media::Rational{25, 1}), params_(params) {
  fps_ = rate_.value();
  margin_ = frames_for(params_.max_gradual_s + params_.max_hold_s + params_.context_s + params_.flash_window_s, fps_, 8) + 4;
  chunk_ = 4 * margin_;
}

void Segmenter::add(const media::Frame& frame) {
  if (frames_ == 0) first_time_s_ = frame.time_s;
  window_.push_back(make_signature(frame));
  window_.back().index = frames_;
  last_time_s_ = frame.time_s;
  ++frames_;
  if (static_cast<std::int64_t>(window_.size()) >= chunk_ + 2 * margin_) detect(false);
}

void Segmenter::detect(bool at_end) {
  const auto n = static_cast<std::int64_t>(window_.size());
  const auto found = detect_transitions(window_, fps_, params_, base_ == 0, at_end);
  // Only transitions anchored well inside the window are final now; the rest are found again, with
  // full context, when the window has moved on.
  const auto safe_end = at_end ? base_ + n : base_ + n - margin_;
  for (auto t : found) {
    t.first_frame += base_;
    t.last_frame += base_;
    t.boundary_frame += base_;
    if (t.boundary_frame < committed_ || t.boundary_frame >= safe_end) continue;
    auto time_of = [&](std::int64_t frame) { return window_[std::clamp<std::int64_t>(frame - base_, 0, n - 1)].time_s; };
    t.first_s = time_of(t.first_frame);
    t.last_s = time_of(t.last_frame);
    t.boundary_s = time_of(t.boundary_frame);
    transitions_.push_back(t);
  }
  for (std::int64_t i = 0; i < n; ++i) {
    if (flat_color(window_[i]) != FadeColor::None) {
      const auto g = base_ + i;
      if (g < committed_ || g >= safe_end) continue;
      if (!blank_runs_.empty() && blank_runs_.back().second == g - 1) {
        blank_runs_.back().second = g;
      } else {
        blank_runs_.emplace_back(g, g);
      }
    }
  }
  committed_ = safe_end;
  if (!at_end) {
    const auto keep_from = committed_ - margin_;  // context before the next undecided frame
    window_.erase(window_.begin(), window_.begin() + (keep_from - base_));
    base_ = keep_from;
  }
}

std::vector<Shot> Segmenter::take_settled_shots() {
  if (committed_ == settled_through_) return {};
  settled_through_ = committed_;
  // Splits before committed_ are final, so every shot of the list as it stands but the last one
  // (which ends where nothing is decided yet) is one finish() will return.
  auto shots = build_shot_list(transitions_, committed_, 0.0, rate_, blank_runs_).shots;
  if (shots.size() <= settled_shots_ + 1) return {};
  std::vector<Shot> fresh(shots.begin() + static_cast<std::ptrdiff_t>(settled_shots_), shots.end() - 1);
  settled_shots_ = shots.size() - 1;
  return fresh;
}

ShotList Segmenter::finish() {
  if (!window_.empty()) detect(true);
  window_.clear();
  const double frame_s = frames_ > 1 ? (last_time_s_ - first_time_s_) / static_cast<double>(frames_ - 1) : 1.0 / fps_;
  const double duration = frames_ > 0 ? last_time_s_ - first_time_s_ + frame_s : 0.0;
  return build_shot_list(transitions_, frames_, duration, rate_, blank_runs_);
}

}  // namespace stereotype::shots
