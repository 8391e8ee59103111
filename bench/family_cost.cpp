// Where `analyze`'s time goes: the CPU each part of the pass spends per frame of one film, each
// measured on a pass of its own with OpenCV held to one thread, so the parts add up to the CPU the
// whole analysis needs. Run by bench/bench.sh; speed lives in bench/, never in tests.
//   stereotype_family_cost FILM
#include <ctime>
#include <functional>
#include <string>
#include <vector>

#include <opencv2/core.hpp>
#include <fmt/format.h>

#include "stereotype/error.hpp"
#include "stereotype/evidence/frame_samples.hpp"
#include "stereotype/measure/bodies.hpp"
#include "stereotype/measure/color_profile.hpp"
#include "stereotype/measure/composition.hpp"
#include "stereotype/measure/motion.hpp"
#include "stereotype/measure/texture.hpp"
#include "stereotype/media/source.hpp"
#include "stereotype/shots/segmenter.hpp"

namespace {

using namespace stereotype;

// CPU of the calling thread only: FFmpeg decodes on threads of its own, which this leaves out.
double thread_cpu_s() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

struct Cost {
  std::string part;
  double ms_per_frame = 0;
};

// One decoding pass feeding one consumer; returns the consumer's CPU per frame and the reader's
// (shrink and colour conversion) through `reading_ms`.
double pass(const std::string& film, const std::function<void(const media::Frame&)>& consume, double* reading_ms = nullptr) {
  auto source = media::open_source(film);
  media::Frame frame;
  double reading = 0, consuming = 0;
  long frames = 0;
  for (;;) {
    const double t0 = thread_cpu_s();
    if (!source->read(frame)) break;
    const double t1 = thread_cpu_s();
    consume(frame);
    const double t2 = thread_cpu_s();
    reading += t1 - t0;
    consuming += t2 - t1;
    ++frames;
  }
  if (frames == 0) throw Error(ErrorKind::InputInvalid, film, "no frames");
  if (reading_ms) *reading_ms = 1e3 * reading / static_cast<double>(frames);
  return 1e3 * consuming / static_cast<double>(frames);
}

// One part of the pass, made afresh, fed a decoding pass of its own.
template <typename Part>
double cost_of(const std::string& film) {
  Part part;
  return pass(film, [&](const media::Frame& f) { part.add(f); });
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    fmt::print(stderr, "usage: {} FILM\n", argv[0]);
    return 2;
  }
  const std::string film = argv[1];
  try {
    cv::setNumThreads(1);
    std::vector<Cost> costs;
    double reading = 0;
    {
      shots::Segmenter segmenter(media::open_source(film)->info().frame_rate);
      costs.push_back({"shots (segmenter)", pass(film, [&](const media::Frame& f) { segmenter.add(f); }, &reading)});
    }
    costs.insert(costs.begin(), {"shrink + colour conversion", reading});
    costs.push_back({"colour and light", cost_of<measure::ColorFamily>(film)});
    costs.push_back({"space and composition", cost_of<measure::CompositionFamily>(film)});
    costs.push_back({"texture", cost_of<measure::TextureFamily>(film)});
    costs.push_back({"thumbnails (evidence)", cost_of<evidence::FrameSamples>(film)});
    costs.push_back({"motion (flow, objects)", cost_of<measure::MotionAnalyzer>(film)});
    costs.push_back({"bodies (faces, people)", cost_of<measure::BodyDetector>(film)});
    double total = 0;
    for (const auto& c : costs) total += c.ms_per_frame;
    fmt::print("CPU per frame of {} (one thread each; FFmpeg's decoding not included):\n", film);
    for (const auto& c : costs) fmt::print("  {:<28} {:6.2f} ms  {:4.1f} %\n", c.part, c.ms_per_frame, 100.0 * c.ms_per_frame / total);
    fmt::print("  {:<28} {:6.2f} ms\n", "all of the above", total);
  } catch (const std::exception& e) {
    fmt::print(stderr, "{}\n", e.what());
    return 1;
  }
  return 0;
}
