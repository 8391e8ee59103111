#pragma once
// Objects that move on their own, followed from pick to pick, and the moments their velocity
// changes abruptly: a bounce, a collision, a dead stop. The frame-wide speed profile misses these
// when the object is small (a ball of a few pixels barely moves the mean flow); following the
// object itself does not. Definitions: docs/metrics/motion.md (motion.object_impacts_per_min).
#include <cstdint>
#include <vector>

#include <opencv2/core.hpp>

namespace stereotype::measure {

struct ObjectTrackerParams {
  double difference_floor = 25;  // levels (of the most changed channel) both frame differences must exceed at a moving pixel
  double min_area_share = 0.0002;  // blobs smaller than this share of the frame are noise
  double max_area_share = 0.08;    // larger ones are not one object (a person filling the frame, a flash)
  double max_mask_share = 0.3;     // a pick where more than this moves (a cut, a flash) has no detections
  double min_speed = 0.10;         // diagonals/s: slower objects are not followed for impacts
  double abruptness = 4.0;         // an impact's velocity change exceeds this many times the track's median change
  double reversal = 0.6;           // ... and brakes the object by more than this share of its speed
  double steadiness = 0.5;         // before and after, consecutive velocities differ by at most this share
  double size_change = 1.6;        // ... and the sightings' areas by at most this factor
  int min_track_samples = 5;       // positions a track needs before its impacts count
  int max_misses = 2;              // picks an object may go unseen (passing a hand, touching a wall) before its track ends
  double look_alike = 0.9;         // a followed object unseen by the differences is where its look matches this well (NCC)
  int max_looked = 12;             // ... for at most this many picks in a row (it may have stopped for good)
  double rest_px = 1.0;            // found by its look within this distance (px) of where the camera carried it: at rest
};

// Where a moving object was at one pick.
struct ObjectSighting {
  std::int64_t frame = 0;
  double time_s = 0;
  double x = 0, y = 0;  // centroid, in fractions of the frame's width and height
  double area = 0;      // share of the frame
  bool by_look = false; // found by its look where the differences no longer showed it (slowed or stopped)
  bool at_rest = false; // ... and where the camera alone would have carried it since the pick before
};

// One abrupt change of a followed object's velocity.
struct ObjectImpact {
  std::int64_t frame = 0;          // the pick where the change shows (the sighting after the change begins)
  double time_s = 0;
  std::int64_t first_frame = 0;    // the sightings the change was measured on span first_frame .. last_frame
  std::int64_t last_frame = 0;
  double x = 0, y = 0;             // where, in fractions of the frame
  double speed_before = 0, speed_after = 0;  // diagonals/s
};

class ObjectTracker {
 public:
  explicit ObjectTracker(ObjectTrackerParams params = {});
  // One pick: the picture (8-bit BGR or grey, any fixed size), its time and index, and the camera's
  // similarity transform from the previous pick's coordinates to this one's (2x3; identity for the
  // first pick).
  void add(const cv::Mat& picture, double time_s, std::int64_t frame, const cv::Matx23d& camera_from_previous);
  // Ends the open tracks (call after the last pick).
  void finish();
  // In frame order once finish() has run. Only impacts are kept, not tracks' sightings, so memory
  // does not grow with the film.
  const std::vector<ObjectImpact>& impacts() const { return impacts_; }
  const ObjectTrackerParams& params() const { return params_; }

 private:
  struct Pick {
    cv::Mat picture;
    double time_s = 0;
    std::int64_t frame = 0;
    cv::Matx23d camera_from_previous;
  };
  struct Open {
    std::vector<ObjectSighting> sightings;
    int misses = 0;  // picks in a row without a sighting
    cv::Mat look;    // the object and a margin of its ground, at its last sighting by the differences
    int looked = 0;  // picks in a row it was found by its look alone
  };
  bool find_by_look(Open& track, const Pick& at);
  void detect(const Pick& before, const Pick& at, const Pick& after);
  void close(Open& track);

  ObjectTrackerParams params_;
  std::vector<Pick> window_;  // the last three picks: an object's place at the middle one needs both neighbours
  std::vector<Open> open_;
  std::vector<ObjectImpact> impacts_;
  cv::Size size_;
  cv::Mat warped_, valid_, ones_, diff_before_, diff_after_, mask_, labels_, stats_, centroids_;
};

// The impacts of one track's sightings (exposed for tests).
std::vector<ObjectImpact> track_impacts(const std::vector<ObjectSighting>& track, cv::Size frame, const ObjectTrackerParams& params);

}  // namespace stereotype::measure
