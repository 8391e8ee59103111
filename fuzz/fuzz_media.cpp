// libFuzzer target: arbitrary bytes through FFmpeg's custom I/O into the media source, the shot
// segmenter and the colour and motion families. Anything but a stereotype::Error is a bug.
#include <cstdint>
#include <memory>
#include <string>

#include "stereotype/error.hpp"
#include "stereotype/measure/color_profile.hpp"
#include "stereotype/measure/motion_profile.hpp"
#include "stereotype/media/source.hpp"
#include "stereotype/shots/segmenter.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace stereotype;
  auto bytes = std::make_shared<const std::string>(reinterpret_cast<const char*>(data), size);
  media::SourceOptions options;
  options.analysis_short_side = 48;  // small frames: many inputs per second
  options.decoder_threads = 1;
  options.allow_damage = true;       // walk the damaged-input paths too
  try {
    auto source = media::open_memory("fuzz-input", bytes, options);
    shots::Segmenter segmenter(source->info().frame_rate);
    measure::ColorFamily color;
    measure::MotionParams motion_params;
    motion_params.flow_width = 64;
    measure::MotionAnalyzer motion(motion_params);
    media::Frame frame;
    for (int n = 0; n < 40 && source->read(frame); ++n) {
      segmenter.add(frame);
      color.add(frame);
      motion.add(frame);
    }
    const auto shots = segmenter.finish();
    color.summarize(shots);
    measure::summarize_motion(motion.pairs(), shots, motion.params());
  } catch (const Error&) {
    // A clear, expected refusal of bad input.
  }
  return 0;
}
