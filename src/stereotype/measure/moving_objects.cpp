#include "stereotype/measure/moving_objects.hpp"

#include <algorithm>
#include <cmath>
#include <tuple>

#include <opencv2/imgproc.hpp>

namespace stereotype::measure {

namespace {

double quantile(std::vector<double> v, double q) {
  if (v.empty()) return 0.0;
  const auto at = v.begin() + static_cast<std::ptrdiff_t>(q * static_cast<double>(v.size() - 1));
  std::nth_element(v.begin(), at, v.end());
  return *at;
}

}  // namespace

ObjectTracker::ObjectTracker(ObjectTrackerParams params) : params_(params) {}

void ObjectTracker::add(const cv::Mat& gray, double time_s, std::int64_t frame, const cv::Matx23d& camera_from_previous) {
  if (!window_.empty() && gray.size() != window_.back().gray.size()) {
    finish();
    window_.clear();
  }
  window_.push_back({gray.clone(), time_s, frame, camera_from_previous});
  if (window_.size() > 3) window_.erase(window_.begin());
  if (window_.size() == 3) detect(window_[0], window_[1], window_[2]);
}

void ObjectTracker::detect(const Pick& before, const Pick& at, const Pick& after) {
  // Three-frame differencing after the camera is taken out: a pixel belongs to a moving object at
  // the middle pick when it differs from both neighbours; the object's trail in either neighbour
  // differs from only one of them.
  size_ = at.gray.size();
  ones_.create(size_, CV_8U);
  ones_.setTo(255);
  cv::warpAffine(before.gray, warped_, cv::Mat(at.camera_from_previous), size_, cv::INTER_LINEAR, cv::BORDER_CONSTANT);
  cv::absdiff(at.gray, warped_, diff_before_);
  cv::warpAffine(ones_, valid_, cv::Mat(at.camera_from_previous), size_, cv::INTER_NEAREST, cv::BORDER_CONSTANT);
  cv::warpAffine(after.gray, warped_, cv::Mat(after.camera_from_previous), size_, cv::INTER_LINEAR | cv::WARP_INVERSE_MAP,
                 cv::BORDER_CONSTANT);
  cv::absdiff(at.gray, warped_, diff_after_);
  cv::min(diff_before_, diff_after_, mask_);
  cv::threshold(mask_, mask_, params_.difference_floor, 255, cv::THRESH_BINARY);
  cv::bitwise_and(mask_, valid_, mask_);
  cv::warpAffine(ones_, valid_, cv::Mat(after.camera_from_previous), size_, cv::INTER_NEAREST | cv::WARP_INVERSE_MAP, cv::BORDER_CONSTANT);
  cv::bitwise_and(mask_, valid_, mask_);
  // Compression speckle is a pixel or two wide; an object is wider, and may come apart where it
  // crosses a background of its own brightness.
  cv::morphologyEx(mask_, mask_, cv::MORPH_OPEN, cv::getStructuringElement(cv::MORPH_RECT, cv::Size(3, 3)));
  cv::morphologyEx(mask_, mask_, cv::MORPH_CLOSE, cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(7, 7)));

  const double n = static_cast<double>(size_.area());
  std::vector<ObjectSighting> found;
  if (cv::countNonZero(mask_) <= params_.max_mask_share * n) {
    const int count = cv::connectedComponentsWithStats(mask_, labels_, stats_, centroids_, 8, CV_32S);
    for (int i = 1; i < count; ++i) {
      const double area = stats_.at<int>(i, cv::CC_STAT_AREA) / n;
      if (area < params_.min_area_share || area > params_.max_area_share) continue;
      found.push_back({at.frame, at.time_s, centroids_.at<double>(i, 0) / size_.width, centroids_.at<double>(i, 1) / size_.height, area});
    }
  }

  // Each open track takes the sighting nearest to where it was heading, among those within reach
  // of where it was: reach grows with its speed, and a bounce lands behind the prediction.
  const double diagonal = std::hypot(size_.width, size_.height);
  auto px = [&](const ObjectSighting& s) { return cv::Point2d(s.x * size_.width, s.y * size_.height); };
  std::vector<std::tuple<double, std::size_t, std::size_t>> candidates;
  for (std::size_t t = 0; t < open_.size(); ++t) {
    const auto& track = open_[t].sightings;
    const cv::Point2d last = px(track.back());
    cv::Point2d step(0, 0);
    if (track.size() >= 2) step = last - px(track[track.size() - 2]);
    const double gaps = 1.0 + open_[t].misses;
    const double reach = (1.5 * std::hypot(step.x, step.y) + 0.04 * diagonal) * gaps;
    for (std::size_t d = 0; d < found.size(); ++d) {
      const double ratio = found[d].area / track.back().area;
      if (ratio < 0.25 || ratio > 4.0) continue;
      const cv::Point2d p = px(found[d]);
      if (std::hypot(p.x - last.x, p.y - last.y) > reach) continue;
      const cv::Point2d predicted = last + step * gaps;
      candidates.emplace_back(std::hypot(p.x - predicted.x, p.y - predicted.y), t, d);
    }
  }
  std::sort(candidates.begin(), candidates.end());
  std::vector<bool> track_taken(open_.size(), false), sighting_taken(found.size(), false);
  for (const auto& [cost, t, d] : candidates) {
    if (track_taken[t] || sighting_taken[d]) continue;
    track_taken[t] = sighting_taken[d] = true;
    open_[t].sightings.push_back(found[d]);
    open_[t].misses = 0;
  }
  std::vector<Open> still_open;
  for (std::size_t t = 0; t < open_.size(); ++t) {
    if (!track_taken[t] && ++open_[t].misses > params_.max_misses) {
      close(open_[t]);
    } else {
      still_open.push_back(std::move(open_[t]));
    }
  }
  for (std::size_t d = 0; d < found.size(); ++d) {
    if (!sighting_taken[d]) still_open.push_back({{found[d]}, 0});
  }
  open_ = std::move(still_open);
}

void ObjectTracker::close(Open& track) {
  if (static_cast<int>(track.sightings.size()) < params_.min_track_samples) return;
  for (auto& i : track_impacts(track.sightings, size_, params_)) impacts_.push_back(i);
  tracks_.push_back(std::move(track.sightings));
}

void ObjectTracker::finish() {
  for (auto& t : open_) close(t);
  open_.clear();
  std::sort(impacts_.begin(), impacts_.end(), [](const ObjectImpact& a, const ObjectImpact& b) { return a.frame < b.frame; });
}

std::vector<ObjectImpact> track_impacts(const std::vector<ObjectSighting>& track, cv::Size frame, const ObjectTrackerParams& params) {
  std::vector<ObjectImpact> out;
  if (static_cast<int>(track.size()) < std::max(params.min_track_samples, 4)) return out;
  const double diagonal = std::hypot(frame.width, frame.height);
  // Velocities between consecutive sightings, in diagonals per second.
  std::vector<cv::Point2d> velocity(track.size(), cv::Point2d(0, 0));
  for (std::size_t j = 1; j < track.size(); ++j) {
    const double dt = track[j].time_s - track[j - 1].time_s;
    if (!(dt > 0)) return out;
    velocity[j] = cv::Point2d((track[j].x - track[j - 1].x) * frame.width, (track[j].y - track[j - 1].y) * frame.height) / diagonal / dt;
  }
  std::vector<double> change(track.size(), 0.0), changes;
  for (std::size_t j = 2; j < track.size(); ++j) {
    const cv::Point2d d = velocity[j] - velocity[j - 1];
    change[j] = std::hypot(d.x, d.y);
    changes.push_back(change[j]);
  }
  // What a smooth path changes by from one pick to the next (gravity, a curve, steering): the
  // lower quartile, so the impacts themselves do not raise it on a short track.
  const double smooth = quantile(changes, 0.25);
  bool in_impact = false;
  for (std::size_t j = 2; j < track.size(); ++j) {
    const double before = std::hypot(velocity[j - 1].x, velocity[j - 1].y), after = std::hypot(velocity[j].x, velocity[j].y);
    // Only the part of the change that works against the motion: a bounce or a stop, not a throw.
    const cv::Point2d d = velocity[j] - velocity[j - 1];
    const double braking = before > 0 ? -(d.x * velocity[j - 1].x + d.y * velocity[j - 1].y) / before : 0.0;
    const bool abrupt = before >= params.min_speed && braking > params.reversal * before && change[j] > params.abruptness * smooth;
    if (abrupt && !in_impact) {
      const auto& at = track[j - 1];
      out.push_back({at.frame, at.time_s, track[j - 2].frame, track[j].frame, at.x, at.y, before, after});
    }
    in_impact = abrupt;
  }
  return out;
}

}  // namespace stereotype::measure
