#include "stereotype/report/shot_report.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include <fmt/format.h>

namespace stereotype::report {

namespace {

using nlohmann::ordered_json;
using shots::Shot;
using shots::ShotList;
using shots::Transition;
using shots::TransitionType;

// Times rounded to the microsecond: enough for any frame rate, and stable text across platforms.
double us(double seconds) { return std::round(seconds * 1e6) / 1e6; }
double round4(double v) { return std::round(v * 1e4) / 1e4; }

std::string rate_text(media::Rational r) { return fmt::format("{}/{}", r.num, r.den); }

// The transition that opens each shot (none for the first shot unless it fades in).
std::vector<const Transition*> incoming(const ShotList& list) {
  std::vector<const Transition*> in(list.shots.size(), nullptr);
  for (const auto& t : list.transitions) {
    for (std::size_t i = 0; i < list.shots.size(); ++i) {
      const bool opens = t.splits ? list.shots[i].start_frame == t.boundary_frame
                                  : (t.type == TransitionType::FadeIn && i == 0 && t.first_frame >= list.shots[i].start_frame);
      if (opens) in[i] = &t;
    }
  }
  return in;
}

std::string file_name(const std::string& path) { return std::filesystem::path(path).filename().string(); }

}  // namespace

ordered_json source_json(const media::SourceInfo& info, std::int64_t frames, double duration_s) {
  return ordered_json{
      {"path", info.path},
      {"container", info.container},
      {"codec", info.codec},
      {"width", info.width},
      {"height", info.height},
      {"analysis_width", info.analysis_width},
      {"analysis_height", info.analysis_height},
      {"frame_rate", rate_text(info.frame_rate)},
      {"frame_rate_fps", round4(info.frame_rate.value())},
      {"frames", frames},
      {"duration_s", us(duration_s)},
      {"rotation_deg", info.rotation_deg},
      {"bit_depth", info.bit_depth},
      {"color_matrix", info.color_matrix},
      {"color_range", info.color_range},
  };
}

ordered_json shots_json(const media::SourceInfo& info, const ShotList& list, const shots::SegmenterParams& params) {
  const auto stats = shots::shot_statistics(list);
  ordered_json parameters = ordered_json::object();
  for (const auto& p : shots::segmenter_params()) parameters[p.name] = params.*(p.field);

  ordered_json shots_array = ordered_json::array();
  const auto in = incoming(list);
  for (std::size_t i = 0; i < list.shots.size(); ++i) {
    const Shot& s = list.shots[i];
    shots_array.push_back(ordered_json{
        {"number", s.number},
        {"start_frame", s.start_frame},
        {"frame_count", s.frame_count},
        {"start_s", us(s.start_s)},
        {"end_s", us(s.end_s)},
        {"duration_s", us(s.duration_s())},
        {"start_timecode", media::format_timecode(s.start_frame, list.frame_rate)},
        {"end_timecode", media::format_timecode(s.start_frame + s.frame_count, list.frame_rate)},
        {"blank", s.blank},
        {"transition_in", in[i] ? ordered_json(to_string(in[i]->type)) : ordered_json(nullptr)},
    });
  }
  ordered_json transitions = ordered_json::array();
  for (const auto& t : list.transitions) {
    transitions.push_back(ordered_json{
        {"type", to_string(t.type)},
        {"color", t.color == shots::FadeColor::None ? ordered_json(nullptr) : ordered_json(to_string(t.color))},
        {"first_frame", t.first_frame},
        {"last_frame", t.last_frame},
        {"first_s", us(t.first_s)},
        {"last_s", us(t.last_s)},
        {"boundary_frame", t.boundary_frame},
        {"boundary_s", us(t.boundary_s)},
        {"first_timecode", media::format_timecode(t.first_frame, list.frame_rate)},
        {"splits_shots", t.splits},
        {"confidence", round4(t.confidence)},
    });
  }
  return ordered_json{
      {"schema", "stereotype.shots"},
      {"version", kShotsSchemaVersion},
      {"source", source_json(info, list.frame_count, list.duration_s)},
      {"parameters", parameters},
      {"statistics",
       {{"shots.count", stats.count},
        {"shots.asl_s", us(stats.asl_s)},
        {"shots.median_s", us(stats.median_s)},
        {"shots.cv", round4(stats.cv)},
        {"transitions.cuts", stats.cuts},
        {"transitions.dissolves", stats.dissolves},
        {"transitions.fades", stats.fades}}},
      {"shots", shots_array},
      {"transitions", transitions},
  };
}

std::string shots_csv(const ShotList& list) {
  std::string out = "shot,start_frame,end_frame,frame_count,start_s,end_s,duration_s,start_timecode,end_timecode,transition_in,transition_confidence,blank\n";
  const auto in = incoming(list);
  for (std::size_t i = 0; i < list.shots.size(); ++i) {
    const Shot& s = list.shots[i];
    out += fmt::format("{},{},{},{},{:.6f},{:.6f},{:.6f},{},{},{},{},{}\n", s.number, s.start_frame,
                       s.start_frame + s.frame_count - 1, s.frame_count, s.start_s, s.end_s, s.duration_s(),
                       media::format_timecode(s.start_frame, list.frame_rate),
                       media::format_timecode(s.start_frame + s.frame_count, list.frame_rate),
                       in[i] ? to_string(in[i]->type) : "", in[i] ? fmt::format("{:.4f}", in[i]->confidence) : "",
                       s.blank ? "true" : "false");
  }
  return out;
}

std::string shots_edl(const media::SourceInfo& info, const ShotList& list) {
  // CMX 3600: one event per shot, source and record timecodes equal (the film re-cut from itself).
  // A gradual transition is the standard two-line dissolve event, starting where the mix starts.
  const auto name = file_name(info.path);
  std::string out = fmt::format("TITLE: {}\nFCM: NON-DROP FRAME\n\n", name);
  const auto tc = [&](std::int64_t f) { return media::format_timecode(f, list.frame_rate); };
  const auto in = incoming(list);
  const auto gradual_in = [&](std::size_t i) {
    return i > 0 && in[i] && in[i]->splits && in[i]->type != TransitionType::Cut;
  };
  std::vector<std::int64_t> starts;
  for (std::size_t i = 0; i < list.shots.size(); ++i) {
    starts.push_back(gradual_in(i) ? in[i]->first_frame : list.shots[i].start_frame);
  }
  for (std::size_t i = 0; i < list.shots.size(); ++i) {
    const auto a = starts[i];
    const auto b = i + 1 < starts.size() ? starts[i + 1] : list.frame_count;
    const auto event = static_cast<int>(i) + 1;
    if (gradual_in(i)) {
      const auto length = std::clamp<std::int64_t>(in[i]->last_frame - in[i]->first_frame + 1, 1, 999);
      out += fmt::format("{:03}  AX       V     C        {} {} {} {}\n", event, tc(a), tc(a), tc(a), tc(a));
      out += fmt::format("{:03}  AX       V     D    {:03} {} {} {} {}\n", event, length, tc(a), tc(b), tc(a), tc(b));
    } else {
      out += fmt::format("{:03}  AX       V     C        {} {} {} {}\n", event, tc(a), tc(b), tc(a), tc(b));
    }
    out += fmt::format("* FROM CLIP NAME: {}\n", name);
    if (in[i] && in[i]->type != TransitionType::Cut) out += fmt::format("* STEREOTYPE TRANSITION: {}\n", to_string(in[i]->type));
    out += "\n";
  }
  return out;
}

std::string shots_otio(const media::SourceInfo& info, const ShotList& list) {
  const double rate = list.frame_rate.value();
  const auto rt = [&](std::int64_t frames) {
    return ordered_json{{"OTIO_SCHEMA", "RationalTime.1"}, {"rate", rate}, {"value", static_cast<double>(frames)}};
  };
  const auto range = [&](std::int64_t start, std::int64_t duration) {
    return ordered_json{{"OTIO_SCHEMA", "TimeRange.1"}, {"duration", rt(duration)}, {"start_time", rt(start)}};
  };
  std::error_code ec;
  auto absolute = std::filesystem::absolute(info.path, ec);
  const std::string url = "file://" + (ec ? info.path : absolute.lexically_normal().string());
  const auto media_reference = ordered_json{{"OTIO_SCHEMA", "ExternalReference.1"},
                                            {"metadata", ordered_json::object()},
                                            {"name", ""},
                                            {"available_range", range(0, list.frame_count)},
                                            {"target_url", url}};
  ordered_json children = ordered_json::array();
  const auto in = incoming(list);
  for (std::size_t i = 0; i < list.shots.size(); ++i) {
    const Shot& s = list.shots[i];
    if (const Transition* t = in[i]; t && t->splits && t->type != TransitionType::Cut && i > 0) {
      // OTIO transitions sit between clips: in_offset reaches back into the outgoing clip,
      // out_offset forward into the incoming one, around the tiling cut point.
      children.push_back(ordered_json{{"OTIO_SCHEMA", "Transition.1"},
                                      {"metadata", {{"stereotype", {{"type", to_string(t->type)}, {"confidence", t->confidence}}}}},
                                      {"name", to_string(t->type)},
                                      {"in_offset", rt(std::max<std::int64_t>(0, t->boundary_frame - t->first_frame))},
                                      {"out_offset", rt(std::max<std::int64_t>(0, t->last_frame + 1 - t->boundary_frame))},
                                      {"transition_type", "SMPTE_Dissolve"}});
    }
    children.push_back(ordered_json{{"OTIO_SCHEMA", "Clip.1"},
                                    {"metadata", {{"stereotype", {{"shot", s.number}, {"blank", s.blank}}}}},
                                    {"name", fmt::format("Shot {:03}", s.number)},
                                    {"source_range", range(s.start_frame, s.frame_count)},
                                    {"effects", ordered_json::array()},
                                    {"markers", ordered_json::array()},
                                    {"media_reference", media_reference}});
  }
  const ordered_json track{{"OTIO_SCHEMA", "Track.1"}, {"metadata", ordered_json::object()}, {"name", "Shots"},
                           {"source_range", nullptr}, {"effects", ordered_json::array()},
                           {"markers", ordered_json::array()}, {"kind", "Video"}, {"children", children}};
  const ordered_json timeline{
      {"OTIO_SCHEMA", "Timeline.1"},
      {"metadata", {{"stereotype", {{"schema", "stereotype.shots"}, {"version", kShotsSchemaVersion}}}}},
      {"name", file_name(info.path)},
      {"global_start_time", nullptr},
      {"tracks", {{"OTIO_SCHEMA", "Stack.1"}, {"metadata", ordered_json::object()}, {"name", "tracks"},
                  {"source_range", nullptr}, {"effects", ordered_json::array()}, {"markers", ordered_json::array()},
                  {"children", ordered_json::array({track})}}}};
  return timeline.dump(4) + "\n";
}

}  // namespace stereotype::report
