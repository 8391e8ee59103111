#pragma once
// What every film command shares: inputs, output folder, decoding and shot-detection flags, the
// progress bar, one-line errors per input and the exit code of the batch.
#include <functional>
#include <string>
#include <vector>

#include "stereotype/cli/inputs.hpp"
#include "stereotype/pipeline/film_pass.hpp"
#include "stereotype/shots/segmenter.hpp"

namespace stereotype::cli {

struct FilmOptions {
  std::vector<std::string> inputs;
  std::string output_dir = "stereotype-out";
  int analysis_size = 360;
  int threads = 0;
  double image_fps = 24.0;
  bool allow_damage = false;
  bool quiet = false;
  bool serial = false;  // measurement families one after another on the reading thread
  shots::SegmenterParams shot_params;

  media::SourceOptions source_options() const;
};

// Runs `one` for every input (expanded, with unique output stems); prints one line per failure
// and returns the batch's exit code. `one` receives hooks that drive the progress bar and stop
// on Ctrl-C.
using FilmJob = std::function<void(const Input& input, const pipeline::PassHooks& hooks)>;
int run_film_batch(const FilmOptions& options, const FilmJob& one);

// Prints the damage warning for a source analysed with --allow-damage.
void warn_if_damaged(const Input& input, const media::Source& source);

}  // namespace stereotype::cli
