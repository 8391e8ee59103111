#pragma once
// Command-line inputs: files, folders of images, and globs (expanded here too, so that a quoted
// glob of images becomes one image sequence and a quoted glob of videos several films).
#include <cstdint>
#include <string>
#include <vector>

#include "stereotype/error.hpp"
#include "stereotype/media/source.hpp"

namespace stereotype::cli {

struct Input {
  std::string name;                 // what messages call it: the path, or the glob pattern
  std::string path;                 // a file or folder (empty for an expanded image glob)
  std::vector<std::string> images;  // the images of an expanded glob, in natural order
  std::string stem;                 // base name for output files
};

// Expands arguments into inputs; a glob that matches nothing becomes an Error in `problems`.
std::vector<Input> expand_inputs(const std::vector<std::string>& args, std::vector<Error>& problems);

// Gives inputs distinct output stems (clip, clip-2, ...) so that outputs never overwrite each other.
void make_stems_unique(std::vector<Input>& inputs);

std::unique_ptr<media::Source> open_input(const Input& input, const media::SourceOptions& options);

// A glob of images, or a folder (of images: a folder of films is expanded into films before this).
bool is_image_sequence(const Input& input);

// Which file a profile measured, as the corpus knows a film: its absolute path (an image
// sequence's folder, named by the folder or by a glob alike), its size (an image sequence's number
// of images) and its modification time (an image sequence's newest image's). The same film on a shared disk gives the same identity on every machine,
// so profiles written by `analyze` on many machines pool into one corpus as their films.
struct FilmFile {
  std::string path;
  std::int64_t size = 0;
  std::int64_t modified_ns = 0;
};
FilmFile film_file(const Input& input);

}  // namespace stereotype::cli
