#pragma once
// Shot segmentation: hard cuts, dissolves and fades (to/from black or white), in one streaming pass
// over the analysis frames. Memory stays flat in film length: only a few seconds of frame
// signatures are kept as context.
#include <span>
#include <utility>
#include <vector>

#include "stereotype/media/frame.hpp"
#include "stereotype/media/timebase.hpp"
#include "stereotype/shots/frame_signature.hpp"
#include "stereotype/shots/shot_list.hpp"

namespace stereotype::shots {

struct SegmenterParams {
  double cut_threshold = 0.12;     // content distance a cut must reach (0..1)
  double cut_ratio = 3.0;          // ... and how many times the local baseline it must be
  double context_s = 1.0;          // baseline window on each side of a candidate cut
  double flash_window_s = 0.5;     // the scene coming back within this long makes it a flash, not a cut
  double min_shot_s = 0.2;         // cuts closer than this keep only the stronger
  double gradual_threshold = 0.15; // content distance between the two ends of a dissolve
  double blend_residual = 0.12;    // how far from a pure mix the middle of a dissolve may be
  double max_gradual_s = 3.0;      // longest dissolve or fade looked for
  double max_hold_s = 2.0;         // black/white hold that still joins a fade-out and a fade-in
};

// One row per tunable parameter (as FFmpeg's AVOption table): the CLI builds its flags from it.
struct ParamInfo {
  const char* name;
  const char* help;
  double SegmenterParams::*field;
  double min;
  double max;
};
std::span<const ParamInfo> segmenter_params();

class Segmenter {
 public:
  explicit Segmenter(media::Rational frame_rate, SegmenterParams params = {});
  void add(const media::Frame& frame);
  // Shots that became final since the last call: both their ends are decided, so finish() will
  // return them exactly so. While the pass goes on, the families can boil such a shot's frames down
  // to its summary and let them go (memory flat in film length).
  std::vector<Shot> take_settled_shots();
  // Ends the film: detects in the remaining context and returns transitions and shots.
  ShotList finish();

 private:
  void detect(bool at_end);

  media::Rational rate_;
  SegmenterParams params_;
  double fps_;
  std::int64_t margin_;  // context kept on each side of a chunk, in frames
  std::int64_t chunk_;
  std::vector<FrameSignature> window_;  // signatures of frames [base_, base_ + size)
  std::int64_t base_ = 0;
  std::int64_t committed_ = 0;  // transitions whose anchor is before this are final
  std::int64_t settled_through_ = 0;  // committed_ at the last take_settled_shots()
  std::size_t settled_shots_ = 0;     // shots handed out by it
  std::vector<Transition> transitions_;
  std::vector<std::pair<std::int64_t, std::int64_t>> blank_runs_;  // black/white frames, first..last
  std::int64_t frames_ = 0;
  double last_time_s_ = 0.0;
  double first_time_s_ = 0.0;
};

// Detection on a contiguous run of signatures; returns transitions in local frame positions
// (0 = first signature), sorted. `at_start`/`at_end` say whether the run touches the film's ends.
std::vector<Transition> detect_transitions(std::span<const FrameSignature> signatures, double fps,
                                           const SegmenterParams& params, bool at_start, bool at_end);

}  // namespace stereotype::shots
