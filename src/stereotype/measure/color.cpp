#include "stereotype/measure/color.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

#include <opencv2/imgproc.hpp>

namespace stereotype::measure {

namespace {

constexpr double kPi = 3.14159265358979323846;

bool in_band(double h, double from, double to) {
  return from <= to ? (h >= from && h < to) : (h >= from || h < to);
}

// Bands (degrees of h_ab) for teal-orange and neon; see docs/metrics/color.md.
constexpr double kTealFrom = 170, kTealTo = 240;
constexpr double kOrangeFrom = 35, kOrangeTo = 75;
constexpr double kNeonCyanFrom = 170, kNeonCyanTo = 240;
constexpr double kNeonMagentaFrom = 280, kNeonMagentaTo = 360;

// Bin holding quantile q of a histogram, and that bin's centre on [0, 100].
int quantile_bin(const std::vector<int>& hist, int total, double q) {
  const double target = q * total;
  long cumulative = 0;
  for (std::size_t i = 0; i < hist.size(); ++i) {
    cumulative += hist[i];
    if (cumulative >= target) return static_cast<int>(i);
  }
  return static_cast<int>(hist.size()) - 1;
}

float histogram_quantile(const std::vector<int>& hist, int total, double q) {
  return static_cast<float>((quantile_bin(hist, total, q) + 0.5) * 100.0 / static_cast<double>(hist.size()));
}

float srgb_to_linear(float c) { return c <= 0.04045f ? c / 12.92f : std::pow((c + 0.055f) / 1.055f, 2.4f); }

}  // namespace

double hue_angle_deg(double a, double b) {
  double h = std::atan2(b, a) * 180.0 / kPi;
  return h < 0 ? h + 360.0 : h;
}

ColorFrame analyze_color(const media::Frame& frame, const ColorParams& p, cv::Mat* lab_samples) {
  ColorFrame out;
  // Scratch images reused from frame to frame: fresh ones would cost a page fault per 4 KB.
  thread_local cv::Mat small, rgb01, lab, planes[3], chroma, hue, dark, channels[3], coarse, local_median;
  if (p.scale_divisor > 1) {
    cv::resize(frame.bgr, small, cv::Size(std::max(1, frame.bgr.cols / p.scale_divisor), std::max(1, frame.bgr.rows / p.scale_divisor)),
               0, 0, cv::INTER_AREA);
  } else {
    frame.bgr.copyTo(small);
  }
  small.convertTo(rgb01, CV_32FC3, 1.0 / 255.0);
  cv::cvtColor(rgb01, lab, cv::COLOR_BGR2Lab);  // the one colour conversion: sRGB (D65) -> L*a*b*
  if (lab_samples) cv::resize(lab, *lab_samples, cv::Size(16, 9), 0, 0, cv::INTER_AREA);

  const int n = lab.rows * lab.cols;
  // Chroma and hue angle of every pixel at once (vectorised), read by all the loops below.
  cv::split(lab, planes);
  cv::cartToPolar(planes[1], planes[2], chroma, hue, true);
  constexpr int kLBins = 1000;
  std::vector<int> l_hist(kLBins, 0);
  double sum_l = 0, sum_l2 = 0, sum_a = 0, sum_b = 0, sum_c = 0, sum_c2x = 0, sum_c2y = 0;
  double teal_mass = 0, orange_mass = 0;
  std::array<double, kHueBins> hue_mass{};
  for (int y = 0; y < lab.rows; ++y) {
    const auto* px = lab.ptr<cv::Vec3f>(y);
    const auto* cy = chroma.ptr<float>(y);
    const auto* hy = hue.ptr<float>(y);
    for (int x = 0; x < lab.cols; ++x) {
      const double l = px[x][0], a = px[x][1], b = px[x][2];
      sum_l += l;
      sum_l2 += l * l;
      sum_a += a;
      sum_b += b;
      l_hist[std::clamp(static_cast<int>(l * kLBins / 100.0), 0, kLBins - 1)]++;
      const double c = cy[x];
      sum_c += c;
      if (c > 1e-6) {
        // C e^{2ih} = ((a^2 - b^2) + 2ab i) / C: the doubled angle without trigonometry.
        sum_c2x += (a * a - b * b) / c;
        sum_c2y += 2.0 * a * b / c;
        const double h = hy[x] >= 360.f ? 0.0 : static_cast<double>(hy[x]);
        hue_mass[static_cast<std::size_t>(std::min(kHueBins - 1, static_cast<int>(h / (360.0 / kHueBins))))] += c;
        if (c >= p.hue_min_chroma) {
          if (in_band(h, kTealFrom, kTealTo)) teal_mass += c;
          if (in_band(h, kOrangeFrom, kOrangeTo)) orange_mass += c;
        }
      }
    }
  }
  const double mean_l = sum_l / n;
  out.lightness_mean = static_cast<float>(mean_l);
  out.contrast_rms = static_cast<float>(std::sqrt(std::max(0.0, sum_l2 / n - mean_l * mean_l)) / 100.0);
  const float p02 = histogram_quantile(l_hist, n, 0.02), p98 = histogram_quantile(l_hist, n, 0.98);
  out.lightness_p05 = histogram_quantile(l_hist, n, 0.05);
  out.lightness_p95 = histogram_quantile(l_hist, n, 0.95);
  out.dynamic_range = p98 - p02;
  out.mean_a = static_cast<float>(sum_a / n);
  out.mean_b = static_cast<float>(sum_b / n);
  out.chroma_mean = static_cast<float>(sum_c / n);
  for (std::size_t i = 0; i < hue_mass.size(); ++i) out.hue_mass[i] = static_cast<float>(hue_mass[i] / n);
  if (sum_c > 1e-6) {
    out.hue_concentration = static_cast<float>(std::hypot(sum_a, sum_b) / sum_c);
    out.hue_concentration_doubled = static_cast<float>(std::hypot(sum_c2x, sum_c2y) / sum_c);
    // The pair's share of all chroma, counted only as far as both hues are there: full when the
    // lesser of the two holds at least a quarter of the pair.
    const double pair = teal_mass + orange_mass;
    if (pair > 0) out.teal_orange = static_cast<float>(pair / sum_c * std::min(1.0, 4.0 * std::min(teal_mass, orange_mass) / pair));
  }

  // Split toning: the hue of the shadows against the hue of the highlights.
  const int p25 = quantile_bin(l_hist, n, 0.25), p75 = quantile_bin(l_hist, n, 0.75);
  double sa = 0, sb = 0, ha = 0, hb = 0;
  int ns = 0, nh = 0;
  for (int y = 0; y < lab.rows; ++y) {
    const auto* px = lab.ptr<cv::Vec3f>(y);
    for (int x = 0; x < lab.cols; ++x) {
      const int bin = std::clamp(static_cast<int>(px[x][0] * kLBins / 100.0), 0, kLBins - 1);
      if (bin <= p25) { sa += px[x][1]; sb += px[x][2]; ++ns; }
      if (bin >= p75) { ha += px[x][1]; hb += px[x][2]; ++nh; }
    }
  }
  if (ns) { out.shadow_a = static_cast<float>(sa / ns); out.shadow_b = static_cast<float>(sb / ns); }
  if (nh) { out.highlight_a = static_cast<float>(ha / nh); out.highlight_b = static_cast<float>(hb / nh); }

  // Hasler & Suesstrunk colourfulness on 8-bit sRGB, and the means the barcode and CCT use.
  double s_rg = 0, s_rg2 = 0, s_yb = 0, s_yb2 = 0;
  cv::Vec3d sum_bgr(0, 0, 0), sum_lin(0, 0, 0);
  static const std::array<float, 256> kLinear = [] {
    std::array<float, 256> t{};
    for (int i = 0; i < 256; ++i) t[static_cast<std::size_t>(i)] = srgb_to_linear(static_cast<float>(i) / 255.f);
    return t;
  }();
  for (int y = 0; y < small.rows; ++y) {
    const auto* px = small.ptr<cv::Vec3b>(y);
    for (int x = 0; x < small.cols; ++x) {
      const double b = px[x][0], g = px[x][1], r = px[x][2];
      const double rg = r - g, yb = 0.5 * (r + g) - b;
      s_rg += rg; s_rg2 += rg * rg; s_yb += yb; s_yb2 += yb * yb;
      sum_bgr += cv::Vec3d(b, g, r);
      sum_lin += cv::Vec3d(kLinear[px[x][2]], kLinear[px[x][1]], kLinear[px[x][0]]);
    }
  }
  const double m_rg = s_rg / n, m_yb = s_yb / n;
  const double sd_rg = std::sqrt(std::max(0.0, s_rg2 / n - m_rg * m_rg)), sd_yb = std::sqrt(std::max(0.0, s_yb2 / n - m_yb * m_yb));
  out.colorfulness = static_cast<float>(std::hypot(sd_rg, sd_yb) + 0.3 * std::hypot(m_rg, m_yb));
  out.mean_bgr = cv::Vec3f(static_cast<float>(sum_bgr[0] / n), static_cast<float>(sum_bgr[1] / n), static_cast<float>(sum_bgr[2] / n));
  out.mean_linear_rgb = cv::Vec3f(static_cast<float>(sum_lin[0] / n), static_cast<float>(sum_lin[1] / n), static_cast<float>(sum_lin[2] / n));

  // Haze: He, Sun & Tang's dark channel, the minimum over colour channels and a square patch.
  cv::split(small, channels);
  cv::min(channels[0], channels[1], dark);
  cv::min(dark, channels[2], dark);
  cv::erode(dark, dark, cv::getStructuringElement(cv::MORPH_RECT, cv::Size(p.haze_patch, p.haze_patch)));
  out.haze = static_cast<float>(cv::mean(dark)[0] / 255.0);

  // Neon: saturated cyan or violet-magenta light glowing against its surroundings. The local
  // median is taken on an eighth-size lightness map (a neighbourhood ~40 px wide at 360p).
  const cv::Mat& l_plane = planes[0];
  cv::resize(l_plane, coarse, cv::Size(std::max(1, lab.cols / 8), std::max(1, lab.rows / 8)), 0, 0, cv::INTER_AREA);
  if (coarse.cols >= 5 && coarse.rows >= 5) cv::medianBlur(coarse, coarse, 5);
  cv::resize(coarse, local_median, l_plane.size(), 0, 0, cv::INTER_LINEAR);
  int neon = 0;
  for (int y = 0; y < lab.rows; ++y) {
    const auto* px = lab.ptr<cv::Vec3f>(y);
    const auto* med = local_median.ptr<float>(y);
    const auto* cy = chroma.ptr<float>(y);
    const auto* hy = hue.ptr<float>(y);
    for (int x = 0; x < lab.cols; ++x) {
      if (cy[x] < p.neon_min_chroma || px[x][0] < med[x] + p.neon_min_lift) continue;
      const double h = hy[x];
      if (in_band(h, kNeonCyanFrom, kNeonCyanTo) || in_band(h, kNeonMagentaFrom, kNeonMagentaTo)) ++neon;
    }
  }
  out.neon_share = static_cast<float>(neon) / static_cast<float>(n);
  return out;
}

double correlated_color_temperature(const cv::Vec3f& rgb) {
  // Linear sRGB (D65) -> CIE XYZ -> xy; McCamy (1992): n = (x - 0.3320) / (0.1858 - y).
  const double r = rgb[0], g = rgb[1], b = rgb[2];
  const double X = 0.4124564 * r + 0.3575761 * g + 0.1804375 * b;
  const double Y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b;
  const double Z = 0.0193339 * r + 0.1191920 * g + 0.9503041 * b;
  const double s = X + Y + Z;
  if (s <= 1e-9) return std::numeric_limits<double>::quiet_NaN();
  const double x = X / s, y = Y / s;
  const double nn = (x - 0.3320) / (0.1858 - y);
  return 449.0 * nn * nn * nn + 3525.0 * nn * nn + 6823.3 * nn + 5520.33;
}

std::string colorfulness_label(double m) {
  static const std::pair<double, const char*> kScale[] = {{0, "not colourful"},      {15, "slightly colourful"},
                                                          {33, "moderately colourful"}, {45, "averagely colourful"},
                                                          {59, "quite colourful"},    {82, "highly colourful"},
                                                          {109, "extremely colourful"}};
  const auto* best = &kScale[0];
  for (const auto& s : kScale) {
    if (std::abs(m - s.first) < std::abs(m - best->first)) best = &s;
  }
  return best->second;
}

std::string lightness_key(double l) { return l < 35 ? "low" : (l > 65 ? "high" : "mid"); }

std::vector<HueBand> hue_bands() {
  return {{"red", 345, 35},     {"orange", 35, 75},  {"yellow", 75, 115},  {"green", 115, 170},
          {"cyan", 170, 240},   {"blue", 240, 300},  {"violet", 300, 325}, {"magenta", 325, 345}};
}

std::string hue_band_of(double h) {
  for (const auto& band : hue_bands()) {
    if (in_band(h, band.from_deg, band.to_deg)) return band.name;
  }
  return "red";
}

std::vector<PaletteColor> dominant_palette(const cv::Mat& lab_pixels, int k, std::uint64_t seed) {
  const cv::Mat samples = lab_pixels.reshape(1, static_cast<int>(lab_pixels.total()));  // N x 3
  const int n = samples.rows;
  std::vector<PaletteColor> palette;
  if (n == 0 || k <= 0) return palette;
  k = std::min(k, n);
  auto pixel = [&](int i) { return cv::Vec3f(samples.at<float>(i, 0), samples.at<float>(i, 1), samples.at<float>(i, 2)); };
  auto dist2 = [](const cv::Vec3f& a, const cv::Vec3f& b) { const cv::Vec3f d = a - b; return d.dot(d); };
  // k-means++ seeding with a fixed generator: the same pixels always give the same palette.
  std::mt19937_64 rng(seed);
  std::vector<cv::Vec3f> centres{pixel(static_cast<int>(rng() % static_cast<std::uint64_t>(n)))};
  std::vector<float> nearest(static_cast<std::size_t>(n), std::numeric_limits<float>::max());
  while (static_cast<int>(centres.size()) < k) {
    double total = 0;
    for (int i = 0; i < n; ++i) {
      nearest[static_cast<std::size_t>(i)] = std::min(nearest[static_cast<std::size_t>(i)], dist2(pixel(i), centres.back()));
      total += nearest[static_cast<std::size_t>(i)];
    }
    if (total <= 0) break;  // fewer distinct colours than k
    double pick = std::uniform_real_distribution<double>(0.0, total)(rng);
    int chosen = n - 1;
    for (int i = 0; i < n; ++i) {
      pick -= nearest[static_cast<std::size_t>(i)];
      if (pick <= 0) { chosen = i; break; }
    }
    centres.push_back(pixel(chosen));
  }
  std::vector<int> label(static_cast<std::size_t>(n), 0);
  for (int iteration = 0; iteration < 30; ++iteration) {
    bool changed = false;
    for (int i = 0; i < n; ++i) {
      int best = 0;
      float best_d = std::numeric_limits<float>::max();
      for (std::size_t c = 0; c < centres.size(); ++c) {
        const float d = dist2(pixel(i), centres[c]);
        if (d < best_d) { best_d = d; best = static_cast<int>(c); }
      }
      if (label[static_cast<std::size_t>(i)] != best || iteration == 0) changed = true;
      label[static_cast<std::size_t>(i)] = best;
    }
    std::vector<cv::Vec3d> sums(centres.size(), cv::Vec3d(0, 0, 0));
    std::vector<int> counts(centres.size(), 0);
    for (int i = 0; i < n; ++i) {
      const cv::Vec3f v = pixel(i);
      sums[static_cast<std::size_t>(label[static_cast<std::size_t>(i)])] += cv::Vec3d(v[0], v[1], v[2]);
      counts[static_cast<std::size_t>(label[static_cast<std::size_t>(i)])]++;
    }
    for (std::size_t c = 0; c < centres.size(); ++c) {
      if (counts[c]) centres[c] = cv::Vec3f(static_cast<float>(sums[c][0] / counts[c]), static_cast<float>(sums[c][1] / counts[c]),
                                            static_cast<float>(sums[c][2] / counts[c]));
    }
    if (!changed) break;
  }
  std::vector<int> counts(centres.size(), 0);
  for (int l : label) counts[static_cast<std::size_t>(l)]++;
  for (std::size_t c = 0; c < centres.size(); ++c) {
    if (counts[c]) palette.push_back({centres[c], static_cast<float>(counts[c]) / static_cast<float>(n)});
  }
  std::sort(palette.begin(), palette.end(), [](const PaletteColor& a, const PaletteColor& b) {
    return a.share != b.share ? a.share > b.share : a.lab[0] < b.lab[0];
  });
  return palette;
}

cv::Vec3b lab_to_bgr8(const cv::Vec3f& lab) {
  cv::Mat in(1, 1, CV_32FC3, cv::Scalar(lab[0], lab[1], lab[2])), out;
  cv::cvtColor(in, out, cv::COLOR_Lab2BGR);
  const auto v = out.at<cv::Vec3f>(0, 0);
  return cv::Vec3b(cv::saturate_cast<uchar>(v[0] * 255.f), cv::saturate_cast<uchar>(v[1] * 255.f), cv::saturate_cast<uchar>(v[2] * 255.f));
}

cv::Vec3f bgr8_to_lab(const cv::Vec3f& bgr) {
  cv::Mat in(1, 1, CV_32FC3, cv::Scalar(bgr[0] / 255.0, bgr[1] / 255.0, bgr[2] / 255.0)), out;
  cv::cvtColor(in, out, cv::COLOR_BGR2Lab);
  return out.at<cv::Vec3f>(0, 0);
}

}  // namespace stereotype::measure
