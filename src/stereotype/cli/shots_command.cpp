// `stereotype shots FILE...`: cut films into shots and export the shot lists.
#include <filesystem>
#include <iostream>
#include <memory>
#include <set>

#include <fmt/format.h>

#include "stereotype/cli/commands.hpp"
#include "stereotype/cli/exit_codes.hpp"
#include "stereotype/cli/inputs.hpp"
#include "stereotype/cli/progress.hpp"
#include "stereotype/pipeline/film_pass.hpp"
#include "stereotype/report/atomic_file.hpp"
#include "stereotype/report/shot_report.hpp"
#include "stereotype/shots/segmenter.hpp"
#include "stereotype/shots/statistics.hpp"

namespace stereotype::cli {

namespace fs = std::filesystem;

namespace {

struct ShotsOptions {
  std::vector<std::string> inputs;
  std::string output_dir = "stereotype-out";
  std::vector<std::string> formats{"csv", "json"};
  int analysis_size = 360;
  int threads = 0;
  double image_fps = 24.0;
  bool allow_damage = false;
  bool quiet = false;
  shots::SegmenterParams params;
};

const std::set<std::string> kFormats{"csv", "json", "edl", "otio"};

media::Rational rate_from_fps(double fps) {
  // Common rates stay exact (29.97 -> 30000/1001); others to the millisecond.
  for (const auto& r : {media::Rational{24000, 1001}, media::Rational{30000, 1001}, media::Rational{60000, 1001}}) {
    if (std::abs(r.value() - fps) < 1e-3) return r;
  }
  return media::Rational{static_cast<std::int64_t>(std::llround(fps * 1000)), 1000}.reduced();
}

// Analyses one input and writes its files; throws stereotype::Error naming the input.
void run_one(const Input& input, const ShotsOptions& opt, bool show_progress) {
  media::SourceOptions source_options;
  source_options.analysis_short_side = opt.analysis_size;
  source_options.decoder_threads = opt.threads;
  source_options.allow_damage = opt.allow_damage;
  source_options.image_rate = rate_from_fps(opt.image_fps);
  auto source = open_input(input, source_options);

  shots::Segmenter segmenter(source->info().frame_rate, opt.params);
  ProgressBar bar(show_progress, fs::path(input.name).filename().string());
  pipeline::PassHooks hooks;
  hooks.progress = [&](double f, std::int64_t n) { bar.update(f, n); };
  hooks.cancel = &g_interrupted;
  pipeline::run_film_pass(*source, {[&](const media::Frame& f) { segmenter.add(f); }}, hooks);
  bar.clear();
  const auto list = segmenter.finish();
  const auto& info = source->info();

  if (source->damage().any()) {
    std::cerr << fmt::format("{}: warning: damaged input analysed anyway ({} undecodable packets, {} damaged pictures{}{})\n",
                             input.name, source->damage().undecodable_packets, source->damage().corrupt_frames,
                             source->damage().truncated ? ", truncated" : "",
                             source->damage().skipped_images.empty() ? "" : fmt::format(", {} images skipped", source->damage().skipped_images.size()));
  }

  std::vector<std::pair<fs::path, std::string>> files;
  const fs::path dir(opt.output_dir);
  for (const auto& format : opt.formats) {
    if (format == "json") files.emplace_back(dir / (input.stem + ".shots.json"), report::shots_json(info, list, opt.params).dump(2) + "\n");
    if (format == "csv") files.emplace_back(dir / (input.stem + ".shots.csv"), report::shots_csv(list));
    if (format == "edl") files.emplace_back(dir / (input.stem + ".edl"), report::shots_edl(info, list));
    if (format == "otio") files.emplace_back(dir / (input.stem + ".otio"), report::shots_otio(info, list));
  }
  report::write_all_or_nothing(files);

  if (!opt.quiet) {
    const auto st = shots::shot_statistics(list);
    std::cout << fmt::format("{}: {} shots ({} cuts, {} dissolves, {} fades) in {:.2f} s, ASL {:.2f} s, median {:.2f} s, CV {:.2f} -> {}\n",
                             input.name, st.count, st.cuts, st.dissolves, st.fades, list.duration_s, st.asl_s, st.median_s, st.cv,
                             (dir / (input.stem + ".shots.*")).string());
  }
}

}  // namespace

std::function<int()> add_shots_command(CLI::App& app) {
  auto opt = std::make_shared<ShotsOptions>();
  auto* cmd = app.add_subcommand("shots", "Cut films into shots (hard cuts, dissolves, fades) and export the shot lists.");
  cmd->footer(
      "Outputs, per input, in the output folder: NAME.shots.csv (one row per shot), NAME.shots.json\n"
      "(versioned schema: source, parameters, statistics, shots, transitions), NAME.edl (CMX 3600),\n"
      "NAME.otio (OpenTimelineIO). Files appear whole or not at all.\n"
      "Exit codes: 0 all done, 2 usage error, 3 an input could not be analysed (the others were),\n"
      "4 an output could not be written, 130 interrupted. See docs/cli.md.");
  cmd->add_option("inputs", opt->inputs,
                  "Video files, folders of still images, or quoted globs ('clips/*.mp4', 'frames/*.png' = one image sequence)")
      ->required();
  cmd->add_option("-o,--output", opt->output_dir, "Folder for the output files (created if missing)")->capture_default_str();
  cmd->add_option("--format", opt->formats, "Output formats, comma separated: csv, json, edl, otio, or all")
      ->delimiter(',')
      ->capture_default_str();
  cmd->add_option("--analysis-size", opt->analysis_size, "Short side in pixels of the frames analysed (frames are shrunk once at decode)")
      ->check(CLI::Range(32, 2160))
      ->capture_default_str();
  cmd->add_option("--threads", opt->threads, "Decoder threads (0 = all cores)")->check(CLI::Range(0, 256))->capture_default_str();
  cmd->add_option("--image-fps", opt->image_fps, "Frame rate given to image sequences")->check(CLI::Range(0.1, 1000.0))->capture_default_str();
  cmd->add_flag("--allow-damage", opt->allow_damage,
                "Analyse the readable part of a corrupt or truncated file (with a warning) instead of failing");
  cmd->add_flag("-q,--quiet", opt->quiet, "No progress bar and no summary lines (errors are still printed)");
  for (const auto& p : shots::segmenter_params()) {
    cmd->add_option(std::string("--") + p.name, opt->params.*(p.field), p.help)
        ->check(CLI::Range(p.min, p.max))
        ->capture_default_str()
        ->group("Shot detection");
  }

  return [opt]() {
    std::vector<std::string> formats;
    for (const auto& f : opt->formats) {
      if (f == "all") {
        formats.assign(kFormats.begin(), kFormats.end());
        break;
      }
      if (!kFormats.count(f)) {
        std::cerr << fmt::format("stereotype shots: unknown format '{}' (expected csv, json, edl, otio or all)\n", f);
        return static_cast<int>(kExitUsage);
      }
      if (std::find(formats.begin(), formats.end(), f) == formats.end()) formats.push_back(f);
    }
    opt->formats = formats;

    std::error_code ec;
    fs::create_directories(opt->output_dir, ec);
    if (!fs::is_directory(opt->output_dir, ec)) {
      std::cerr << fmt::format("{}: cannot create output folder\n", opt->output_dir);
      return static_cast<int>(kExitOutput);
    }

    std::vector<Error> problems;
    auto inputs = expand_inputs(opt->inputs, problems);
    make_stems_unique(inputs);
    int exit_code = kExitOk;
    auto record = [&](const Error& e) {
      std::cerr << e.what() << "\n";
      const int code = exit_code_for(e.kind());
      // The most serious outcome wins: interrupted > output > input.
      if (code == kExitInterrupted || exit_code == kExitOk || (code == kExitOutput && exit_code == kExitInput)) exit_code = code;
    };
    for (const auto& p : problems) record(p);
    const bool show_progress = !opt->quiet && stderr_is_terminal();
    for (const auto& input : inputs) {
      if (g_interrupted) break;
      try {
        run_one(input, *opt, show_progress);
      } catch (const Error& e) {
        record(e);
      } catch (const std::exception& e) {
        record(Error(ErrorKind::InputInvalid, input.name, std::string("cannot be analysed: ") + e.what()));
      }
    }
    if (g_interrupted) exit_code = kExitInterrupted;
    return exit_code;
  };
}

}  // namespace stereotype::cli
