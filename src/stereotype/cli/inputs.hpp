#pragma once
// Command-line inputs: files, folders of images, and globs (expanded here too, so that a quoted
// glob of images becomes one image sequence and a quoted glob of videos several films).
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

}  // namespace stereotype::cli
