#include "stereotype/pipeline/film_pass.hpp"

#include <condition_variable>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "stereotype/error.hpp"

namespace stereotype::pipeline {

namespace {

constexpr std::size_t kLaneQueue = 8;  // frames waiting per lane: enough to even out bursts, flat in memory
constexpr std::int64_t kTrimEvery = 256;  // frames

// Every frame allocates and frees pictures of a few hundred kilobytes on four threads. glibc
// keeps what is freed inside its arenas, and with holes between the pass's long-lived records
// the process grew by 2.5 KB a frame (1080p) although the live heap stayed flat (heaptrack).
// Handing free pages back now and then keeps the pass flat; a fixed mmap threshold would too,
// but cost 20 % of the speed in page faults.
void return_free_memory() {
#if defined(__GLIBC__)
  malloc_trim(0);
#endif
}

// A lane on its own thread: frames in order through a bounded queue.
class Lane {
 public:
  explicit Lane(const std::vector<FrameConsumer>& consumers) : consumers_(consumers), thread_([this] { run(); }) {}
  ~Lane() { stop(); }
  Lane(const Lane&) = delete;
  Lane& operator=(const Lane&) = delete;

  // Returns false when the lane has failed (its error is then in `error()`).
  bool push(std::shared_ptr<const media::Frame> frame) {
    std::unique_lock lock(mutex_);
    space_.wait(lock, [&] { return queue_.size() < kLaneQueue || error_ || stopping_; });
    if (error_ || stopping_) return false;
    queue_.push_back(std::move(frame));
    ready_.notify_one();
    return true;
  }
  // Waits until every pushed frame is consumed, then ends the thread.
  void finish() {
    {
      std::lock_guard lock(mutex_);
      done_ = true;
    }
    ready_.notify_one();
    if (thread_.joinable()) thread_.join();
  }
  // Ends the thread without waiting for queued frames (on an error elsewhere).
  void stop() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    ready_.notify_one();
    space_.notify_all();
    if (thread_.joinable()) thread_.join();
  }
  std::exception_ptr error() {
    std::lock_guard lock(mutex_);
    return error_;
  }

 private:
  void run() {
    while (true) {
      std::shared_ptr<const media::Frame> frame;
      {
        std::unique_lock lock(mutex_);
        ready_.wait(lock, [&] { return !queue_.empty() || done_ || stopping_; });
        if (stopping_ || queue_.empty()) return;
        frame = std::move(queue_.front());
        queue_.pop_front();
      }
      space_.notify_one();
      try {
        for (const auto& consume : consumers_) consume(*frame);
      } catch (...) {
        std::lock_guard lock(mutex_);
        error_ = std::current_exception();
        space_.notify_all();
        return;
      }
    }
  }

  const std::vector<FrameConsumer>& consumers_;
  std::mutex mutex_;
  std::condition_variable ready_, space_;
  std::deque<std::shared_ptr<const media::Frame>> queue_;
  bool done_ = false, stopping_ = false;
  std::exception_ptr error_;
  std::thread thread_;
};

}  // namespace

std::int64_t run_film_pass(media::Source& source, const std::vector<FrameConsumer>& consumers, const PassHooks& hooks) {
  return run_film_pass(source, std::vector<std::vector<FrameConsumer>>{consumers}, hooks, false);
}

std::int64_t run_film_pass(media::Source& source, const std::vector<std::vector<FrameConsumer>>& lanes, const PassHooks& hooks,
                           bool parallel) {
  std::vector<std::unique_ptr<Lane>> workers;
  if (parallel)
    for (std::size_t i = 1; i < lanes.size(); ++i) workers.push_back(std::make_unique<Lane>(lanes[i]));
  const auto rethrow_lane_error = [&] {
    for (auto& w : workers)
      if (auto e = w->error()) {
        for (auto& other : workers) other->stop();
        std::rethrow_exception(e);
      }
  };
  media::Frame frame;
  std::int64_t frames = 0;
  try {
    while (true) {
      if (hooks.cancel && hooks.cancel->load(std::memory_order_relaxed)) {
        throw Error(ErrorKind::Interrupted, source.info().path, "interrupted");
      }
      if (!source.read(frame)) break;
      if (!workers.empty()) {
        // The source reuses its buffers for the next frame: the other lanes get their own copy.
        auto copy = std::make_shared<media::Frame>();
        copy->index = frame.index;
        copy->time_s = frame.time_s;
        copy->bgr = frame.bgr.clone();
        copy->gray = frame.gray.clone();
        std::shared_ptr<const media::Frame> shared = std::move(copy);
        for (auto& w : workers)
          if (!w->push(shared)) rethrow_lane_error();
      }
      for (std::size_t lane = 0; lane < lanes.size(); ++lane) {
        if (lane > 0 && parallel) break;
        for (const auto& consume : lanes[lane]) consume(frame);
      }
      ++frames;
      if (hooks.progress && frames % 16 == 0) hooks.progress(source.progress(), frames);
      if (frames % kTrimEvery == 0) return_free_memory();
    }
  } catch (...) {
    for (auto& w : workers) w->stop();
    throw;
  }
  for (auto& w : workers) w->finish();
  rethrow_lane_error();
  if (hooks.progress) hooks.progress(1.0, frames);
  if (hooks.finished) hooks.finished();
  return frames;
}

}  // namespace stereotype::pipeline
