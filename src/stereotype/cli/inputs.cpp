#include "stereotype/cli/inputs.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <glob.h>
#include <map>

#include <fmt/format.h>

namespace stereotype::cli {

namespace fs = std::filesystem;

namespace {

bool has_glob_chars(const std::string& s) { return s.find_first_of("*?[") != std::string::npos; }

std::string stem_of(const std::string& path) {
  fs::path p(path);
  while (!p.empty() && p.filename().empty()) p = p.parent_path();  // "frames/" -> "frames"
  std::error_code ec;
  if (fs::is_directory(p, ec)) return p.filename().string();
  const auto stem = p.stem().string();
  return stem.empty() ? "film" : stem;
}

std::vector<std::string> glob_matches(const std::string& pattern) {
  glob_t g{};
  std::vector<std::string> out;
  if (::glob(pattern.c_str(), 0, nullptr, &g) == 0) {
    for (std::size_t i = 0; i < g.gl_pathc; ++i) out.emplace_back(g.gl_pathv[i]);
  }
  globfree(&g);
  std::sort(out.begin(), out.end(), media::natural_less);
  return out;
}

}  // namespace

std::vector<Input> expand_inputs(const std::vector<std::string>& args, std::vector<Error>& problems) {
  std::vector<Input> inputs;
  for (const auto& arg : args) {
    std::error_code ec;
    if (fs::exists(arg, ec) || !has_glob_chars(arg)) {
      inputs.push_back({arg, arg, {}, stem_of(arg)});
      continue;
    }
    const auto matches = glob_matches(arg);
    if (matches.empty()) {
      problems.emplace_back(ErrorKind::InputMissing, arg, "no files match this pattern");
      continue;
    }
    if (std::all_of(matches.begin(), matches.end(), media::is_image_file)) {
      inputs.push_back({arg, "", matches, stem_of(fs::path(matches.front()).parent_path().string())});
      continue;
    }
    for (const auto& m : matches) inputs.push_back({m, m, {}, stem_of(m)});
  }
  return inputs;
}

void make_stems_unique(std::vector<Input>& inputs) {
  std::map<std::string, int> seen;
  for (auto& in : inputs) {
    const int n = ++seen[in.stem];
    if (n > 1) in.stem = fmt::format("{}-{}", in.stem, n);
  }
}

std::unique_ptr<media::Source> open_input(const Input& input, const media::SourceOptions& options) {
  if (!input.images.empty()) return media::open_image_sequence(input.name, input.images, options);
  return media::open_source(input.path, options);
}

bool is_image_sequence(const Input& input) {
  std::error_code ec;
  return !input.images.empty() || fs::is_directory(input.path, ec);
}

FilmFile film_file(const Input& input) {
  const auto modified = [](const fs::path& p) -> std::int64_t {
    std::error_code ec;
    const auto t = fs::last_write_time(p, ec);
    return ec ? 0 : std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
  };
  std::error_code ec;
  FilmFile f;
  // An image sequence, whether named by its folder or by a glob: the folder (no trailing
  // separator, so `frames/` and `frames` are one film), its number of images and the newest
  // image's time (an image retouched in place changes no folder's time).
  const auto sequence = [&](const std::vector<std::string>& images, const fs::path& folder) {
    fs::path dir = fs::absolute(folder, ec).lexically_normal();
    if (dir.filename().empty()) dir = dir.parent_path();
    f.path = dir.string();
    f.size = static_cast<std::int64_t>(images.size());
    // file_clock's epoch is not 1970's: its times may be negative.
    for (std::size_t i = 0; i < images.size(); ++i) f.modified_ns = i ? std::max(f.modified_ns, modified(images[i])) : modified(images[i]);
  };
  if (!input.images.empty()) {
    sequence(input.images, fs::path(input.images.front()).parent_path());
  } else if (is_image_sequence(input)) {
    sequence(media::list_images(input.path), input.path);
  } else {
    f.path = fs::absolute(input.path, ec).lexically_normal().string();
    const auto size = fs::file_size(input.path, ec);
    f.size = ec ? 0 : static_cast<std::int64_t>(size);
    f.modified_ns = modified(input.path);
  }
  return f;
}

}  // namespace stereotype::cli
