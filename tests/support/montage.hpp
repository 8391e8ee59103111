#pragma once
// Montages of real footage with cuts, dissolves and fades at frames the test knows, made with
// ffmpeg (trim, concat, xfade) at test time.
#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "stereotype/shots/shot_list.hpp"

namespace stereotype::test {

struct Segment {
  std::string file;
  double start_s;
  double duration_s;
};

inline void PrintTo(const Segment& s, std::ostream* os) { *os << s.file << " from " << s.start_s << " s for " << s.duration_s << " s"; }

enum class Join { Cut, Dissolve, FadeBlack, FadeWhite };

struct JoinSpec {
  Join type;
  double duration_s = 0.0;  // for gradual joins
};

struct Encoding {
  int width = 640;
  int height = 360;
  std::int64_t rate_num = 25;
  std::int64_t rate_den = 1;
  std::string codec_args = "-c:v libx264 -preset veryfast -crf 20 -pix_fmt yuv420p";
  std::string extension = ".mp4";
};

struct TrueTransition {
  Join type;
  std::int64_t first;  // for a cut: the first frame of the new shot; otherwise the first mixed frame
  std::int64_t last;   // for a cut: == first; otherwise the last mixed frame
};

struct Montage {
  std::string path;
  std::vector<TrueTransition> truth;
  std::int64_t frames = 0;
};

// joins.size() must be segments.size() - 1.
Montage make_montage(const std::string& name, const std::vector<Segment>& segments, const std::vector<JoinSpec>& joins,
                     const Encoding& encoding);

struct Score {
  int true_positives = 0, false_positives = 0, false_negatives = 0;
  double precision() const { return true_positives + false_positives ? double(true_positives) / (true_positives + false_positives) : 1.0; }
  double recall() const { return true_positives + false_negatives ? double(true_positives) / (true_positives + false_negatives) : 1.0; }
  double f1() const { const double p = precision(), r = recall(); return p + r > 0 ? 2 * p * r / (p + r) : 0.0; }
  Score& operator+=(const Score& o) {
    true_positives += o.true_positives; false_positives += o.false_positives; false_negatives += o.false_negatives;
    return *this;
  }
};

// Hard cuts: a detected cut within `tolerance` frames of a true one. Gradual: a detected gradual
// transition of the right type whose frames overlap the true mix.
Score score_cuts(const std::vector<shots::Transition>& found, const std::vector<TrueTransition>& truth, int tolerance = 1);
Score score_gradual(const std::vector<shots::Transition>& found, const std::vector<TrueTransition>& truth);

// Shot segmentation of a file with default parameters.
// `skip_deblocking`: decode as `stereotype shots` does (without the in-loop deblocking filter).
shots::ShotList segment_file(const std::string& path, int analysis_short_side = 360, bool skip_deblocking = false);

std::string describe(const std::vector<shots::Transition>& found);

}  // namespace stereotype::test

namespace stereotype::test {
// The same real montage (Megamind, cockatoo, tree, a Planet Blupi cut-scene; a cut, a dissolve, a
// cut) encoded at 1920x1080 or at 640x360: the resolution-agreement tests of every family use it.
Montage hd_or_sd_montage(bool hd);
}  // namespace stereotype::test
