#pragma once
// Where frames come from: a video file (FFmpeg) or a sequence of still images. Both hand out
// Frames at the same analysis size so that measurements are resolution independent.
#include <memory>
#include <string>
#include <vector>

#include "stereotype/media/frame.hpp"
#include "stereotype/media/timebase.hpp"

namespace stereotype::media {

struct SourceOptions {
  int analysis_short_side = 360;  // px; frames are shrunk (area filter) so the short side has this size
  int max_aspect = 4;             // the long side is capped at max_aspect x the short side
  int decoder_threads = 0;        // 0 = let FFmpeg pick (all cores)
  Rational image_rate{24, 1};     // frame rate given to image sequences
  bool allow_damage = false;      // keep going past corrupt data / truncation instead of failing
  // Skip the codec's in-loop deblocking filter (H.264, HEVC, VP9...): about a fifth less decoding.
  // Block edges stay in the picture and drift until the next key frame, which cut detection on
  // shrunk frames does not notice but texture, grain and warp error would: for `shots` only.
  bool skip_deblocking = false;
  // Y'CbCr video: hand out the frames' planes only, without the B'G'R' and grey pictures, whose
  // conversion costs more than the rest of shot detection (for `shots`, whose detector reads the
  // planes). 8-bit planar Y'CbCr video then comes as its decoded planes alone, not shrunk at all (at
  // 1080p the shrink was an eighth of `shots`' CPU); other Y'CbCr video as planes shrunk to
  // analysis size. RGB video and image files still come as B'G'R'.
  bool planes_only = false;
};

struct SourceInfo {
  std::string path;
  std::string container;       // FFmpeg demuxer name, or "image-sequence"
  std::string codec;           // decoder name, or "images"
  int width = 0;               // display size: after sample aspect ratio and rotation
  int height = 0;
  int analysis_width = 0;
  int analysis_height = 0;
  Rational frame_rate;         // nominal (average) rate; frames still carry their own times
  double declared_duration_s = 0.0;  // from the container; 0 when it does not say
  std::int64_t declared_frames = 0;  // from the container; 0 when it does not say
  int rotation_deg = 0;        // clockwise rotation applied to honour the display matrix
  int bit_depth = 8;
  std::string color_matrix;    // "bt709", "bt601", "bt2020", "rgb", ... as used for YUV->RGB
  std::string color_range;     // "limited" or "full"
};

// What went wrong but was tolerated (only with allow_damage), for the caller to warn about.
struct DamageReport {
  int undecodable_packets = 0;
  int corrupt_frames = 0;
  bool truncated = false;
  double first_damage_s = -1.0;
  std::vector<std::string> skipped_images;
  bool any() const { return undecodable_packets || corrupt_frames || truncated || !skipped_images.empty(); }
};

class Source {
 public:
  virtual ~Source() = default;
  virtual const SourceInfo& info() const = 0;
  // Next frame in presentation order; false at the end. Throws stereotype::Error on damage
  // (unless allow_damage) and on a stream that yields no frame at all.
  virtual bool read(Frame& out) = 0;
  virtual const DamageReport& damage() const = 0;
  // Fraction of the input consumed so far in [0,1], for progress display; -1 if unknown.
  virtual double progress() const = 0;
};

// Opens a video file, a folder of images, or an explicit list of image files (a glob already
// expanded). Throws stereotype::Error naming the input and the problem.
std::unique_ptr<Source> open_source(const std::string& path, const SourceOptions& options = {});
// Decodes a video held in memory, through FFmpeg's custom I/O; `name` is used in messages.
std::unique_ptr<Source> open_memory(const std::string& name, std::shared_ptr<const std::string> bytes,
                                    const SourceOptions& options = {});
std::unique_ptr<Source> open_image_sequence(const std::string& name, std::vector<std::string> files,
                                            const SourceOptions& options = {});

// Analysis frame size for a display size: the short side becomes `short_side` (up or down, so every
// input is measured at the same scale), keeping the aspect ratio, the long side capped at
// max_aspect x short side. Never smaller than 1x1.
struct Size2 { int width; int height; };
Size2 analysis_size(int display_width, int display_height, int short_side, int max_aspect = 4);

bool is_image_file(const std::string& path);
// Image files in a folder, in natural order (frame2 before frame10).
std::vector<std::string> list_images(const std::string& folder);
bool natural_less(const std::string& a, const std::string& b);

}  // namespace stereotype::media
