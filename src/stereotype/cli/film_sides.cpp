#include "stereotype/cli/film_sides.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "stereotype/pipeline/film_analysis.hpp"
#include "stereotype/report/profile_report.hpp"

namespace stereotype::cli {

namespace fs = std::filesystem;

namespace {
bool is_video_file(const fs::path& p) {
  static const std::vector<std::string> extensions = {".mp4", ".mkv", ".avi", ".mov", ".webm", ".m4v", ".mpg", ".mpeg", ".ts", ".mts",
                                                      ".wmv", ".flv", ".ogv", ".gif", ".mxf", ".3gp"};
  std::string ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return std::find(extensions.begin(), extensions.end(), ext) != extensions.end();
}
}  // namespace

bool is_profile_file(const std::string& path) {
  const std::string suffix = ".profile.json";
  return path.size() > suffix.size() && path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::vector<Input> side_inputs(const std::string& argument) {
  std::error_code ec;
  if (fs::is_directory(argument, ec)) {
    std::vector<std::string> films;
    for (const auto& entry : fs::directory_iterator(argument, ec)) {
      if (!entry.is_regular_file(ec)) continue;
      const auto path = entry.path().string();
      if (is_video_file(entry.path()) || is_profile_file(path)) films.push_back(path);
    }
    if (!films.empty()) {
      std::sort(films.begin(), films.end(), media::natural_less);
      std::vector<Error> problems;
      auto inputs = expand_inputs(films, problems);
      make_stems_unique(inputs);
      return inputs;
    }
  }
  std::vector<Error> problems;
  auto inputs = expand_inputs({argument}, problems);
  if (!problems.empty()) throw problems.front();
  make_stems_unique(inputs);
  return inputs;
}

nlohmann::ordered_json film_profile(const pipeline::FilmAnalysis& analysis, const Input& input, const style::IntervalParams& intervals) {
  const std::string& name = input.name;
  auto profile = report::profile_json(analysis);
  const auto file = film_file(input);
  profile["source"]["file"] = {{"path", file.path}, {"size_bytes", file.size}, {"modified_ns", file.modified_ns}};
  // Read back as the style module reads every film, so the intervals are drawn from the very shot
  // values that compare, the templates and the corpus use.
  const auto film = style::film_style_from_profile(profile, name, name);
  std::vector<std::string> keys;
  for (const auto& [key, figure] : profile["film"].items())
    if (figure.is_object() && figure.contains("median")) keys.push_back(key);
  std::vector<double> lengths;
  for (const auto& shot : film.shots)
    if (!shot.blank) lengths.push_back(shot.duration_s);
  report::add_film_intervals(profile, style::film_figure_intervals(film, keys, intervals), style::shot_length_intervals(lengths, intervals),
                             intervals);
  return profile;
}

ProfiledFilm profile_film(const Input& input, const FilmOptions& options, const pipeline::PassHooks& hooks, const style::IntervalParams& intervals) {
  ProfiledFilm film;
  film.input = input;
  if (input.images.empty() && is_profile_file(input.path)) {
    std::ifstream in(input.path, std::ios::binary);
    if (!in) throw Error(ErrorKind::InputMissing, input.name, "cannot read the profile");
    std::ostringstream text;
    text << in.rdbuf();
    try {
      film.profile = nlohmann::ordered_json::parse(text.str());
    } catch (const nlohmann::json::parse_error& e) {
      throw Error(ErrorKind::InputInvalid, input.name, fmt::format("not valid JSON (byte {})", e.byte));
    } catch (const nlohmann::json::exception&) {  // a number out of range
      throw Error(ErrorKind::InputInvalid, input.name, "not valid JSON (a number out of range)");
    }
    // Validates now, so a bad profile is reported by name before any work is done.
    (void)style::film_style_from_profile(film.profile, input.name, input.name);
    if (film.profile.value("version", 0) < report::kProfileSchemaVersion)
      throw Error(ErrorKind::InputInvalid, input.name,
                  fmt::format("profile version {} is older than this build's {}: analyse the film again", film.profile.value("version", 0),
                              report::kProfileSchemaVersion));
    return film;
  }
  auto source = open_input(input, options.source_options());
  const auto analysis = pipeline::analyze_film(*source, options.shot_params, hooks, !options.serial);
  warn_if_damaged(input, *source);
  film.profile = film_profile(analysis, input, intervals);
  film.key_frame_jpegs = analysis.key_frame_jpegs;
  film.analysed = true;
  return film;
}

FilmFile profiled_film_file(const nlohmann::ordered_json& profile, const std::string& profile_name) {
  const auto is = [](const nlohmann::ordered_json& o, const char* key, auto test) { return o.is_object() && o.contains(key) && test(o[key]); };
  const auto object = [](const nlohmann::ordered_json& v) { return v.is_object(); };
  const auto text = [](const nlohmann::ordered_json& v) { return v.is_string(); };
  const auto whole = [](const nlohmann::ordered_json& v) { return v.is_number_integer(); };
  if (!is(profile, "source", object) || !is(profile["source"], "file", object) || !is(profile["source"]["file"], "path", text) ||
      !is(profile["source"]["file"], "size_bytes", whole) || !is(profile["source"]["file"], "modified_ns", whole))
    throw Error(ErrorKind::InputInvalid, profile_name, "the profile does not say which film it measured (no source.file): analyse the film again");
  const auto& file = profile["source"]["file"];
  return {file["path"].get<std::string>(), file["size_bytes"].get<std::int64_t>(), file["modified_ns"].get<std::int64_t>()};
}

}  // namespace stereotype::cli
