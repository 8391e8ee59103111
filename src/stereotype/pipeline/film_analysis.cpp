#include "stereotype/pipeline/film_analysis.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include <opencv2/imgcodecs.hpp>

#include "stereotype/evidence/frame_samples.hpp"
#include "stereotype/measure/continuity.hpp"

namespace stereotype::pipeline {

namespace {

// The key frame shown for a shot is a composition sample (so overlays fit the picture), the one
// nearest the frame whose colour is closest to the shot's median colour: its index, or -1 when
// no sample lies in the shot.
int key_sample(const shots::Shot& s, std::int64_t colour_key, const std::vector<measure::CompositionSample>& cs) {
  const std::int64_t end = s.start_frame + s.frame_count;
  // Samples are in frame order: the nearest one inside the shot is one of the two around the key.
  const auto after = std::lower_bound(cs.begin(), cs.end(), colour_key, [](const auto& c, std::int64_t f) { return c.frame < f; });
  int best = -1;
  for (auto it : {after, after == cs.begin() ? cs.end() : std::prev(after)}) {
    if (it == cs.end() || it->frame < s.start_frame || it->frame >= end) continue;
    if (best < 0 || std::llabs(it->frame - colour_key) < std::llabs(cs[static_cast<std::size_t>(best)].frame - colour_key))
      best = static_cast<int>(it - cs.begin());
  }
  return best;
}

std::int64_t key_frame(int sample, std::int64_t colour_key, const std::vector<measure::CompositionSample>& cs) {
  return sample >= 0 ? cs[static_cast<std::size_t>(sample)].frame : colour_key;
}

}  // namespace

FilmAnalysis pass_parameters(const shots::SegmenterParams& shot_params) {
  FilmAnalysis a;
  a.shot_params = shot_params;
  a.color_params = measure::ColorParams{};
  a.motion_params = measure::MotionParams{};
  a.composition_params = measure::CompositionParams{};
  a.texture_params = measure::TextureParams{};
  return a;
}

FilmAnalysis analyze_film(media::Source& source, const shots::SegmenterParams& shot_params, const PassHooks& hooks, bool parallel) {
  FilmAnalysis a = pass_parameters(shot_params);
  shots::Segmenter segmenter(source.info().frame_rate, a.shot_params);
  measure::ColorFamily color(a.color_params);
  measure::MotionAnalyzer motion(a.motion_params);
  measure::BodyDetector bodies;
  measure::CompositionFamily composition(a.composition_params);
  measure::TextureFamily texture(a.texture_params);
  evidence::FrameSamples samples;
  // A shot the segmenter has settled is boiled down as the pass goes: its colour summary, its key
  // frame's thumbnail. What is held per frame (colour statistics, L*a*b* thumbnails, JPEGs) then
  // covers only the undecided last minute or so, not the whole film.
  auto settle = [&](const media::Frame&) {
    for (const auto& shot : segmenter.take_settled_shots()) {
      const auto colour_key = color.settle(shot).key_frame;
      const auto& cs = composition.samples();
      samples.settle(key_frame(key_sample(shot, colour_key, cs), colour_key, cs), shot.start_frame, shot.start_frame + shot.frame_count);
    }
  };
  // Three lanes of about equal cost: the flow (12 Hz), the detectors (1 Hz but heavy), and the
  // rest on the reading thread.
  run_film_pass(source,
                {{[&](const media::Frame& f) { segmenter.add(f); }, [&](const media::Frame& f) { color.add(f); },
                  [&](const media::Frame& f) { composition.add(f); }, [&](const media::Frame& f) { texture.add(f); },
                  [&](const media::Frame& f) { samples.add(f); }, settle},
                 {[&](const media::Frame& f) { motion.add(f); }},
                 {[&](const media::Frame& f) { bodies.add(f); }}},
                hooks, parallel);
  a.info = source.info();
  a.shots = segmenter.finish();
  a.color = color.summarize(a.shots);
  a.frame_mean_bgr = color.frame_mean_bgr();
  a.bodies = bodies.samples();
  motion.finish();
  a.motion = measure::summarize_motion(motion.pairs(), a.shots, motion.params(), &a.bodies, motion.object_impacts());
  a.composition_samples = composition.samples();
  a.composition = measure::summarize_composition(a.composition_samples, a.bodies, a.shots);
  a.continuity = measure::film_continuity(a.shots, a.color, a.motion, a.composition);
  a.texture = measure::summarize_texture(texture.samples(), motion.pairs(), a.shots);

  for (std::size_t i = 0; i < a.shots.shots.size(); ++i) {
    const auto& s = a.shots.shots[i];
    const std::int64_t colour_key = a.color.shots[i].key_frame;
    const int best = key_sample(s, colour_key, a.composition_samples);
    const std::int64_t key = key_frame(best, colour_key, a.composition_samples);
    a.key_frames.push_back(key);
    a.key_samples.push_back(best);
    auto jpeg = samples.nearest_jpeg(key, s.start_frame, s.start_frame + s.frame_count);
    evidence::KeyFrameSignature signature;
    if (!jpeg.empty()) {
      const cv::Mat picture = cv::imdecode(std::vector<std::uint8_t>(jpeg.begin(), jpeg.end()), cv::IMREAD_COLOR);
      signature = evidence::key_frame_signature(picture);
    }
    a.key_frame_jpegs.push_back(std::move(jpeg));
    a.key_frame_signatures.push_back(signature);
  }
  return a;
}

}  // namespace stereotype::pipeline
