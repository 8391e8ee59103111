#pragma once
// A side of a comparison (or a film to add to the corpus): each input is either a video / image
// sequence, analysed now in one pass, or a profile written earlier (NAME.profile.json), read back.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "stereotype/cli/film_batch.hpp"
#include "stereotype/pipeline/film_analysis.hpp"
#include "stereotype/style/film_style.hpp"
#include "stereotype/style/intervals.hpp"

namespace stereotype::cli {

struct ProfiledFilm {
  Input input;
  nlohmann::ordered_json profile;
  std::vector<std::string> key_frame_jpegs;  // per shot; empty for a profile read from disk
  bool analysed = false;
};

// A folder holding video files (or profiles) is a corpus of those files; any other argument is
// expanded as `analyze` does (files, image folders, globs). Throws Error for a pattern matching nothing.
std::vector<Input> side_inputs(const std::string& argument);

bool is_profile_file(const std::string& path);

// The profile of an analysed film with its figures' intervals and the film's identity
// (`source.file`): what `analyze` writes and what `compare` and the corpus keep.
nlohmann::ordered_json film_profile(const pipeline::FilmAnalysis& analysis, const Input& input, const style::IntervalParams& intervals);

// The film a profile measured (`source.file`); throws Error naming the profile when it has none.
FilmFile profiled_film_file(const nlohmann::ordered_json& profile, const std::string& profile_name);

// Analyses or reads one input; throws stereotype::Error naming it.
ProfiledFilm profile_film(const Input& input, const FilmOptions& options, const pipeline::PassHooks& hooks,
                          const style::IntervalParams& intervals);

}  // namespace stereotype::cli
