// `stereotype analyze FILE...`: the film profile — shots and every measurement family — with the
// pictures a person checks it by.
#include <cmath>
#include <filesystem>
#include <iostream>

#include <fmt/format.h>
#include <opencv2/imgcodecs.hpp>

#include "stereotype/cli/commands.hpp"
#include "stereotype/cli/film_batch.hpp"
#include "stereotype/cli/film_sides.hpp"
#include "stereotype/cli/exit_codes.hpp"
#include "stereotype/cli/style_options.hpp"
#include "stereotype/cli/wording.hpp"
#include "stereotype/pipeline/film_analysis.hpp"
#include "stereotype/report/atomic_file.hpp"
#include "stereotype/report/html_report.hpp"
#include "stereotype/report/images.hpp"
#include "stereotype/report/profile_report.hpp"
#include "stereotype/report/style_report.hpp"
#include "stereotype/shots/statistics.hpp"

namespace stereotype::cli {

namespace fs = std::filesystem;

namespace {

std::string encode(const cv::Mat& image, const char* extension, const std::vector<int>& flags = {}) {
  std::vector<std::uint8_t> bytes;
  if (!cv::imencode(extension, image, bytes, flags)) throw Error(ErrorKind::Output, "", fmt::format("cannot encode {}", extension));
  return std::string(bytes.begin(), bytes.end());
}
std::string png(const cv::Mat& image) { return encode(image, ".png"); }

void run_one(const Input& input, const FilmOptions& opt, const StyleContext& style_context, const pipeline::PassHooks& hooks) {
  auto source = open_input(input, opt.source_options());
  const auto film = pipeline::analyze_film(*source, opt.shot_params, hooks, !opt.serial);
  warn_if_damaged(input, *source);
  const auto& list = film.shots;
  const auto& profile = film.color;

  const fs::path dir(opt.output_dir);
  const auto base = dir / input.stem;
  auto profile_json = film_profile(film, input, style_context.intervals);
  const std::vector<style::FilmStyle> films{style::film_style_from_profile(profile_json, input.name, input.name)};
  style::TemplateResult matches;
  profile_json["style"] = style_section(style_context, films, {&profile_json}, &matches);
  if (const auto warning = corpus_warning(profile_json["style"], input.name); !warning.empty()) std::cerr << "warning: " << warning << "\n";
  report::add_shot_matches(profile_json, matches);
  const auto overlays = report::key_frame_overlays(film);
  report::FilmReportInput page;
  page.title = fs::path(input.name).filename().string();
  page.profile = &profile_json;
  page.shots = &list;
  page.color = &profile;
  // Each output goes to its temporary file as soon as it is made and is dropped: nothing but the
  // page's own pictures is held until the page is written.
  report::OutputSet outputs;
  outputs.write(base.string() + ".profile.json", profile_json.dump(2) + "\n");
  outputs.write(base.string() + ".profile.csv", report::profile_csv(film));
  page.barcode_png = png(report::movie_barcode(film.frame_mean_bgr));
  outputs.write(base.string() + ".barcode.png", page.barcode_png);
  page.palettes_png = png(report::palette_strip(list, profile));
  outputs.write(base.string() + ".palettes.png", page.palettes_png);
  page.motion_png = png(report::motion_strip(list, film.motion));
  outputs.write(base.string() + ".motion.png", page.motion_png);
  // The contact sheet a page at a time; key frames are decoded one at a time, as their cells are drawn.
  const auto key_frame = [&](std::size_t i) {
    if (i >= film.key_frame_jpegs.size() || film.key_frame_jpegs[i].empty()) return cv::Mat();
    const auto& jpeg = film.key_frame_jpegs[i];
    return cv::imdecode(std::vector<std::uint8_t>(jpeg.begin(), jpeg.end()), cv::IMREAD_COLOR);
  };
  const std::size_t pages = report::contact_sheet_pages(list);
  for (std::size_t k = 0; k < pages; ++k) {
    const cv::Mat sheet = report::contact_sheet(list, profile, key_frame, &overlays, k);
    outputs.write(report::contact_sheet_file(base.string(), k), png(sheet));
    page.contact_jpegs.push_back(encode(sheet, ".jpg", {cv::IMWRITE_JPEG_QUALITY, 90}));
  }
  page.key_frame_jpegs = &film.key_frame_jpegs;
  outputs.write(base.string() + ".report.html", report::film_report_html(page));
  outputs.commit();
  // A sheet that had more pages in an earlier run of the same film must not leave its old pages.
  for (std::size_t k = pages;; ++k) {
    std::error_code ec;
    if (!fs::remove(report::contact_sheet_file(base.string(), k), ec)) break;
  }

  if (!opt.quiet) {
    const auto st = shots::shot_statistics(list);
    const auto& colour = profile.film;
    const auto& style_out = profile_json["style"];
    std::string best = "none";
    double best_share = 0;
    for (const auto& t : style_out["templates"]) {
      if (t["share"].is_number() && t["share"].get<double>() > best_share) {
        best_share = t["share"].get<double>();
        best = t["name"].get<std::string>();
      }
    }
    std::cout << fmt::format("{}: {}, ASL {:.2f} s; lightness {:.1f} ({} key), colourfulness {:.1f} ({}), grading uniformity {}; "
                             "template tendency {}, most used template {} ({:.0f} % of screen time); Vendi {} of {} -> {}\n",
                             input.name, counted(st.count, "shot"), st.asl_s, colour.median.at("color.lightness_mean"),
                             measure::lightness_key(colour.median.at("color.lightness_mean")), colour.median.at("color.colorfulness"),
                             measure::colorfulness_label(colour.median.at("color.colorfulness")),
                             std::isnan(colour.grading_uniformity) ? std::string("n/a (one shot)") : fmt::format("{:.2f}", colour.grading_uniformity),
                             style_out["template.tendency"].is_number() ? fmt::format("{:.2f}", style_out["template.tendency"].get<double>()) : "n/a",
                             best, 100 * best_share,
                             style_out["diversity"]["diversity.vendi"].is_number() ? fmt::format("{:.2f}", style_out["diversity"]["diversity.vendi"].get<double>()) : "n/a",
                             counted(style_out["diversity"]["diversity.shots"].get<std::size_t>(), "shot"), base.string() + ".profile.*");
    // The verdict under it, as compare prints its findings: one line per template the film uses.
    for (const auto& v : style_out["verdict"]) std::cout << "  " << v["line"].get<std::string>() << "\n";
  }
}

}  // namespace

int run_analyze(const AnalyzeOptions& opt) {
  StyleContext context;
  try {
    context = load_style_context(opt.style);
    context.intervals.seed = opt.seed;
    context.intervals.block = opt.interval_run;
  } catch (const Error& e) {
    std::cerr << "stereotype: " << e.what() << "\n";
    return exit_code_for(e.kind());
  }
  return run_film_batch(opt.film, [&](const Input& input, const pipeline::PassHooks& hooks) { run_one(input, opt.film, context, hooks); });
}

}  // namespace stereotype::cli
