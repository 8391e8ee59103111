// `stereotype shots FILE...`: cut films into shots and export the shot lists.
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <set>

#include <fmt/format.h>

#include "stereotype/cli/commands.hpp"
#include "stereotype/cli/exit_codes.hpp"
#include "stereotype/cli/film_batch.hpp"
#include "stereotype/cli/wording.hpp"
#include "stereotype/report/atomic_file.hpp"
#include "stereotype/report/shot_report.hpp"
#include "stereotype/shots/statistics.hpp"

namespace stereotype::cli {

namespace fs = std::filesystem;

namespace {

const std::set<std::string> kFormats{"csv", "json", "edl", "otio"};

void run_one(const Input& input, const ShotsOptions& opt, const pipeline::PassHooks& hooks) {
  // Cuts are found on shrunk frames, which the deblocking filter's work does not reach, and from
  // the planes alone: the detector's thumbnail needs no B'G'R' picture.
  auto options = opt.film.source_options();
  options.skip_deblocking = true;
  options.planes_only = true;
  auto source = open_input(input, options);
  shots::Segmenter segmenter(source->info().frame_rate, opt.film.shot_params);
  pipeline::run_film_pass(*source, {[&](const media::Frame& f) { segmenter.add(f); }}, hooks);
  const auto list = segmenter.finish();
  const auto& info = source->info();
  warn_if_damaged(input, *source);

  std::vector<std::pair<fs::path, std::string>> files;
  const fs::path dir(opt.film.output_dir);
  for (const auto& format : opt.formats) {
    if (format == "json") files.emplace_back(dir / (input.stem + ".shots.json"), report::shots_json(info, list, opt.film.shot_params).dump(2) + "\n");
    if (format == "csv") files.emplace_back(dir / (input.stem + ".shots.csv"), report::shots_csv(list));
    if (format == "edl") files.emplace_back(dir / (input.stem + ".edl"), report::shots_edl(info, list));
    if (format == "otio") files.emplace_back(dir / (input.stem + ".otio"), report::shots_otio(info, list));
  }
  report::write_all_or_nothing(files);

  if (!opt.film.quiet) {
    const auto st = shots::shot_statistics(list);
    std::string written;
    for (const auto& [path, content] : files) written += fmt::format("{}{}", written.empty() ? "" : ", ", path.string());
    std::cout << fmt::format("{}: {} ({}, {}, {}) in {:.2f} s, ASL {:.2f} s, median {:.2f} s, CV {:.2f} -> {}\n", input.name,
                             counted(st.count, "shot"), counted(st.cuts, "cut"), counted(st.dissolves, "dissolve"), counted(st.fades, "fade"),
                             list.duration_s, st.asl_s, st.median_s, st.cv,
                             written);
  }
}

}  // namespace

int run_shots(const ShotsOptions& options) {
  ShotsOptions opt = options;
  std::vector<std::string> formats;
  for (const auto& f : opt.formats) {
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
  opt.formats = formats;
  return run_film_batch(opt.film, [&](const Input& input, const pipeline::PassHooks& hooks) { run_one(input, opt, hooks); });
}

}  // namespace stereotype::cli
