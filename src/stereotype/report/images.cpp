#include "stereotype/report/images.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <string>

#include <fmt/format.h>
#include <opencv2/imgproc.hpp>

#include "stereotype/media/timebase.hpp"

namespace stereotype::report {

cv::Mat movie_barcode(const std::vector<cv::Vec3f>& means, int max_width, int height) {
  const int n = static_cast<int>(means.size());
  const int width = std::max(1, std::min(n, max_width));
  cv::Mat out(height, width, CV_8UC3, cv::Scalar::all(0));
  for (int x = 0; x < width && n > 0; ++x) {
    const int a = static_cast<int>(static_cast<long long>(x) * n / width);
    const int b = std::max(a + 1, static_cast<int>(static_cast<long long>(x + 1) * n / width));
    cv::Vec3d sum(0, 0, 0);
    for (int i = a; i < b; ++i) sum += cv::Vec3d(means[static_cast<std::size_t>(i)][0], means[static_cast<std::size_t>(i)][1], means[static_cast<std::size_t>(i)][2]);
    const double k = 1.0 / (b - a);
    out.col(x).setTo(cv::Scalar(std::round(sum[0] * k), std::round(sum[1] * k), std::round(sum[2] * k)));
  }
  return out;
}

namespace {

// Paints a palette into a rectangle: stacked vertically (or side by side) by area share.
void paint_palette(cv::Mat& image, const cv::Rect& r, const std::vector<measure::PaletteColor>& palette, bool vertical) {
  if (palette.empty()) {
    image(r).setTo(cv::Scalar::all(64));
    return;
  }
  const int extent = vertical ? r.height : r.width;
  double cumulative = 0;
  int start = 0;
  for (std::size_t i = 0; i < palette.size(); ++i) {
    cumulative += palette[i].share;
    const int end = i + 1 == palette.size() ? extent : static_cast<int>(std::lround(cumulative * extent));
    if (end <= start) continue;
    const cv::Vec3b c = measure::lab_to_bgr8(palette[i].lab);
    const cv::Rect part = vertical ? cv::Rect(r.x, r.y + start, r.width, end - start) : cv::Rect(r.x + start, r.y, end - start, r.height);
    image(part).setTo(cv::Scalar(c[0], c[1], c[2]));
    start = end;
  }
}

}  // namespace

cv::Mat palette_strip(const shots::ShotList& shots, const measure::ColorProfile& color, int width, int height) {
  const int n = static_cast<int>(shots.shots.size());
  width = std::max(width, 2 * std::max(n, 1));
  cv::Mat out(height, width, CV_8UC3, cv::Scalar::all(0));
  const double total = std::max(shots.duration_s, 1e-9);
  // Each shot gets 2 px, the rest is shared by duration, so short shots stay visible.
  const double spare = width - 2.0 * n;
  double x = 0;
  for (int i = 0; i < n; ++i) {
    const double w = 2.0 + spare * shots.shots[static_cast<std::size_t>(i)].duration_s() / total;
    const int x0 = static_cast<int>(std::lround(x)), x1 = i + 1 == n ? width : static_cast<int>(std::lround(x + w));
    if (x1 > x0) paint_palette(out, cv::Rect(x0, 0, x1 - x0, height), color.shots[static_cast<std::size_t>(i)].palette, true);
    x += w;
  }
  return out;
}

cv::Mat motion_strip(const shots::ShotList& shots, const measure::MotionProfile& motion, int width, int height) {
  const int n = static_cast<int>(shots.shots.size());
  width = std::max(width, 2 * std::max(n, 1));
  cv::Mat out(height, width, CV_8UC3, cv::Scalar::all(250));
  double peak = 1e-9;
  for (const auto& s : motion.shots) {
    for (double v : s.speed_profile) peak = std::max(peak, v);
  }
  const double total = std::max(shots.duration_s, 1e-9), spare = width - 2.0 * n;
  const int margin = 6;
  double x = 0;
  for (int i = 0; i < n; ++i) {
    const auto& shot = shots.shots[static_cast<std::size_t>(i)];
    const double w = 2.0 + spare * shot.duration_s() / total;
    const int x0 = static_cast<int>(std::lround(x)), x1 = i + 1 == n ? width : static_cast<int>(std::lround(x + w));
    if (i % 2) out(cv::Rect(x0, 0, std::max(1, x1 - x0), height)).setTo(cv::Scalar::all(238));  // alternate shots
    const auto& profile = motion.shots[static_cast<std::size_t>(i)].speed_profile;
    const auto y_of = [&](double v) { return height - margin - static_cast<int>(std::lround(v / peak * (height - 2 * margin))); };
    const auto x_of = [&](std::size_t k) {
      return profile.size() < 2 ? x0 : x0 + static_cast<int>(std::lround(static_cast<double>(k) * (x1 - x0 - 1) / static_cast<double>(profile.size() - 1)));
    };
    std::vector<cv::Point> line;
    for (std::size_t k = 0; k < profile.size(); ++k) line.emplace_back(x_of(k), y_of(profile[k]));
    if (line.size() >= 2) cv::polylines(out, line, false, cv::Scalar(140, 70, 20), 1, cv::LINE_AA);
    for (int at : measure::impact_positions(profile)) {
      const int xi = x_of(static_cast<std::size_t>(at) + 1);
      cv::line(out, cv::Point(xi, margin), cv::Point(xi, height - margin), cv::Scalar(40, 40, 220), 2);
    }
    // A followed object's bounce or collision: an orange triangle on the top edge, at its time.
    for (double t : motion.shots[static_cast<std::size_t>(i)].object_impact_times) {
      const int xi = x0 + static_cast<int>(std::lround(std::clamp(t / std::max(shot.duration_s(), 1e-9), 0.0, 1.0) * (x1 - x0 - 1)));
      const std::vector<cv::Point> mark = {{xi - 5, 0}, {xi + 5, 0}, {xi, 9}};
      cv::fillConvexPoly(out, mark, cv::Scalar(0, 140, 255), cv::LINE_AA);
    }
    x += w;
  }
  return out;
}

std::vector<KeyFrameOverlay> key_frame_overlays(const pipeline::FilmAnalysis& film) {
  std::vector<KeyFrameOverlay> out(film.shots.shots.size());
  for (std::size_t i = 0; i < out.size(); ++i) {
    auto& o = out[i];
    o.scale = measure::shot_scale_name(film.composition.shots[i].scale_class);
    if (film.key_samples[i] < 0) continue;
    {
      const auto& c = film.composition_samples[static_cast<std::size_t>(film.key_samples[i])];
      o.measured = true;
      o.salient = c.salient_centroid;
      const auto distance = c.values.find("composition.vanishing_distance");
      if (c.vanishing.found && c.size.width > 0 && distance != c.values.end() && !std::isnan(distance->second)) {
        o.has_vanishing = true;
        o.vanishing = {c.vanishing.point.x / c.size.width, c.vanishing.point.y / c.size.height};
      }
      const double t = c.time_s;
      const measure::BodySample* nearest = nullptr;
      const auto after = std::lower_bound(film.bodies.begin(), film.bodies.end(), t, [](const auto& b, double s) { return b.time_s < s; });
      for (auto it : {after, after == film.bodies.begin() ? film.bodies.end() : std::prev(after)})
        if (it != film.bodies.end() && std::abs(it->time_s - t) <= 0.5 && (!nearest || std::abs(it->time_s - t) < std::abs(nearest->time_s - t)))
          nearest = &*it;
      if (nearest && nearest->frame_height > 0) {
        const double h = nearest->frame_height, w = h * c.size.width / std::max(1, c.size.height);
        for (const auto& f : nearest->faces) o.faces.emplace_back(f.x / w, f.y / h, f.width / w, f.height / h);
        for (const auto& f : nearest->people) o.people.emplace_back(f.x / w, f.y / h, f.width / w, f.height / h);
      }
    }
  }
  return out;
}

namespace {
// Film-studies shorthand keeps the label inside the cell.
std::string scale_abbreviation(const std::string& name) {
  static const std::map<std::string, std::string> abbr = {{"very long", "VLS"}, {"long", "LS"}, {"medium long", "MLS"}, {"medium", "MS"},
                                                          {"medium close-up", "MCU"}, {"close-up", "CU"}, {"big close-up", "BCU"}};
  const auto it = abbr.find(name);
  return it == abbr.end() ? name : it->second;
}

void draw_overlay(cv::Mat& out, const cv::Rect& picture, const KeyFrameOverlay& o) {
  if (!o.measured) return;
  const auto at = [&](double x, double y) {
    return cv::Point(picture.x + static_cast<int>(std::lround(x * picture.width)), picture.y + static_cast<int>(std::lround(y * picture.height)));
  };
  const cv::Scalar grid(200, 200, 200), salient(0, 215, 255), vanishing(255, 0, 255), face(80, 230, 80), figure(255, 160, 40);
  for (double t : {1.0 / 3, 2.0 / 3}) {
    cv::line(out, at(t, 0), at(t, 1), grid, 1, cv::LINE_AA);
    cv::line(out, at(0, t), at(1, t), grid, 1, cv::LINE_AA);
  }
  for (const auto& f : o.people) cv::rectangle(out, cv::Rect(at(f.x, f.y), at(f.x + f.width, f.y + f.height)), figure, 1);
  for (const auto& f : o.faces) cv::rectangle(out, cv::Rect(at(f.x, f.y), at(f.x + f.width, f.y + f.height)), face, 2);
  cv::circle(out, at(o.salient.x, o.salient.y), 6, salient, 2, cv::LINE_AA);
  cv::drawMarker(out, at(o.salient.x, o.salient.y), salient, cv::MARKER_CROSS, 8, 1);
  if (o.has_vanishing) {
    cv::Mat roi = out(picture);
    const cv::Point p = at(o.vanishing.x, o.vanishing.y) - picture.tl();
    cv::drawMarker(roi, p, vanishing, cv::MARKER_TILTED_CROSS, 14, 2, cv::LINE_AA);
  }
}
}  // namespace

std::size_t contact_sheet_pages(const shots::ShotList& shots) {
  return std::max<std::size_t>(1, (shots.shots.size() + kContactSheetPageShots - 1) / kContactSheetPageShots);
}

std::string contact_sheet_file(const std::string& base, std::size_t page) {
  return page == 0 ? base + ".contact.png" : fmt::format("{}.contact-{}.png", base, page + 1);
}

cv::Mat contact_sheet(const shots::ShotList& shots, const measure::ColorProfile& color, const KeyFrameSource& key_frame,
                      const std::vector<KeyFrameOverlay>* overlays, std::size_t page, std::size_t shots_per_page, int columns,
                      int cell_width) {
  const std::size_t first = std::min(shots.shots.size(), page * std::max<std::size_t>(1, shots_per_page));
  const int n = static_cast<int>(std::min(shots.shots.size() - first, std::max<std::size_t>(1, shots_per_page)));
  // As many columns as the film has shots, up to `columns`, on every page alike.
  columns = std::max(1, static_cast<int>(std::min<std::size_t>(static_cast<std::size_t>(std::max(columns, 1)), std::max<std::size_t>(shots.shots.size(), 1))));
  const int rows = std::max(1, (n + columns - 1) / columns);
  // Every page's cells take the picture shape of the film's first key frame, so pages line up.
  int picture_h = cell_width * 9 / 16;
  for (std::size_t i = 0; i < shots.shots.size(); ++i) {
    const cv::Mat k = key_frame(i);
    if (!k.empty()) { picture_h = static_cast<int>(std::lround(static_cast<double>(cell_width) * k.rows / k.cols)); break; }
  }
  const int palette_h = 18, label_h = 22, pad = 6;
  const int cell_h = picture_h + palette_h + label_h;
  cv::Mat out(rows * (cell_h + pad) + pad, columns * (cell_width + pad) + pad, CV_8UC3, cv::Scalar::all(24));
  for (int j = 0; j < n; ++j) {
    const std::size_t i = first + static_cast<std::size_t>(j);
    const int cx = pad + (j % columns) * (cell_width + pad), cy = pad + (j / columns) * (cell_h + pad);
    const cv::Rect picture(cx, cy, cell_width, picture_h);
    const KeyFrameOverlay* overlay = overlays && i < overlays->size() ? &(*overlays)[i] : nullptr;
    if (const cv::Mat k = key_frame(i); !k.empty()) {
      cv::Mat resized;
      cv::resize(k, resized, picture.size(), 0, 0, cv::INTER_AREA);
      resized.copyTo(out(picture));
      if (overlay) draw_overlay(out, picture, *overlay);
    }
    paint_palette(out, cv::Rect(cx, cy + picture_h, cell_width, palette_h), color.shots[i].palette, false);
    const auto& s = shots.shots[i];
    std::string label = fmt::format("#{} {} ({:.1f} s)", s.number, media::format_clock(s.start_s).substr(0, 8), s.duration_s());
    if (overlay && overlay->scale != "none") label = fmt::format("{} {}", label, scale_abbreviation(overlay->scale));
    cv::putText(out, label, cv::Point(cx + 2, cy + picture_h + palette_h + 16), cv::FONT_HERSHEY_SIMPLEX, 0.45,
                cv::Scalar::all(230), 1, cv::LINE_AA);
  }
  return out;
}

}  // namespace stereotype::report
