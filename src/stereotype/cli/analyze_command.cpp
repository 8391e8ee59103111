// `stereotype analyze FILE...`: the film profile — shots and every measurement family — with the
// pictures a person checks it by.
#include <cmath>
#include <filesystem>
#include <iostream>
#include <memory>

#include <fmt/format.h>
#include <opencv2/imgcodecs.hpp>

#include "stereotype/cli/commands.hpp"
#include "stereotype/cli/film_batch.hpp"
#include "stereotype/evidence/frame_samples.hpp"
#include "stereotype/measure/color_profile.hpp"
#include "stereotype/measure/motion_profile.hpp"
#include "stereotype/report/atomic_file.hpp"
#include "stereotype/report/html_report.hpp"
#include "stereotype/report/images.hpp"
#include "stereotype/report/profile_report.hpp"
#include "stereotype/shots/statistics.hpp"

namespace stereotype::cli {

namespace fs = std::filesystem;

namespace {

std::string png(const cv::Mat& image) {
  std::vector<std::uint8_t> bytes;
  if (!cv::imencode(".png", image, bytes)) throw Error(ErrorKind::Output, "", "cannot encode PNG");
  return std::string(bytes.begin(), bytes.end());
}

void run_one(const Input& input, const FilmOptions& opt, const pipeline::PassHooks& hooks) {
  auto source = open_input(input, opt.source_options());
  shots::Segmenter segmenter(source->info().frame_rate, opt.shot_params);
  measure::ColorFamily color;
  measure::MotionAnalyzer motion;
  measure::BodyDetector bodies;
  evidence::FrameSamples samples;
  pipeline::run_film_pass(*source,
                          {[&](const media::Frame& f) { segmenter.add(f); }, [&](const media::Frame& f) { color.add(f); },
                           [&](const media::Frame& f) { motion.add(f); }, [&](const media::Frame& f) { bodies.add(f); },
                           [&](const media::Frame& f) { samples.add(f); }},
                          hooks);
  const auto list = segmenter.finish();
  const auto profile = color.summarize(list);
  const auto motion_profile = measure::summarize_motion(motion.pairs(), list, motion.params(), &bodies.samples());
  warn_if_damaged(input, *source);

  std::vector<cv::Vec3f> frame_means;
  frame_means.reserve(color.frames().size());
  for (const auto& f : color.frames()) frame_means.push_back(f.mean_bgr);
  std::vector<cv::Mat> key_frames;
  std::vector<std::string> key_frame_jpegs;
  for (std::size_t i = 0; i < list.shots.size(); ++i) {
    const auto& s = list.shots[i];
    auto jpeg = samples.nearest_jpeg(profile.shots[i].key_frame, s.start_frame, s.start_frame + s.frame_count);
    key_frames.push_back(jpeg.empty() ? cv::Mat() : cv::imdecode(std::vector<std::uint8_t>(jpeg.begin(), jpeg.end()), cv::IMREAD_COLOR));
    key_frame_jpegs.push_back(std::move(jpeg));
  }

  const fs::path dir(opt.output_dir);
  const auto base = dir / input.stem;
  report::FilmMeasurements measured;
  measured.info = &source->info();
  measured.shots = &list;
  measured.shot_params = opt.shot_params;
  measured.color = &profile;
  measured.color_params = color.params();
  measured.motion = &motion_profile;
  measured.motion_params = motion.params();
  const auto profile_json = report::profile_json(measured);
  report::FilmReportInput page;
  page.title = fs::path(input.name).filename().string();
  page.profile = &profile_json;
  page.shots = &list;
  page.color = &profile;
  page.barcode_png = png(report::movie_barcode(frame_means));
  page.palettes_png = png(report::palette_strip(list, profile));
  page.contact_png = png(report::contact_sheet(list, profile, key_frames));
  page.motion_png = png(report::motion_strip(list, motion_profile));
  page.key_frame_jpegs = key_frame_jpegs;
  report::write_all_or_nothing({
      {base.string() + ".profile.json", profile_json.dump(2) + "\n"},
      {base.string() + ".profile.csv", report::profile_csv(measured)},
      {base.string() + ".barcode.png", page.barcode_png},
      {base.string() + ".palettes.png", page.palettes_png},
      {base.string() + ".contact.png", page.contact_png},
      {base.string() + ".motion.png", page.motion_png},
      {base.string() + ".report.html", report::film_report_html(page)},
  });

  if (!opt.quiet) {
    const auto st = shots::shot_statistics(list);
    const auto& film = profile.film;
    std::cout << fmt::format("{}: {} shots, ASL {:.2f} s; lightness {:.1f} ({} key), colourfulness {:.1f} ({}), grading uniformity {} -> {}\n",
                             input.name, st.count, st.asl_s, film.median.at("color.lightness_mean"),
                             measure::lightness_key(film.median.at("color.lightness_mean")), film.median.at("color.colorfulness"),
                             measure::colorfulness_label(film.median.at("color.colorfulness")),
                             std::isnan(film.grading_uniformity) ? std::string("n/a (one shot)") : fmt::format("{:.2f}", film.grading_uniformity),
                             base.string() + ".profile.*");
  }
}

}  // namespace

std::function<int()> add_analyze_command(CLI::App& app) {
  auto opt = std::make_shared<FilmOptions>();
  auto* cmd = app.add_subcommand("analyze", "Measure films: shots and colour & light, per frame, per shot and per film.");
  cmd->footer(
      "Outputs, per input, in the output folder: NAME.report.html (a self-contained page with charts),\n"
      "NAME.profile.json (schema stereotype.profile: source, parameters, film, shots with their colour\n"
      "measurements, transitions), NAME.profile.csv (one row per shot), NAME.barcode.png (one column\n"
      "per frame or time slice), NAME.palettes.png (each shot's five colours, as wide as its screen\n"
      "time), NAME.contact.png (a key frame per shot with its palette), NAME.motion.png (each shot's\n"
      "speed over time, impacts in red). Every key is defined in docs/metrics/. Exit codes as for 'shots'.");
  add_film_options(*cmd, *opt);
  return [opt]() {
    return run_film_batch(*opt, [&](const Input& input, const pipeline::PassHooks& hooks) { run_one(input, *opt, hooks); });
  };
}

}  // namespace stereotype::cli
