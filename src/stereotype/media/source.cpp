#include "stereotype/media/source.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <fstream>

#include "stereotype/error.hpp"

namespace stereotype::media {

namespace fs = std::filesystem;

std::unique_ptr<Source> open_video(const std::string& path, const SourceOptions& options);  // video_source.cpp

Size2 analysis_size(int display_width, int display_height, int short_side, int max_aspect) {
  const int w = std::max(display_width, 1);
  const int h = std::max(display_height, 1);
  const int s = std::max(short_side, 1);
  const double aspect = std::min(static_cast<double>(std::max(w, h)) / std::min(w, h),
                                 static_cast<double>(std::max(max_aspect, 1)));
  const int long_side = std::max(s, static_cast<int>(std::lround(s * aspect)));
  return w >= h ? Size2{long_side, s} : Size2{s, long_side};
}

bool is_image_file(const std::string& path) {
  static const char* const kExtensions[] = {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp",
                                            ".webp", ".ppm", ".pgm", ".pnm", ".jp2", ".exr"};
  std::string ext = fs::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return std::any_of(std::begin(kExtensions), std::end(kExtensions), [&](const char* e) { return ext == e; });
}

bool natural_less(const std::string& a, const std::string& b) {
  std::size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    const bool da = std::isdigit(static_cast<unsigned char>(a[i]));
    const bool db = std::isdigit(static_cast<unsigned char>(b[j]));
    if (da && db) {
      std::size_t i2 = i, j2 = j;
      while (i2 < a.size() && std::isdigit(static_cast<unsigned char>(a[i2]))) ++i2;
      while (j2 < b.size() && std::isdigit(static_cast<unsigned char>(b[j2]))) ++j2;
      std::string_view na(a.data() + i, i2 - i), nb(b.data() + j, j2 - j);
      while (na.size() > 1 && na.front() == '0') na.remove_prefix(1);
      while (nb.size() > 1 && nb.front() == '0') nb.remove_prefix(1);
      if (na.size() != nb.size()) return na.size() < nb.size();
      if (na != nb) return na < nb;
      i = i2;
      j = j2;
    } else {
      if (a[i] != b[j]) return a[i] < b[j];
      ++i;
      ++j;
    }
  }
  return a.size() - i < b.size() - j;
}

std::vector<std::string> list_images(const std::string& folder) {
  std::vector<std::string> files;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(folder, ec)) {
    if (entry.is_regular_file(ec) && is_image_file(entry.path().string())) files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end(), natural_less);
  return files;
}

std::unique_ptr<Source> open_source(const std::string& path, const SourceOptions& options) {
  std::error_code ec;
  const auto status = fs::status(path, ec);
  if (ec || !fs::exists(status)) throw Error(ErrorKind::InputMissing, path, "no such file or folder");
  if (fs::is_directory(status)) {
    auto files = list_images(path);
    if (files.empty()) throw Error(ErrorKind::InputInvalid, path, "folder contains no image files");
    return open_image_sequence(path, std::move(files), options);
  }
  if (!fs::is_regular_file(status)) throw Error(ErrorKind::InputInvalid, path, "not a regular file");
  if (std::ifstream probe(path, std::ios::binary); !probe) {
    throw Error(ErrorKind::InputMissing, path, "cannot be opened for reading (permission denied?)");
  }
  if (fs::file_size(path, ec) == 0) throw Error(ErrorKind::InputInvalid, path, "empty file (0 bytes)");
  if (is_image_file(path)) {
    throw Error(ErrorKind::InputInvalid, path,
                "is a still image, not a video (pass a folder or a quoted glob of images for a sequence)");
  }
  return open_video(path, options);
}

}  // namespace stereotype::media
