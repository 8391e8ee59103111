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

// A colour difference as its largest channel: a red ball on a grey wall of the same lightness
// differs strongly in red and blue, not at all in grey.
void strongest_channel(cv::Mat& difference) {
  if (difference.channels() == 1) return;
  cv::Mat flat = difference.reshape(1, static_cast<int>(difference.total())), strongest;
  cv::reduce(flat, strongest, 1, cv::REDUCE_MAX);
  difference = strongest.reshape(1, difference.rows);
}

}  // namespace

ObjectTracker::ObjectTracker(ObjectTrackerParams params) : params_(params) {}

void ObjectTracker::add(const cv::Mat& picture, double time_s, std::int64_t frame, const cv::Matx23d& camera_from_previous) {
  if (!window_.empty() && (picture.size() != window_.back().picture.size() || picture.type() != window_.back().picture.type())) {
    finish();
    window_.clear();
  }
  window_.push_back({picture.clone(), time_s, frame, camera_from_previous});
  if (window_.size() > 3) window_.erase(window_.begin());
  if (window_.size() == 3) detect(window_[0], window_[1], window_[2]);
}

void ObjectTracker::detect(const Pick& before, const Pick& at, const Pick& after) {
  // Three-frame differencing after the camera is taken out: a pixel belongs to a moving object at
  // the middle pick when it differs from both neighbours; the object's trail in either neighbour
  // differs from only one of them.
  size_ = at.picture.size();
  ones_.create(size_, CV_8U);
  ones_.setTo(255);
  cv::warpAffine(before.picture, warped_, cv::Mat(at.camera_from_previous), size_, cv::INTER_LINEAR, cv::BORDER_CONSTANT);
  cv::absdiff(at.picture, warped_, diff_before_);
  strongest_channel(diff_before_);
  cv::warpAffine(ones_, valid_, cv::Mat(at.camera_from_previous), size_, cv::INTER_NEAREST, cv::BORDER_CONSTANT);
  cv::warpAffine(after.picture, warped_, cv::Mat(after.camera_from_previous), size_, cv::INTER_LINEAR | cv::WARP_INVERSE_MAP,
                 cv::BORDER_CONSTANT);
  cv::absdiff(at.picture, warped_, diff_after_);
  strongest_channel(diff_after_);
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
  std::vector<cv::Rect> boxes;
  if (cv::countNonZero(mask_) <= params_.max_mask_share * n) {
    const int count = cv::connectedComponentsWithStats(mask_, labels_, stats_, centroids_, 8, CV_32S);
    for (int i = 1; i < count; ++i) {
      const double area = stats_.at<int>(i, cv::CC_STAT_AREA) / n;
      if (area < params_.min_area_share || area > params_.max_area_share) continue;
      // Half out of the picture, an object's centroid slides as it enters or leaves: not followed.
      const int left = stats_.at<int>(i, cv::CC_STAT_LEFT), top = stats_.at<int>(i, cv::CC_STAT_TOP);
      if (left <= 1 || top <= 1 || left + stats_.at<int>(i, cv::CC_STAT_WIDTH) >= size_.width - 1 ||
          top + stats_.at<int>(i, cv::CC_STAT_HEIGHT) >= size_.height - 1)
        continue;
      found.push_back({at.frame, at.time_s, centroids_.at<double>(i, 0) / size_.width, centroids_.at<double>(i, 1) / size_.height, area});
      boxes.emplace_back(left, top, stats_.at<int>(i, cv::CC_STAT_WIDTH), stats_.at<int>(i, cv::CC_STAT_HEIGHT));
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
    open_[t].looked = 0;
    // Its look: the object's box and as much again of its ground around it, centred on the centroid.
    const cv::Point2d c = px(found[d]);
    const int w = boxes[d].width * 2, h = boxes[d].height * 2;
    const cv::Rect around = cv::Rect(static_cast<int>(std::lround(c.x - 0.5 * w)), static_cast<int>(std::lround(c.y - 0.5 * h)), w, h);
    open_[t].look = around == (around & cv::Rect(0, 0, size_.width, size_.height)) ? at.picture(around).clone() : cv::Mat();
  }
  // An object in steady flight that the differences lose may have slowed below them (less than its
  // radius a pick) or stopped: where its look is found again, it is still there.
  for (std::size_t t = 0; t < open_.size(); ++t) {
    if (!track_taken[t] && find_by_look(open_[t], at)) track_taken[t] = true;
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
    if (!sighting_taken[d]) still_open.push_back({{found[d]}, 0, cv::Mat(), 0});
  }
  open_ = std::move(still_open);
}

bool ObjectTracker::find_by_look(Open& track, const Pick& at) {
  auto& seen = track.sightings;
  if (track.look.empty() || static_cast<int>(seen.size()) < std::max(params_.min_track_samples, 2) || track.looked >= params_.max_looked)
    return false;
  const cv::Point2d last(seen.back().x * size_.width, seen.back().y * size_.height);
  const cv::Point2d before(seen[seen.size() - 2].x * size_.width, seen[seen.size() - 2].y * size_.height);
  const cv::Point2d step = last - before;
  const double reach = 1.5 * std::hypot(step.x, step.y) + 0.02 * std::hypot(size_.width, size_.height);
  const cv::Rect area = cv::Rect(static_cast<int>(std::lround(last.x - reach - 0.5 * track.look.cols)),
                                 static_cast<int>(std::lround(last.y - reach - 0.5 * track.look.rows)),
                                 static_cast<int>(std::lround(2 * reach)) + track.look.cols, static_cast<int>(std::lround(2 * reach)) + track.look.rows) &
                        cv::Rect(0, 0, size_.width, size_.height);
  if (area.width < track.look.cols || area.height < track.look.rows) return false;
  cv::Mat score;
  cv::matchTemplate(at.picture(area), track.look, score, cv::TM_CCOEFF_NORMED);
  double best = 0;
  cv::Point where;
  cv::minMaxLoc(score, nullptr, &best, nullptr, &where);
  if (!(best >= params_.look_alike)) return false;
  ObjectSighting s = seen.back();
  s.frame = at.frame;
  s.time_s = at.time_s;
  const cv::Point2d now(area.x + where.x + 0.5 * track.look.cols, area.y + where.y + 0.5 * track.look.rows);
  s.x = now.x / size_.width;
  s.y = now.y / size_.height;
  s.by_look = true;
  const cv::Matx23d& camera = at.camera_from_previous;
  const cv::Point2d carried(camera(0, 0) * last.x + camera(0, 1) * last.y + camera(0, 2), camera(1, 0) * last.x + camera(1, 1) * last.y + camera(1, 2));
  s.at_rest = track.misses == 0 && std::hypot(now.x - carried.x, now.y - carried.y) <= params_.rest_px;
  seen.push_back(s);
  track.misses = 0;
  ++track.looked;
  return true;
}

void ObjectTracker::close(Open& track) {
  if (static_cast<int>(track.sightings.size()) < params_.min_track_samples) return;
  for (auto& i : track_impacts(track.sightings, size_, params_)) impacts_.push_back(i);
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
  std::vector<double> changes;
  for (std::size_t j = 2; j < track.size(); ++j) {
    const cv::Point2d d = velocity[j] - velocity[j - 1];
    changes.push_back(std::hypot(d.x, d.y));
  }
  // What a smooth path changes by from one pick to the next (gravity, a curve, steering): the
  // lower quartile, so the impacts themselves do not raise it on a short track.
  const double smooth = quantile(changes, 0.25);
  auto length = [](const cv::Point2d& v) { return std::hypot(v.x, v.y); };
  // Two consecutive velocities that agree: the object is in steady flight, not a limb swinging or
  // a blob that came apart and together again.
  auto steady = [&](const cv::Point2d& a, const cv::Point2d& b) {
    return length(b - a) <= params.steadiness * std::max(length(a), length(b));
  };
  // ... and the three sightings of a steady stretch are one object, not regions coming apart and
  // together (a walker's limbs, a swinging light).
  auto same_size = [&](std::size_t first) {
    double lo = track[first].area, hi = lo;
    for (std::size_t i = first + 1; i < first + 3; ++i) {
      lo = std::min(lo, track[i].area);
      hi = std::max(hi, track[i].area);
    }
    return hi <= params.size_change * lo;
  };
  // An impact: steady motion, then within at most two picks (a bounce between picks blurs two
  // velocities) steady motion again, braked against the first.
  std::size_t j = 3;  // velocity[j - 2], velocity[j - 1]: the motion before
  while (j + 1 < track.size()) {
    const cv::Point2d before_a = velocity[j - 2], before = velocity[j - 1];
    const double speed = length(before);
    bool found = false;
    // The flight before is seen by the differences: found by its look, a slowing object's
    // positions are too close together to tell a gentle stop from an abrupt one.
    const bool seen_moving = !track[j - 3].by_look && !track[j - 2].by_look && !track[j - 1].by_look;
    if (seen_moving && speed >= params.min_speed && steady(before_a, before) && same_size(j - 3)) {
      for (std::size_t p = j; p <= j + 2 && p + 1 < track.size(); ++p) {
        const cv::Point2d after = velocity[p], after_b = velocity[p + 1];
        if (!steady(after, after_b) || !same_size(p - 1)) continue;
        // Found by its look after the change, the object counts only where it stopped dead (a head
        // that slows as it turns is no collision).
        if ((track[p].by_look && !track[p].at_rest) || (track[p + 1].by_look && !track[p + 1].at_rest)) continue;
        const cv::Point2d d = after - before;
        const double braking = -(d.x * before.x + d.y * before.y) / speed;
        if (braking > params.reversal * speed && length(d) > params.abruptness * smooth) {
          // When: where the line of flight before meets the line after (along the change), within
          // the picks between them; a bounce seldom falls on a pick.
          const auto& last_before = track[j - 1];
          const auto& first_after = track[p];
          const cv::Point2d x0((last_before.x) * frame.width / diagonal, last_before.y * frame.height / diagonal);
          const cv::Point2d x1(first_after.x * frame.width / diagonal, first_after.y * frame.height / diagonal);
          const double t0 = last_before.time_s, t1 = first_after.time_s;
          const double dd = d.x * d.x + d.y * d.y;
          double t = t0;
          if (dd > 0) {
            const cv::Point2d gap = x1 - x0;
            t = ((gap.x * d.x + gap.y * d.y) + (before.x * d.x + before.y * d.y) * t0 - (after.x * d.x + after.y * d.y) * t1) / -dd;
            t = std::clamp(t, t0, t1);
          }
          const double w = t1 > t0 ? (t - t0) / (t1 - t0) : 0.0;
          ObjectImpact impact;
          impact.time_s = t;
          impact.frame = last_before.frame + static_cast<std::int64_t>(std::lround(w * static_cast<double>(first_after.frame - last_before.frame)));
          impact.first_frame = track[j - 3].frame;
          impact.last_frame = track[p + 1].frame;
          impact.x = std::clamp(last_before.x + before.x * (t - t0) * diagonal / frame.width, 0.0, 1.0);
          impact.y = std::clamp(last_before.y + before.y * (t - t0) * diagonal / frame.height, 0.0, 1.0);
          impact.speed_before = speed;
          impact.speed_after = length(after);
          out.push_back(impact);
          j = p + 1;
          found = true;
          break;
        }
      }
    }
    if (!found) ++j;
  }
  return out;
}

}  // namespace stereotype::measure
