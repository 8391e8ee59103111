#include "stereotype/shots/frame_signature.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include <opencv2/imgproc.hpp>

namespace stereotype::shots {

namespace {

// The source pixels an output cell covers along one axis, and how much of each lies in the cell
// (1 inside it; less where the cell's edge cuts a pixel).
struct Cell {
  int first = 0;
  std::vector<float> cover;
};

std::vector<Cell> cells_along(int source, int cells) {
  std::vector<Cell> out(static_cast<std::size_t>(cells));
  const double step = static_cast<double>(source) / cells;
  for (int j = 0; j < cells; ++j) {
    const double lo = j * step, hi = (j + 1) * step;
    auto& c = out[static_cast<std::size_t>(j)];
    c.first = static_cast<int>(std::floor(lo));
    const int last = std::min(source - 1, static_cast<int>(std::ceil(hi)) - 1);
    for (int i = c.first; i <= last; ++i) c.cover.push_back(static_cast<float>(std::min(hi, i + 1.0) - std::max(lo, static_cast<double>(i))));
  }
  return out;
}

// The cells of a grid over a plane of a given size, along both axes.
struct CellGrid {
  cv::Size plane, grid;
  std::vector<Cell> rows, cols;
  float cell_area = 1.f;  // in source pixels
};

// A film's planes come in two sizes (luma, chroma): their grids are worked out once.
const CellGrid& cell_grid(cv::Size plane, cv::Size grid) {
  thread_local std::vector<CellGrid> known;
  for (const auto& g : known)
    if (g.plane == plane && g.grid == grid) return g;
  if (known.size() >= 8) known.clear();
  const float area = static_cast<float>(static_cast<double>(plane.width) / grid.width * plane.height / grid.height);
  known.push_back({plane, grid, cells_along(plane.height, grid.height), cells_along(plane.width, grid.width), area});
  return known.back();
}

// The mean of an 8-bit plane over each cell of a grid laid over it, unrounded: the area shrink,
// rows first and then columns. Rows wholly inside a cell are summed as integers (a 1080p plane
// has 30 to a cell, and no cut ones), which is what makes a full-size plane cheap to read.
cv::Mat cell_means(const cv::Mat& plane, cv::Size size) {
  const CellGrid& grid = cell_grid(plane.size(), size);
  cv::Mat out(size, CV_32FC1);
  thread_local std::vector<float> row;
  thread_local std::vector<std::uint16_t> whole;
  row.resize(static_cast<std::size_t>(plane.cols));
  whole.resize(static_cast<std::size_t>(plane.cols));
  float* sums = row.data();
  std::uint16_t* counts = whole.data();
  const int width = plane.cols;
  // Whole rows' counts into the sums: 257 rows of 255 would overflow 16 bits.
  const auto flush = [&] {
    for (int x = 0; x < width; ++x) {
      sums[x] += static_cast<float>(counts[x]);
      counts[x] = 0;
    }
  };
  std::fill(whole.begin(), whole.end(), std::uint16_t{0});
  for (int r = 0; r < size.height; ++r) {
    std::fill(row.begin(), row.end(), 0.f);
    const auto& cell = grid.rows[static_cast<std::size_t>(r)];
    int held = 0;
    for (std::size_t k = 0; k < cell.cover.size(); ++k) {
      const auto* p = plane.ptr<std::uint8_t>(cell.first + static_cast<int>(k));
      const float cover = cell.cover[k];
      if (cover == 1.f) {
        for (int x = 0; x < width; ++x) counts[x] = static_cast<std::uint16_t>(counts[x] + p[x]);
        if (++held == 256) {
          flush();
          held = 0;
        }
      } else {
        for (int x = 0; x < width; ++x) sums[x] += cover * static_cast<float>(p[x]);
      }
    }
    if (held) flush();
    auto* o = out.ptr<float>(r);
    for (int c = 0; c < size.width; ++c) {
      const auto& col = grid.cols[static_cast<std::size_t>(c)];
      float sum = 0.f;
      for (std::size_t k = 0; k < col.cover.size(); ++k) sum += col.cover[k] * sums[static_cast<std::size_t>(col.first) + k];
      o[c] = sum / grid.cell_area;
    }
  }
  return out;
}

// The thumbnail of a Y'CbCr picture: each plane averaged over the thumbnail's cells, then
// converted. The conversion is affine, so this is the mean of the converted picture but where
// that picture is clipped (saturated colours), and it needs no conversion of the whole picture.
// Planes that still need turning clockwise by `rotation_deg` are averaged over the turned grid,
// and the cells' means turned upright.
cv::Mat thumbnail_of_planes(const cv::Mat& y_plane, const cv::Mat& cb_plane, const cv::Mat& cr_plane, const cv::Matx34f& m,
                            int rotation_deg) {
  const cv::Size grid(FrameSignature::kThumbWidth, FrameSignature::kThumbHeight);
  const bool quarter_turn = rotation_deg == 90 || rotation_deg == 270;
  const cv::Size coded = quarter_turn ? cv::Size(grid.height, grid.width) : grid;
  cv::Mat y = cell_means(y_plane, coded), cb = cell_means(cb_plane, coded), cr = cell_means(cr_plane, coded);
  if (rotation_deg == 90 || rotation_deg == 180 || rotation_deg == 270) {
    const int turn = rotation_deg == 90 ? cv::ROTATE_90_CLOCKWISE : rotation_deg == 180 ? cv::ROTATE_180 : cv::ROTATE_90_COUNTERCLOCKWISE;
    for (cv::Mat* plane : {&y, &cb, &cr}) {
      cv::Mat upright;
      cv::rotate(*plane, upright, turn);
      *plane = upright;
    }
  }
  cv::Mat thumb(grid, CV_32FC3);
  for (int r = 0; r < grid.height; ++r) {
    const auto *py = y.ptr<float>(r), *pb = cb.ptr<float>(r), *pr = cr.ptr<float>(r);
    auto* t = thumb.ptr<cv::Vec3f>(r);
    for (int c = 0; c < grid.width; ++c) {
      for (int k = 0; k < 3; ++k) {
        const float v = m(k, 0) * py[c] + m(k, 1) * pb[c] + m(k, 2) * pr[c] + m(k, 3);
        t[c][k] = std::clamp(v / 255.f, 0.f, 1.f);
      }
    }
  }
  return thumb;
}

}  // namespace

FrameSignature make_signature(const media::Frame& frame) {
  FrameSignature s;
  s.index = frame.index;
  s.time_s = frame.time_s;
  cv::Mat small;  // 8-bit, for the HSV histograms
  if (const auto& d = frame.decoded; !d.empty()) {
    s.thumb = thumbnail_of_planes(d.y, d.cb, d.cr, d.to_bgr, d.rotation_deg);
    s.thumb.convertTo(small, CV_8UC3, 255.0);
  } else if (const auto& p = frame.ycbcr; !p.empty()) {
    s.thumb = thumbnail_of_planes(p.y, p.cb, p.cr, p.to_bgr, 0);
    s.thumb.convertTo(small, CV_8UC3, 255.0);
  } else {
    cv::resize(frame.bgr, small, cv::Size(FrameSignature::kThumbWidth, FrameSignature::kThumbHeight), 0, 0, cv::INTER_AREA);
    small.convertTo(s.thumb, CV_32FC3, 1.0 / 255.0);
  }
  cv::cvtColor(s.thumb, s.luma, cv::COLOR_BGR2GRAY);

  cv::Scalar mean, stddev;
  cv::meanStdDev(s.luma, mean, stddev);
  s.luma_mean = static_cast<float>(mean[0]);
  s.luma_std = static_cast<float>(stddev[0]);

  cv::Mat hsv;
  cv::cvtColor(small, hsv, cv::COLOR_BGR2HSV_FULL);  // 8-bit: H, S, V all in [0,255]
  double hue_weight = 0.0;
  const int n = hsv.rows * hsv.cols;
  for (int y = 0; y < hsv.rows; ++y) {
    const auto* p = hsv.ptr<cv::Vec3b>(y);
    for (int x = 0; x < hsv.cols; ++x) {
      const int h = p[x][0], sa = p[x][1], v = p[x][2];
      const float w = static_cast<float>(sa) / 255.f;
      s.hue[static_cast<std::size_t>(h * FrameSignature::kHueBins / 256)] += w;
      hue_weight += w;
      s.sat[static_cast<std::size_t>(sa * FrameSignature::kSatBins / 256)] += 1.f;
      s.val[static_cast<std::size_t>(v * FrameSignature::kValBins / 256)] += 1.f;
    }
  }
  for (auto& h : s.hue) h = hue_weight > 1e-6 ? static_cast<float>(h / hue_weight) : 0.f;
  s.mean_saturation = static_cast<float>(hue_weight / n);
  for (auto& v : s.sat) v /= static_cast<float>(n);
  for (auto& v : s.val) v /= static_cast<float>(n);
  return s;
}

namespace {

template <std::size_t N>
double histogram_distance(const std::array<float, N>& a, const std::array<float, N>& b) {
  double inter = 0.0, mass_a = 0.0, mass_b = 0.0;
  for (std::size_t i = 0; i < N; ++i) {
    inter += std::min(a[i], b[i]);
    mass_a += a[i];
    mass_b += b[i];
  }
  const double mass = std::max(mass_a, mass_b);
  return mass > 1e-9 ? 1.0 - inter / mass : 0.0;
}

// Pixel differences are small numbers (a cut moves the mean absolute difference to ~0.2-0.4);
// scaling puts them on the histogram distance's footing before the two are averaged.
constexpr double kPixelScale = 2.5;

double pixel_distance(const cv::Mat& a, const cv::Mat& b) {
  return cv::norm(a, b, cv::NORM_L1) / static_cast<double>(a.total() * a.channels());
}

}  // namespace

namespace {

double histogram_part(const FrameSignature& a, const FrameSignature& b) {
  // Hue only counts as much as both frames are coloured: grey footage has no reliable hue.
  const double hue_weight = std::clamp(4.0 * std::min(a.mean_saturation, b.mean_saturation), 0.0, 1.0);
  return (hue_weight * histogram_distance(a.hue, b.hue) + histogram_distance(a.sat, b.sat) +
          histogram_distance(a.val, b.val)) / (hue_weight + 2.0);
}

}  // namespace

double content_distance(const FrameSignature& a, const FrameSignature& b) {
  const double pixels = std::min(1.0, kPixelScale * pixel_distance(a.thumb, b.thumb));
  return 0.5 * histogram_part(a, b) + 0.5 * pixels;
}

double hue_distance(const FrameSignature& a, const FrameSignature& b) {
  const double hue_weight = std::clamp(4.0 * std::min(a.mean_saturation, b.mean_saturation), 0.0, 1.0);
  return hue_weight * histogram_distance(a.hue, b.hue);
}

double structure_similarity(const FrameSignature& a, const FrameSignature& b) {
  const double sa = a.luma_std, sb = b.luma_std;
  if (sa < 1e-3 || sb < 1e-3) return (sa < 1e-3 && sb < 1e-3) ? 1.0 : 0.0;
  const double n = static_cast<double>(a.luma.total());
  const double cross = a.luma.dot(b.luma) / n - static_cast<double>(a.luma_mean) * b.luma_mean;
  return std::clamp(cross / (sa * sb), -1.0, 1.0);
}

double motion_compensated_distance(const FrameSignature& a, const FrameSignature& b) {
  static const cv::Mat window = [] {
    cv::Mat w;
    cv::createHanningWindow(w, cv::Size(FrameSignature::kThumbWidth, FrameSignature::kThumbHeight), CV_32F);
    return w;
  }();
  // OpenCV 4.6's phaseCorrelate multiplies its inputs by the window in place: give it copies.
  const cv::Point2d shift = cv::phaseCorrelate(a.luma.clone(), b.luma.clone(), window);
  // Undo the shift on b and compare only the overlapping area.
  const int dx = static_cast<int>(std::lround(shift.x)), dy = static_cast<int>(std::lround(shift.y));
  const int w = a.thumb.cols - std::abs(dx), h = a.thumb.rows - std::abs(dy);
  if (w < a.thumb.cols / 3 || h < a.thumb.rows / 3) return content_distance(a, b);
  const cv::Rect ra(std::max(0, dx), std::max(0, dy), w, h);
  const cv::Rect rb(std::max(0, -dx), std::max(0, -dy), w, h);
  // phaseCorrelate reports how b is shifted relative to a: a(x+dx) ~ b(x).
  const double pixels = std::min(1.0, kPixelScale * pixel_distance(a.thumb(ra), b.thumb(rb)));
  return 0.5 * histogram_part(a, b) + 0.5 * pixels;
}

BlendFit fit_blend(const FrameSignature& a, const FrameSignature& b, const FrameSignature& mid) {
  // Least squares for mid - b = alpha (a - b), on the colour thumbnails.
  cv::Mat diff_ab = a.thumb - b.thumb;
  cv::Mat diff_mb = mid.thumb - b.thumb;
  const double energy = diff_ab.dot(diff_ab);
  BlendFit fit;
  if (energy < 1e-9) return fit;
  fit.alpha = diff_mb.dot(diff_ab) / energy;
  cv::Mat residual = diff_mb - fit.alpha * diff_ab;
  fit.residual = residual.dot(residual) / energy;
  return fit;
}

}  // namespace stereotype::shots
