#pragma once
// Everything measured about one film in one pass: shots, the measurement families, continuity,
// and the key frames kept as evidence. `analyze`, `compare` and `corpus add` all start here.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "stereotype/evidence/key_frame_signature.hpp"
#include "stereotype/measure/bodies.hpp"
#include "stereotype/measure/color_profile.hpp"
#include "stereotype/measure/composition.hpp"
#include "stereotype/measure/motion_profile.hpp"
#include "stereotype/measure/texture.hpp"
#include "stereotype/media/source.hpp"
#include "stereotype/pipeline/film_pass.hpp"
#include "stereotype/shots/segmenter.hpp"

namespace stereotype::pipeline {

struct FilmAnalysis {
  media::SourceInfo info;
  shots::SegmenterParams shot_params;
  shots::ShotList shots;
  measure::ColorParams color_params;
  measure::ColorProfile color;
  std::vector<cv::Vec3f> frame_mean_bgr;  // for the barcode
  measure::MotionParams motion_params;
  measure::MotionProfile motion;
  std::vector<measure::BodySample> bodies;
  measure::CompositionParams composition_params;
  std::vector<measure::CompositionSample> composition_samples;
  measure::CompositionProfile composition;
  std::map<std::string, double> continuity;
  measure::TextureParams texture_params;
  measure::TextureProfile texture;
  // Per shot: the key frame shown for it (a composition sample's frame, nearest the colour key
  // frame), its thumbnail (JPEG bytes, empty if none was kept) and signature.
  std::vector<std::int64_t> key_frames;
  std::vector<int> key_samples;  // per shot: index of its key frame in composition_samples (-1: none in the shot)
  std::vector<std::string> key_frame_jpegs;
  std::vector<evidence::KeyFrameSignature> key_frame_signatures;
};

// What a pass with these shot parameters measures with: the FilmAnalysis' parameters filled in
// (every family's are its defaults), nothing measured. `analyze_film` builds its families from it,
// so what a corpus compares before analysing a film again is what the pass would use.
FilmAnalysis pass_parameters(const shots::SegmenterParams& shot_params);

// Reads the whole source once. `parallel`: the families run in lanes on threads of their own (the
// results are identical either way). Throws stereotype::Error (source problems, Ctrl-C).
FilmAnalysis analyze_film(media::Source& source, const shots::SegmenterParams& shot_params, const PassHooks& hooks = {},
                          bool parallel = true);

}  // namespace stereotype::pipeline
