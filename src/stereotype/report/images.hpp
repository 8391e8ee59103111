#pragma once
// Pictures a person looks at: the movie barcode, the per-shot palette strip, the contact sheet.
// Pure drawing from measured data and kept thumbnails: nothing here decodes.
#include <functional>
#include <vector>

#include <opencv2/core.hpp>

#include "stereotype/measure/color_profile.hpp"
#include "stereotype/measure/motion_profile.hpp"
#include "stereotype/pipeline/film_analysis.hpp"
#include "stereotype/shots/shot_list.hpp"

namespace stereotype::report {

// One column per frame, or per equal time slice when there are more frames than `max_width`;
// each column is the mean sRGB colour of its frames.
cv::Mat movie_barcode(const std::vector<cv::Vec3f>& frame_mean_bgr, int max_width = 1800, int height = 200);

// A block per shot, as wide as its share of the film (at least 2 px), its palette stacked by area.
cv::Mat palette_strip(const shots::ShotList& shots, const measure::ColorProfile& color, int width = 1800, int height = 120);

// A panel per shot, as wide as its share of the film (at least 2 px): the shot's speed profile
// (total flow speed over time, on one scale for the whole film) with its impacts marked in red.
cv::Mat motion_strip(const shots::ShotList& shots, const measure::MotionProfile& motion, int width = 1800, int height = 140);

// What composition saw on a shot's key frame, in 0..1 frame coordinates, drawn over it so a
// person can check the numbers: thirds grid, saliency centroid, vanishing point, faces, figures.
struct KeyFrameOverlay {
  bool measured = false;
  cv::Point2d salient{0.5, 0.5};
  bool has_vanishing = false;
  cv::Point2d vanishing;
  std::vector<cv::Rect2d> faces;  // from the body sample nearest the key frame (within 0.5 s)
  std::vector<cv::Rect2d> people; // ... and the person detector's figures there (the wide scales' evidence)
  std::string scale;              // shot scale name
};
std::vector<KeyFrameOverlay> key_frame_overlays(const pipeline::FilmAnalysis& film);

// One cell per shot: its key frame with its palette beneath and "#n start (duration)"; with
// overlays, the composition marks on the picture and the shot scale in the label.
// `key_frame(i)` gives shot i's key frame (empty where there is none), asked for as its cell is
// drawn, so a film of many shots never holds all its key frames decoded at once.
// A long film's sheet comes in pages of `kContactSheetPageShots` shots (10 rows of 6): a page is
// drawn, written and dropped before the next, so the memory the sheet takes does not grow with the
// number of shots (613 shots on one picture were 83 MB). `page` counts from 0; a film without shots
// still has one (empty) page.
using KeyFrameSource = std::function<cv::Mat(std::size_t)>;
inline constexpr std::size_t kContactSheetPageShots = 60;
std::size_t contact_sheet_pages(const shots::ShotList& shots);
cv::Mat contact_sheet(const shots::ShotList& shots, const measure::ColorProfile& color, const KeyFrameSource& key_frame,
                      const std::vector<KeyFrameOverlay>* overlays = nullptr, std::size_t page = 0,
                      std::size_t shots_per_page = kContactSheetPageShots, int columns = 6, int cell_width = 240);
// The file of page `page` of NAME's sheet: NAME.contact.png, then NAME.contact-2.png, -3 ...
std::string contact_sheet_file(const std::string& base, std::size_t page);

}  // namespace stereotype::report
