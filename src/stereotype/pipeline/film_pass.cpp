#include "stereotype/pipeline/film_pass.hpp"

#include "stereotype/error.hpp"

namespace stereotype::pipeline {

std::int64_t run_film_pass(media::Source& source, const std::vector<FrameConsumer>& consumers, const PassHooks& hooks) {
  media::Frame frame;
  std::int64_t frames = 0;
  while (true) {
    if (hooks.cancel && hooks.cancel->load(std::memory_order_relaxed)) {
      throw Error(ErrorKind::Interrupted, source.info().path, "interrupted");
    }
    if (!source.read(frame)) break;
    for (const auto& consume : consumers) consume(frame);
    ++frames;
    if (hooks.progress && frames % 16 == 0) hooks.progress(source.progress(), frames);
  }
  if (hooks.progress) hooks.progress(1.0, frames);
  if (hooks.finished) hooks.finished();
  return frames;
}

}  // namespace stereotype::pipeline
