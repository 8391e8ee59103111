#include "stereotype/measure/bodies.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <numbers>

#include <opencv2/imgproc.hpp>
#include <opencv2/objdetect.hpp>

#include "stereotype/error.hpp"

namespace stereotype::measure {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// The person detector's window is 128 px tall: on the frame enlarged twice it finds people from
// about a sixth of the frame's height up (a long shot); at 1.5x it already misses vtest's street.
constexpr double kPeopleScale = 2.0;
}

struct BodyDetector::Impl {
  cv::CascadeClassifier faces;
  cv::HOGDescriptor people;
};

BodyDetector::BodyDetector(BodyParams params) : params_(std::move(params)), impl_(new Impl) {
  if (!std::filesystem::exists(params_.face_cascade) || !impl_->faces.load(params_.face_cascade)) {
    delete impl_;
    throw Error(ErrorKind::Unsupported, params_.face_cascade, "face cascade cannot be loaded (install Debian's opencv-data)");
  }
  impl_->people.setSVMDetector(cv::HOGDescriptor::getDefaultPeopleDetector());
}

BodyDetector::~BodyDetector() { delete impl_; }

BodySample BodyDetector::detect(const media::Frame& frame) const {
  BodySample s;
  s.frame = frame.index;
  s.time_s = frame.time_s;
  s.frame_width = frame.gray.cols;
  s.frame_height = frame.gray.rows;
  impl_->faces.detectMultiScale(frame.gray, s.faces, 1.1, 5, 0, cv::Size(params_.min_face_px, params_.min_face_px));
  cv::Mat enlarged;
  cv::resize(frame.gray, enlarged, cv::Size(), kPeopleScale, kPeopleScale, cv::INTER_LINEAR);
  std::vector<double> weights;
  impl_->people.detectMultiScale(enlarged, s.people, weights, 0, cv::Size(8, 8), cv::Size(0, 0), 1.3, 2);
  for (auto& r : s.people) {
    r = cv::Rect(static_cast<int>(r.x / kPeopleScale), static_cast<int>(r.y / kPeopleScale), static_cast<int>(r.width / kPeopleScale),
                 static_cast<int>(r.height / kPeopleScale));
  }
  return s;
}

void BodyDetector::add(const media::Frame& frame) {
  if (last_s_ >= 0 && frame.time_s - last_s_ < 1.0 / params_.samples_per_second - 1e-9) return;
  last_s_ = frame.time_s;
  samples_.push_back(detect(frame));
}

double box_iou(const cv::Rect& a, const cv::Rect& b) {
  const double inter = (a & b).area();
  const double uni = a.area() + b.area() - inter;
  return uni > 0 ? inter / uni : 0.0;
}

const std::vector<std::string>& body_metric_names() {
  static const std::vector<std::string> names = {"body.faces", "body.people", "body.face_height", "body.face_instability"};
  return names;
}

CameraPath camera_between(const std::vector<MotionPair>& pairs, std::int64_t from_frame, std::int64_t to_frame, cv::Size frame) {
  CameraPath path;
  const double diagonal = std::hypot(frame.width, frame.height);
  const cv::Point2d c(0.5 * (frame.width - 1), 0.5 * (frame.height - 1));
  auto p = std::lower_bound(pairs.begin(), pairs.end(), from_frame, [](const MotionPair& q, std::int64_t f) { return q.first_frame < f; });
  for (; p != pairs.end() && p->second_frame <= to_frame; ++p) {
    // Each pair's camera is a similarity about the frame centre: x' = c + s R (x - c) + d.
    const double s = std::exp(p->camera_zoom * p->dt_s), angle = p->camera_roll * p->dt_s * std::numbers::pi / 180.0;
    const double a = s * std::cos(angle), b = s * std::sin(angle);
    const double dx = p->camera_dx * p->dt_s * diagonal, dy = p->camera_dy * p->dt_s * diagonal;
    const cv::Matx33d step(a, -b, c.x + dx - (a * c.x - b * c.y), b, a, c.y + dy - (b * c.x + a * c.y), 0, 0, 1);
    path.transform = step * path.transform;
    path.log_scale += p->camera_zoom * p->dt_s;
  }
  return path;
}

cv::Rect CameraPath::carry(const cv::Rect& box) const {
  const cv::Vec3d centre = transform * cv::Vec3d(box.x + 0.5 * box.width, box.y + 0.5 * box.height, 1.0);
  const double s = std::exp(log_scale), w = box.width * s, h = box.height * s;
  return cv::Rect(static_cast<int>(std::lround(centre[0] - 0.5 * w)), static_cast<int>(std::lround(centre[1] - 0.5 * h)),
                  static_cast<int>(std::lround(w)), static_cast<int>(std::lround(h)));
}

std::vector<ShotBodies> summarize_bodies(const std::vector<BodySample>& samples, const std::vector<MotionPair>& pairs,
                                         const shots::ShotList& list) {
  std::vector<ShotBodies> out;
  for (const auto& shot : list.shots) {
    const auto end = shot.start_frame + shot.frame_count;
    std::vector<const BodySample*> in;
    for (const auto& s : samples) {
      if (s.frame >= shot.start_frame && s.frame < end) in.push_back(&s);
    }
    ShotBodies sb;
    sb.samples = static_cast<int>(in.size());
    std::vector<double> faces, people, heights, jumps;
    for (const auto* s : in) {
      faces.push_back(static_cast<double>(s->faces.size()));
      people.push_back(static_cast<double>(s->people.size()));
      int tallest = 0;
      for (const auto& f : s->faces) tallest = std::max(tallest, f.height);
      if (tallest > 0 && s->frame_height > 0) heights.push_back(static_cast<double>(tallest) / s->frame_height);
    }
    // From one sample to the next, each face matched to the best-overlapping face once the camera's
    // own movement between them has carried it along: the change of its size, less the camera's
    // zoom over the same time (ln scale = integral of zoom rate).
    for (std::size_t k = 1; k < in.size(); ++k) {
      const auto* a = in[k - 1];
      const auto* b = in[k];
      const CameraPath camera = camera_between(pairs, a->frame, b->frame, cv::Size(a->frame_width, a->frame_height));
      std::vector<bool> used(b->faces.size(), false);
      for (const auto& fa : a->faces) {
        const cv::Rect carried = camera.carry(fa);
        double best = 0.3;
        int match = -1;
        for (std::size_t j = 0; j < b->faces.size(); ++j) {
          const double iou = box_iou(carried, b->faces[j]);
          if (!used[j] && iou >= best) {
            best = iou;
            match = static_cast<int>(j);
          }
        }
        if (match < 0) continue;
        used[static_cast<std::size_t>(match)] = true;
        const auto& fb = b->faces[static_cast<std::size_t>(match)];
        jumps.push_back(std::abs(std::log(static_cast<double>(fb.height) / fa.height) - camera.log_scale));
      }
    }
    sb.values["body.faces"] = in.empty() ? kNaN : summarize(faces).median;
    sb.values["body.people"] = in.empty() ? kNaN : summarize(people).median;
    sb.values["body.face_height"] = heights.empty() ? kNaN : summarize(heights).median;
    double mean_jump = kNaN;
    if (!jumps.empty()) {
      mean_jump = 0;
      for (double j : jumps) mean_jump += j;
      mean_jump /= static_cast<double>(jumps.size());
    }
    sb.values["body.face_instability"] = mean_jump;
    out.push_back(std::move(sb));
  }
  return out;
}

}  // namespace stereotype::measure
