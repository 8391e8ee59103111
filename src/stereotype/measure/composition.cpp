#include "stereotype/measure/composition.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <opencv2/imgproc.hpp>
#include <opencv2/saliency.hpp>

namespace stereotype::measure {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kDominantPerspective = 0.35;  // share of line length a vanishing point needs before its position counts
constexpr int kLineWidth = 320;                 // px: line segments are detected on the grey frame shrunk to this width
constexpr int kLayoutWidth = 128;               // px: symmetry and saliency judge layout, not detail
constexpr double kPi = 3.14159265358979323846;
// Each kind of clutter divided by its median over the sampled frames of opencv-doc's vtest.avi
// (a street seen from above), so the three weigh alike and a busy real street scores about 3.
constexpr double kCongestionColour = 3.364, kCongestionContrast = 3.864, kCongestionOrientation = 0.1108;

// Composition is about layout, not fine detail: symmetry and saliency look at a small picture.
cv::Mat shrink(const cv::Mat& gray, int width) {
  if (gray.cols <= width) return gray;
  cv::Mat out;
  const int height = std::max(1, static_cast<int>(std::lround(static_cast<double>(gray.rows) * width / gray.cols)));
  cv::resize(gray, out, cv::Size(width, height), 0, 0, cv::INTER_AREA);
  return out;
}

double pearson(const cv::Mat& a, const cv::Mat& b) {
  cv::Mat fa, fb;
  a.convertTo(fa, CV_64F);
  b.convertTo(fb, CV_64F);
  cv::Scalar ma, sa, mb, sb;
  cv::meanStdDev(fa, ma, sa);
  cv::meanStdDev(fb, mb, sb);
  if (sa[0] < 1.0 || sb[0] < 1.0) return kNaN;  // a flat half has no layout to mirror
  const double cov = cv::mean((fa - ma[0]).mul(fb - mb[0]))[0];
  return cov / (sa[0] * sb[0]);
}

}  // namespace

double mirror_symmetry(const cv::Mat& gray, bool left_right) {
  const cv::Mat small = shrink(gray, kLayoutWidth);
  cv::Mat first, second, mirrored;
  if (left_right) {
    const int half = small.cols / 2;
    first = small(cv::Rect(0, 0, half, small.rows));
    second = small(cv::Rect(small.cols - half, 0, half, small.rows));
    cv::flip(second, mirrored, 1);
  } else {
    const int half = small.rows / 2;
    first = small(cv::Rect(0, 0, small.cols, half));
    second = small(cv::Rect(0, small.rows - half, small.cols, half));
    cv::flip(second, mirrored, 0);
  }
  const double r = pearson(first, mirrored);
  return std::isnan(r) ? r : std::abs(r);
}

cv::Point2d salient_centroid(const cv::Mat& gray) {
  thread_local auto detector = cv::makePtr<cv::saliency::StaticSaliencySpectralResidual>();
  cv::Mat map;
  if (gray.empty() || !detector->computeSaliency(gray, map) || map.empty()) return {0.5, 0.5};
  map.convertTo(map, CV_64F);
  // Only what stands out above the map's mean pulls the centroid: the residual's low floor
  // everywhere else would drag every frame to the middle.
  const double floor = cv::mean(map)[0];
  double sum = 0, sx = 0, sy = 0;
  for (int y = 0; y < map.rows; ++y) {
    const auto* row = map.ptr<double>(y);
    for (int x = 0; x < map.cols; ++x) {
      const double w = row[x] - floor;
      if (w <= 0) continue;
      sum += w;
      sx += w * (x + 0.5);
      sy += w * (y + 0.5);
    }
  }
  if (!(sum > 0)) return {0.5, 0.5};
  return {sx / sum / map.cols, sy / sum / map.rows};
}

double centre_distance(const cv::Point2d& c, cv::Size size) {
  const double w = size.width, h = size.height;
  return std::hypot((c.x - 0.5) * w, (c.y - 0.5) * h) / std::hypot(w, h);
}

double thirds_distance(const cv::Point2d& c, cv::Size size) {
  const double w = size.width, h = size.height;
  double best = std::numeric_limits<double>::infinity();
  for (double px : {1.0 / 3, 2.0 / 3})
    for (double py : {1.0 / 3, 2.0 / 3}) best = std::min(best, std::hypot((c.x - px) * w, (c.y - py) * h));
  return best / std::hypot(w, h);
}

double edge_density(const cv::Mat& gray) {
  cv::Mat blurred, edges;
  cv::GaussianBlur(gray, blurred, cv::Size(3, 3), 0);
  cv::Canny(blurred, edges, 50, 150);
  return static_cast<double>(cv::countNonZero(edges)) / static_cast<double>(edges.total());
}

Congestion feature_congestion(const cv::Mat& bgr) {
  // Rosenholtz et al.'s three kinds of local variability, at one scale: the volume of the local
  // colour covariance ellipsoid, the local spread of luminance contrast, and the local spread of
  // edge orientation. Pooled by the mean over the frame.
  cv::Mat small;
  const int width = 160;
  cv::resize(bgr, small, cv::Size(width, std::max(1, bgr.rows * width / std::max(1, bgr.cols))), 0, 0, cv::INTER_AREA);
  // OpenCV's 8-bit L*a*b* (table-driven) rescaled to L* 0-100, a* b* around 0: its float
  // conversion costs 5 ms on this small picture, more than everything else here together.
  cv::Mat lab8;
  cv::cvtColor(small, lab8, cv::COLOR_BGR2Lab);
  std::vector<cv::Mat> ch(3);
  {
    std::vector<cv::Mat> c8;
    cv::split(lab8, c8);
    c8[0].convertTo(ch[0], CV_32F, 100.0 / 255.0);
    c8[1].convertTo(ch[1], CV_32F, 1.0, -128.0);
    c8[2].convertTo(ch[2], CV_32F, 1.0, -128.0);
  }
  const cv::Size window(0, 0);
  const double sigma = 3.0;
  auto local_mean = [&](const cv::Mat& m) {
    cv::Mat out;
    cv::GaussianBlur(m, out, window, sigma, sigma, cv::BORDER_REFLECT);
    return out;
  };
  cv::Mat mean[3];
  for (int i = 0; i < 3; ++i) mean[i] = local_mean(ch[static_cast<std::size_t>(i)]);
  cv::Mat cov[3][3];
  for (int i = 0; i < 3; ++i)
    for (int j = i; j < 3; ++j) {
      cov[i][j] = local_mean(ch[static_cast<std::size_t>(i)].mul(ch[static_cast<std::size_t>(j)])) - mean[i].mul(mean[j]);
      cov[j][i] = cov[i][j];
    }
  double colour = 0;
  const double delta = 1.0;  // keeps a flat patch's volume finite and positive, as in the original
  for (int y = 0; y < small.rows; ++y) {
    for (int x = 0; x < small.cols; ++x) {
      cv::Matx33d c;
      for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 3; ++j) c(i, j) = cov[i][j].at<float>(y, x) + (i == j ? delta : 0.0);
      colour += std::cbrt(std::sqrt(std::max(cv::determinant(c), 0.0))) - 1.0;
    }
  }
  colour /= static_cast<double>(small.total());

  cv::Mat fine, coarse, contrast;
  cv::GaussianBlur(ch[0], fine, window, 1.0);
  cv::GaussianBlur(ch[0], coarse, window, 3.0);
  contrast = fine - coarse;
  const cv::Mat contrast_mean = local_mean(contrast);
  cv::Mat contrast_var = local_mean(contrast.mul(contrast)) - contrast_mean.mul(contrast_mean);
  cv::Mat contrast_sd;
  cv::sqrt(cv::max(contrast_var, 0.0), contrast_sd);
  const double contrast_clutter = cv::mean(contrast_sd)[0];

  cv::Mat gx, gy;
  cv::Sobel(ch[0], gx, CV_32F, 1, 0);
  cv::Sobel(ch[0], gy, CV_32F, 0, 1);
  // Orientation as a doubled-angle unit vector (opposite gradients are one orientation), softly
  // weighted by edge strength so flat or dark areas, where orientation is noise, count for little.
  cv::Mat g2 = gx.mul(gx) + gy.mul(gy);
  cv::Mat magnitude;
  cv::sqrt(g2, magnitude);
  const double g0 = 20.0;  // Sobel response (L* units) at which an edge counts half
  cv::Mat weight = g2 / (g2 + g0 * g0);
  cv::Mat inv = weight / (magnitude.mul(magnitude) + 1e-6f);
  cv::Mat o1 = (gx.mul(gx) - gy.mul(gy)).mul(inv), o2 = (2 * gx.mul(gy)).mul(inv);
  cv::Mat m1 = local_mean(o1), m2 = local_mean(o2);
  cv::Mat v11 = local_mean(o1.mul(o1)) - m1.mul(m1), v22 = local_mean(o2.mul(o2)) - m2.mul(m2), v12 = local_mean(o1.mul(o2)) - m1.mul(m2);
  double orientation = 0;
  for (int y = 0; y < small.rows; ++y) {
    for (int x = 0; x < small.cols; ++x) {
      const double a = v11.at<float>(y, x), d = v22.at<float>(y, x), b = v12.at<float>(y, x);
      orientation += std::sqrt(std::max(a * d - b * b, 0.0));
    }
  }
  orientation /= static_cast<double>(small.total());
  Congestion c{colour, contrast_clutter, orientation, 0};
  c.total = colour / kCongestionColour + contrast_clutter / kCongestionContrast + orientation / kCongestionOrientation;
  return c;
}

VanishingPoint vanishing_point(const cv::Mat& gray, const CompositionParams& params) {
  VanishingPoint vp;
  thread_local auto lsd = cv::createLineSegmentDetector(cv::LSD_REFINE_STD);
  std::vector<cv::Vec4f> lines;
  // The lines that make a perspective are long: finding them at 320 px wide costs a quarter of
  // the time at the analysis size (LSD was most of composition's cost).
  const cv::Mat small = shrink(gray, kLineWidth);
  lsd->detect(small, lines);
  const float up = static_cast<float>(gray.cols) / static_cast<float>(small.cols);
  for (auto& l : lines) l *= up;
  const double diagonal = std::hypot(gray.cols, gray.rows);
  struct Segment {
    cv::Point2d a, b, mid, dir;
    double length;
  };
  std::vector<Segment> segments;
  double total = 0;
  for (const auto& l : lines) {
    Segment s{{l[0], l[1]}, {l[2], l[3]}, {}, {}, 0};
    s.length = std::hypot(s.b.x - s.a.x, s.b.y - s.a.y);
    if (s.length < params.min_line_share * diagonal) continue;
    s.mid = 0.5 * (s.a + s.b);
    s.dir = (s.b - s.a) * (1.0 / s.length);
    segments.push_back(s);
    total += s.length;
  }
  if (segments.size() < 2 || !(total > 0)) return vp;
  // Candidates: intersections of the longest segments' lines (a fixed, deterministic set).
  std::vector<std::size_t> order(segments.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t i, std::size_t j) { return segments[i].length > segments[j].length; });
  order.resize(std::min<std::size_t>(order.size(), 40));
  const double cos_tol = std::cos(params.line_angle_deg * kPi / 180.0);
  const double margin = 0.25;
  double best = 0;
  cv::Point2d best_point;
  for (std::size_t i = 0; i < order.size(); ++i) {
    for (std::size_t j = i + 1; j < order.size(); ++j) {
      const auto& p = segments[order[i]];
      const auto& q = segments[order[j]];
      const double cross = p.dir.x * q.dir.y - p.dir.y * q.dir.x;
      if (std::abs(cross) < std::sin(5.0 * kPi / 180.0)) continue;  // near-parallel lines meet nowhere useful
      const cv::Point2d d = q.a - p.a;
      const double t = (d.x * q.dir.y - d.y * q.dir.x) / cross;
      const cv::Point2d x = p.a + t * p.dir;
      // One-point perspective in the picture: points far outside the frame are other geometry.
      if (x.x < -margin * gray.cols || x.x > (1 + margin) * gray.cols || x.y < -margin * gray.rows || x.y > (1 + margin) * gray.rows) continue;
      double support = 0;
      for (const auto& s : segments) {
        const cv::Point2d to = x - s.mid;
        const double n = std::hypot(to.x, to.y);
        if (n < 0.5 * s.length) continue;  // the point lies on the segment itself
        if (std::abs((to.x * s.dir.x + to.y * s.dir.y) / n) >= cos_tol) support += s.length;
      }
      if (support > best) {
        best = support;
        best_point = x;
      }
    }
  }
  if (!(best > 0)) return vp;
  // The winner is the crossing of two particular lines; refine it to the least-squares point of
  // all the lines that support it (twice, re-collecting support), so it moves smoothly with the
  // picture instead of jumping between candidate crossings.
  const auto support_of = [&](const cv::Point2d& x, double& length) {
    std::vector<const Segment*> out;
    length = 0;
    for (const auto& s : segments) {
      const cv::Point2d to = x - s.mid;
      const double n = std::hypot(to.x, to.y);
      if (n < 0.5 * s.length) continue;
      if (std::abs((to.x * s.dir.x + to.y * s.dir.y) / n) >= cos_tol) {
        out.push_back(&s);
        length += s.length;
      }
    }
    return out;
  };
  for (int round = 0; round < 2; ++round) {
    double length = 0;
    const auto lines_in = support_of(best_point, length);
    cv::Matx22d a(0, 0, 0, 0);
    cv::Vec2d b(0, 0);
    for (const auto* s : lines_in) {
      const cv::Vec2d n(-s->dir.y, s->dir.x);
      const double c = n[0] * s->mid.x + n[1] * s->mid.y;
      a += s->length * (n * n.t());
      b += s->length * c * n;
    }
    if (lines_in.size() < 2 || std::abs(cv::determinant(a)) < 1e-9) break;
    const cv::Vec2d x = a.inv() * b;
    double refined_length = 0;
    support_of({x[0], x[1]}, refined_length);
    if (refined_length + 1e-9 < 0.9 * best) break;  // the fit wandered off its lines: keep the crossing
    best_point = {x[0], x[1]};
    best = refined_length;
  }
  vp.found = true;
  vp.point = best_point;
  vp.share = best / total;
  vp.distance = std::hypot(best_point.x - 0.5 * gray.cols, best_point.y - 0.5 * gray.rows) / diagonal;
  return vp;
}

double depth_of_field(const cv::Mat& gray) {
  cv::Mat lap;
  cv::Laplacian(gray, lap, CV_32F, 3);
  double centre = 0, all = 0;
  for (int gy = 0; gy < 4; ++gy) {
    for (int gx = 0; gx < 4; ++gx) {
      const cv::Rect cell(gx * gray.cols / 4, gy * gray.rows / 4, gray.cols / 4, gray.rows / 4);
      cv::Scalar mean, sd;
      cv::meanStdDev(lap(cell), mean, sd);
      const double v = sd[0] * sd[0];
      all += v;
      if (gx >= 1 && gx <= 2 && gy >= 1 && gy <= 2) centre += v;
    }
  }
  if (all < 1e-6) return kNaN;
  return (centre / 4.0) / (all / 16.0);
}

CompositionSample CompositionFamily::measure(const media::Frame& frame) const {
  CompositionSample s;
  s.frame = frame.index;
  s.time_s = frame.time_s;
  s.size = frame.gray.size();
  auto& v = s.values;
  const cv::Mat layout = shrink(frame.gray, kLayoutWidth);  // once: symmetry and saliency look at the same small picture
  v["composition.symmetry_lr"] = mirror_symmetry(layout, true);
  v["composition.symmetry_tb"] = mirror_symmetry(layout, false);
  s.salient_centroid = salient_centroid(layout);
  v["composition.balance"] = centre_distance(s.salient_centroid, s.size);
  v["composition.thirds"] = thirds_distance(s.salient_centroid, s.size);
  v["composition.clutter_edges"] = edge_density(frame.gray);
  v["composition.clutter_congestion"] = feature_congestion(frame.bgr).total;
  s.vanishing = vanishing_point(frame.gray, params_);
  v["composition.perspective_share"] = s.vanishing.found ? s.vanishing.share : 0.0;
  // Where lines barely agree the winning point is a coin toss between candidates: no distance then.
  v["composition.vanishing_distance"] = s.vanishing.found && s.vanishing.share >= kDominantPerspective ? s.vanishing.distance : kNaN;
  v["composition.depth_of_field"] = depth_of_field(frame.gray);
  return s;
}

void CompositionFamily::add(const media::Frame& frame) {
  if (next_s_ >= 0 && frame.time_s < next_s_ && frame.time_s >= next_s_ - 2.0 / params_.samples_per_second) return;
  samples_.push_back(measure(frame));
  next_s_ = frame.time_s + 1.0 / params_.samples_per_second;
}

int shot_scale_class(double share) {
  if (std::isnan(share)) return kNoScale;
  static constexpr double cut[] = {0.05, 0.15, 0.2, 0.3, 0.5, 0.7};
  int c = 0;
  for (double limit : cut)
    if (share >= limit) ++c;
  return c;
}

int figure_scale_class(double share) {
  if (std::isnan(share)) return kNoScale;
  // A figure small in the frame is a very long shot. The cut is where the face rule puts it: a
  // standing figure is about seven faces tall, so a face of 5 % of the frame is a figure of 35 %,
  // and the person detector's box is 4/3 of the figure (its 128-px window holds a 96-px person).
  constexpr double kLongFigure = 0.35 * 4.0 / 3.0;
  return share >= kLongFigure ? 1 : 0;
}

const char* shot_scale_name(int c) {
  static constexpr const char* names[] = {"very long", "long", "medium long", "medium", "medium close-up", "close-up", "big close-up"};
  return c >= 0 && c <= 6 ? names[c] : "none";
}

const std::vector<std::string>& composition_metric_names() {
  static const std::vector<std::string> names = {
      "composition.symmetry_lr",      "composition.symmetry_tb",          "composition.balance",
      "composition.thirds",           "composition.clutter_edges",        "composition.clutter_congestion",
      "composition.perspective_share", "composition.vanishing_distance", "composition.depth_of_field"};
  return names;
}

CompositionProfile summarize_composition(const std::vector<CompositionSample>& samples, const std::vector<BodySample>& bodies,
                                         const shots::ShotList& list) {
  CompositionProfile out;
  out.shots.resize(list.shots.size());
  std::map<std::string, std::vector<std::pair<double, double>>> film_values;
  std::map<std::string, double> scale_time;
  double total_time = 0;
  std::size_t si = 0, bi = 0;
  for (std::size_t k = 0; k < list.shots.size(); ++k) {
    const auto& shot = list.shots[k];
    auto& sc = out.shots[k];
    const std::int64_t end = shot.start_frame + shot.frame_count;
    std::map<std::string, std::vector<double>> values;
    while (si < samples.size() && samples[si].frame < shot.start_frame) ++si;
    for (; si < samples.size() && samples[si].frame < end; ++si) {
      ++sc.samples;
      for (const auto& [key, value] : samples[si].values) values[std::string(key)].push_back(value);
    }
    for (const auto& key : composition_metric_names()) sc.metrics[key] = summarize(values[key]);

    // Shot scale: the largest face, in at least a third of the shot's body samples (a lone
    // detection is more likely a false one than a figure).
    std::vector<double> shares, figures;
    int body_samples = 0;
    while (bi < bodies.size() && bodies[bi].frame < shot.start_frame) ++bi;
    for (; bi < bodies.size() && bodies[bi].frame < end; ++bi) {
      ++body_samples;
      if (bodies[bi].frame_height <= 0) continue;
      int tallest = 0, tallest_figure = 0;
      for (const auto& f : bodies[bi].faces) tallest = std::max(tallest, f.height);
      for (const auto& p : bodies[bi].people) tallest_figure = std::max(tallest_figure, p.height);
      if (tallest > 0) shares.push_back(static_cast<double>(tallest) / bodies[bi].frame_height);
      if (tallest_figure > 0) figures.push_back(static_cast<double>(tallest_figure) / bodies[bi].frame_height);
    }
    if (!shares.empty() && 3 * static_cast<int>(shares.size()) >= body_samples) {
      sc.face_share = summarize(shares).median;
      sc.scale_class = shot_scale_class(sc.face_share);
    }
    // Faces too small to find (under 24 px) leave the wide scales to whole figures, seen as often.
    if (!figures.empty() && 3 * static_cast<int>(figures.size()) >= body_samples) {
      sc.figure_share = summarize(figures).median;
      if (sc.scale_class == kNoScale) sc.scale_class = figure_scale_class(sc.figure_share);
    }
    const double weight = shot.blank ? 0.0 : shot.duration_s();
    total_time += weight;
    scale_time[shot_scale_name(sc.scale_class)] += weight;
    for (const auto& key : composition_metric_names()) film_values[key].emplace_back(sc.metrics[key].median, weight);
  }
  for (const auto& key : composition_metric_names()) {
    out.film_median[key] = weighted_median(film_values[key]);
    out.film_mean[key] = weighted_mean(film_values[key]);
  }
  for (int c = kNoScale; c <= 6; ++c) {
    const std::string name = shot_scale_name(c);
    out.scale_share[name] = total_time > 0 ? scale_time[name] / total_time : 0.0;
  }
  return out;
}

}  // namespace stereotype::measure
