#include "support/montage.hpp"

#include <cmath>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "stereotype/media/source.hpp"
#include "stereotype/shots/segmenter.hpp"
#include "support/footage.hpp"

namespace stereotype::test {

namespace {

const char* xfade_name(Join j) {
  switch (j) {
    case Join::Dissolve: return "fade";
    case Join::FadeBlack: return "fadeblack";
    case Join::FadeWhite: return "fadewhite";
    case Join::Cut: break;
  }
  return "";
}

bool type_matches(Join j, const shots::Transition& t) {
  switch (j) {
    case Join::Cut: return t.type == shots::TransitionType::Cut;
    case Join::Dissolve: return t.type == shots::TransitionType::Dissolve;
    case Join::FadeBlack: return t.type == shots::TransitionType::FadeThrough && t.color == shots::FadeColor::Black;
    case Join::FadeWhite: return t.type == shots::TransitionType::FadeThrough && t.color == shots::FadeColor::White;
  }
  return false;
}

}  // namespace

Montage make_montage(const std::string& name, const std::vector<Segment>& segments, const std::vector<JoinSpec>& joins,
                     const Encoding& e) {
  Montage m;
  if (segments.empty() || joins.size() + 1 != segments.size()) {
    ADD_FAILURE() << "bad montage spec";
    return m;
  }
  const double rate = static_cast<double>(e.rate_num) / static_cast<double>(e.rate_den);
  const auto frames_of = [&](double s) { return static_cast<std::int64_t>(std::llround(s * rate)); };
  const std::string rate_text = fmt::format("{}/{}", e.rate_num, e.rate_den);
  std::string inputs, graph;
  const bool hd = e.height >= 720;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    require_file(segments[i].file);
    inputs += " -i " + shell_quote(segments[i].file);
    const auto first = frames_of(segments[i].start_s);
    // Encoded the way a real production is: BT.709 for HD, BT.601 for SD, and tagged as such.
    graph += fmt::format("[{}:v]fps={},trim=start_frame={}:end_frame={},setpts=PTS-STARTPTS,scale={}:{}:out_color_matrix={},setsar=1,format=yuv420p,settb=AVTB[s{}];",
                         i, rate_text, first, first + frames_of(segments[i].duration_s), e.width, e.height, hd ? "bt709" : "bt601", i);
  }
  std::string current = "s0";
  std::int64_t length = frames_of(segments[0].duration_s);
  for (std::size_t i = 0; i < joins.size(); ++i) {
    const auto next_len = frames_of(segments[i + 1].duration_s);
    const auto out = fmt::format("j{}", i);
    if (joins[i].type == Join::Cut) {
      graph += fmt::format("[{}][s{}]concat=n=2:v=1:a=0,settb=AVTB[{}];", current, i + 1, out);
      m.truth.push_back({Join::Cut, length, length});
      length += next_len;
    } else {
      const auto d = frames_of(joins[i].duration_s);
      graph += fmt::format("[{}][s{}]xfade=transition={}:duration={:.6f}:offset={:.6f},settb=AVTB[{}];", current, i + 1,
                           xfade_name(joins[i].type), d / rate, (length - d) / rate, out);
      m.truth.push_back({joins[i].type, length - d, length - 1});
      length += next_len - d;
    }
    current = out;
  }
  graph.pop_back();  // trailing ';'
  m.frames = length;
  const std::string tags = hd ? "-colorspace bt709 -color_primaries bt709 -color_trc bt709"
                              : "-colorspace smpte170m -color_primaries smpte170m -color_trc smpte170m";
  m.path = cached_ffmpeg(name + e.extension, fmt::format("{} -filter_complex {} -map [{}] -r {} {} {} -an", inputs,
                                                          shell_quote(graph), current, rate_text, e.codec_args, tags));
  return m;
}

Score score_cuts(const std::vector<shots::Transition>& found, const std::vector<TrueTransition>& truth, int tolerance) {
  Score s;
  std::vector<bool> used(found.size(), false);
  for (const auto& t : truth) {
    if (t.type != Join::Cut) continue;
    bool hit = false;
    for (std::size_t i = 0; i < found.size() && !hit; ++i) {
      if (used[i] || found[i].type != shots::TransitionType::Cut) continue;
      if (std::abs(found[i].boundary_frame - t.first) <= tolerance) used[i] = hit = true;
    }
    hit ? ++s.true_positives : ++s.false_negatives;
  }
  for (std::size_t i = 0; i < found.size(); ++i) {
    if (found[i].type == shots::TransitionType::Cut && !used[i]) ++s.false_positives;
  }
  return s;
}

Score score_gradual(const std::vector<shots::Transition>& found, const std::vector<TrueTransition>& truth) {
  Score s;
  std::vector<bool> used(found.size(), false);
  for (const auto& t : truth) {
    if (t.type == Join::Cut) continue;
    bool hit = false;
    for (std::size_t i = 0; i < found.size() && !hit; ++i) {
      if (used[i] || found[i].type == shots::TransitionType::Cut) continue;
      const bool overlaps = found[i].first_frame <= t.last + 2 && found[i].last_frame >= t.first - 2;
      if (overlaps && type_matches(t.type, found[i])) used[i] = hit = true;
    }
    hit ? ++s.true_positives : ++s.false_negatives;
  }
  for (std::size_t i = 0; i < found.size(); ++i) {
    if (found[i].type != shots::TransitionType::Cut && !used[i] && found[i].splits) ++s.false_positives;
  }
  return s;
}

shots::ShotList segment_file(const std::string& path, int analysis_short_side, bool skip_deblocking) {
  media::SourceOptions options;
  options.analysis_short_side = analysis_short_side;
  options.skip_deblocking = skip_deblocking;
  auto source = media::open_source(path, options);
  shots::Segmenter segmenter(source->info().frame_rate);
  media::Frame frame;
  while (source->read(frame)) segmenter.add(frame);
  return segmenter.finish();
}

std::string describe(const std::vector<shots::Transition>& found) {
  std::string out;
  for (const auto& t : found) {
    const auto colour = to_string(t.color);
    out += fmt::format("{}{}{}@{}[{}-{}] ", to_string(t.type), colour.empty() ? "" : "/", colour, t.boundary_frame,
                       t.first_frame, t.last_frame);
  }
  return out;
}

}  // namespace stereotype::test

namespace stereotype::test {
Montage hd_or_sd_montage(bool hd) {
  using namespace footage;
  const std::vector<Segment> segments = {{kMegamind, 0.3, 3.0}, {kCockatoo, 0.5, 3.0}, {kTree, 3.0, 3.0}, {kBlupi, 2.0, 3.0}};
  const std::vector<JoinSpec> joins = {{Join::Cut}, {Join::Dissolve, 1.0}, {Join::Cut}};
  Encoding encoding;
  if (hd) {
    encoding.width = 1920;
    encoding.height = 1080;
  }
  return make_montage(hd ? "color-hd" : "color-sd", segments, joins, encoding);
}
}  // namespace stereotype::test
