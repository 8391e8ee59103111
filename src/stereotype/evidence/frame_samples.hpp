#pragma once
// Small pictures kept during the single pass as visual evidence (contact sheets, key frames), so
// that reports never decode. Thumbnails are JPEG-compressed in memory (~4 KB each) and taken at
// most `per_second` times per second of film; in a take of over a minute, fewer (see
// measure/long_take.hpp), so that a long take's thumbnails stay bounded.
#include <cstdint>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "stereotype/media/frame.hpp"

namespace stereotype::evidence {

class FrameSamples {
 public:
  explicit FrameSamples(double per_second = 4.0, int width = 192) : per_second_(per_second), interval_s_(1.0 / per_second), width_(width) {}
  void add(const media::Frame& frame);
  // The kept thumbnail (JPEG bytes) nearest to `frame_index` within [first, last), or nearest
  // overall if none lies in that range; empty when nothing was kept.
  std::string nearest_jpeg(std::int64_t frame_index, std::int64_t first, std::int64_t last) const;
  // A shot [first, last) is settled and `key_frame` is its key frame: of its thumbnails only the
  // one nearest_jpeg(key_frame, first, last) returns is kept, with the first and the last (a
  // neighbouring shot too short to have one of its own borrows the nearest), so nearest_jpeg
  // answers as before and memory stays flat in film length.
  void settle(std::int64_t key_frame, std::int64_t first, std::int64_t last);
  std::size_t size() const { return samples_.size(); }

 private:
  struct Sample {
    std::int64_t index;
    std::vector<std::uint8_t> jpeg;
  };
  const Sample* find(std::int64_t frame_index, std::int64_t first, std::int64_t last) const;
  double per_second_;
  double interval_s_;               // doubles each time a long take's thumbnails are thinned
  int width_;
  double last_s_ = -1.0;
  std::int64_t settled_end_ = 0;    // frames before this belong to settled shots
  std::vector<Sample> samples_;
};

}  // namespace stereotype::evidence
