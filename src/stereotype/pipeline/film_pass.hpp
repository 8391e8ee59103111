#pragma once
// One pass over a film: every frame is read once from the Source and handed to each consumer
// (shot segmentation and the measurement families), so no measurement ever decodes.
#include <atomic>
#include <cstdint>
#include <functional>
#include <vector>

#include "stereotype/media/source.hpp"

namespace stereotype::pipeline {

using FrameConsumer = std::function<void(const media::Frame&)>;

struct PassHooks {
  // Called now and then with the fraction done (-1 if unknown) and frames read so far.
  std::function<void(double fraction, std::int64_t frames)> progress;
  // Called once when the last frame has been read (a progress display clears itself).
  std::function<void()> finished;
  // Set (e.g. by a SIGINT handler) to stop: the pass throws Error(Interrupted).
  const std::atomic<bool>* cancel = nullptr;
};

// Returns the number of frames read. Throws stereotype::Error from the source or on cancel.
std::int64_t run_film_pass(media::Source& source, const std::vector<FrameConsumer>& consumers, const PassHooks& hooks = {});

// The same pass with the consumers split into lanes. Lane 0 runs on the reading thread; with
// `parallel`, every other lane runs on a thread of its own, fed through a bounded queue (memory
// stays flat whatever the film's length). Within a lane consumers see every frame in order, so
// the results are the same in parallel and in series. An exception in any lane stops the pass
// and is rethrown here.
std::int64_t run_film_pass(media::Source& source, const std::vector<std::vector<FrameConsumer>>& lanes, const PassHooks& hooks,
                           bool parallel);

}  // namespace stereotype::pipeline
