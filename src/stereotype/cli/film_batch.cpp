#include "stereotype/cli/film_batch.hpp"

#include <cmath>
#include <filesystem>
#include <iostream>

#include <fmt/format.h>

#include "stereotype/cli/commands.hpp"
#include "stereotype/cli/exit_codes.hpp"
#include "stereotype/cli/progress.hpp"
#include "stereotype/cli/wording.hpp"

namespace stereotype::cli {

namespace fs = std::filesystem;

namespace {

media::Rational rate_from_fps(double fps) {
  // Common rates stay exact (29.97 -> 30000/1001); others to the millisecond.
  for (const auto& r : {media::Rational{24000, 1001}, media::Rational{30000, 1001}, media::Rational{60000, 1001}}) {
    if (std::abs(r.value() - fps) < 1e-3) return r;
  }
  return media::Rational{static_cast<std::int64_t>(std::llround(fps * 1000)), 1000}.reduced();
}

}  // namespace

media::SourceOptions FilmOptions::source_options() const {
  media::SourceOptions o;
  o.analysis_short_side = analysis_size;
  o.decoder_threads = threads;
  o.allow_damage = allow_damage;
  o.image_rate = rate_from_fps(image_fps);
  return o;
}

void warn_if_damaged(const Input& input, const media::Source& source) {
  const auto& d = source.damage();
  if (!d.any()) return;
  std::cerr << fmt::format("{}: warning: damaged input analysed anyway ({}, {}{}{})\n",
                           input.name, counted(static_cast<std::size_t>(d.undecodable_packets), "undecodable packet"),
                           counted(static_cast<std::size_t>(d.corrupt_frames), "damaged picture"), d.truncated ? ", truncated" : "",
                           d.skipped_images.empty() ? "" : fmt::format(", {} skipped", counted(d.skipped_images.size(), "image")));
}

int run_film_batch(const FilmOptions& opt, const FilmJob& one) {
  std::error_code ec;
  fs::create_directories(opt.output_dir, ec);
  if (!fs::is_directory(opt.output_dir, ec)) {
    std::cerr << fmt::format("{}: cannot create output folder\n", opt.output_dir);
    return kExitOutput;
  }
  std::vector<Error> problems;
  auto inputs = expand_inputs(opt.inputs, problems);
  make_stems_unique(inputs);
  int exit_code = kExitOk;
  auto record = [&](const Error& e) {
    std::cerr << e.what() << "\n";
    const int code = exit_code_for(e.kind());
    // The most serious outcome wins: interrupted > output > input.
    if (code == kExitInterrupted || exit_code == kExitOk || (code == kExitOutput && exit_code == kExitInput)) exit_code = code;
  };
  for (const auto& p : problems) record(p);
  const bool show_progress = !opt.quiet && stderr_is_terminal();
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    if (g_interrupted) break;
    const auto& input = inputs[i];
    // A corpus of hundreds: which film of how many, beside the film's own time left.
    const std::string of = inputs.size() > 1 ? fmt::format("  ({} of {})", i + 1, inputs.size()) : "";
    ProgressBar bar(show_progress, fs::path(input.name).filename().string() + of);
    pipeline::PassHooks hooks;
    hooks.progress = [&](double f, std::int64_t n) { bar.update(f, n); };
    hooks.finished = [&] { bar.clear(); };
    hooks.cancel = &g_interrupted;
    try {
      one(input, hooks);
    } catch (const Error& e) {
      bar.clear();
      record(e);
    } catch (const std::exception& e) {
      bar.clear();
      record(Error(ErrorKind::InputInvalid, input.name, std::string("cannot be analysed: ") + e.what()));
    }
  }
  if (g_interrupted) exit_code = kExitInterrupted;
  return exit_code;
}

}  // namespace stereotype::cli
