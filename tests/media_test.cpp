// Media source: analysis size, time, rotation, colour matrices, bit depth, image sequences and
// the one-line errors for bad input.
#include <filesystem>
#include <fstream>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "stereotype/error.hpp"
#include "stereotype/media/source.hpp"
#include "stereotype/media/yuv.hpp"
#include "stereotype/pipeline/film_pass.hpp"
#include "support/footage.hpp"

namespace stereotype::test {
namespace {

namespace fs = std::filesystem;
using media::Frame;
using media::Rational;

std::vector<Frame> read_all(media::Source& source) {
  std::vector<Frame> frames;
  Frame f;
  while (source.read(f)) {
    frames.push_back(f);
    frames.back().bgr = f.bgr.clone();
    frames.back().gray = f.gray.clone();
    frames.back().ycbcr.y = f.ycbcr.y.clone();
    frames.back().ycbcr.cb = f.ycbcr.cb.clone();
    frames.back().ycbcr.cr = f.ycbcr.cr.clone();
  }
  return frames;
}

// Runs `body` and returns the stereotype::Error it throws (fails the test if it does not).
template <typename F>
Error expect_error(F&& body) {
  try {
    body();
  } catch (const Error& e) {
    return e;
  }
  ADD_FAILURE() << "no stereotype::Error thrown";
  return Error(ErrorKind::Usage, "", "");
}

std::string temp_path(const std::string& name) {
  const auto dir = fs::path(media_dir()) / "scratch";
  fs::create_directories(dir);
  return (dir / name).string();
}

TEST(AnalysisSize, ShortSideBecomesTheTargetAndAspectIsKept) {
  auto s = media::analysis_size(1920, 1080, 360);
  EXPECT_EQ(s.width, 640);
  EXPECT_EQ(s.height, 360);
  s = media::analysis_size(1080, 1920, 360);  // portrait phone video
  EXPECT_EQ(s.width, 360);
  EXPECT_EQ(s.height, 640);
  s = media::analysis_size(641, 361, 360);  // odd sizes
  EXPECT_EQ(s.width, 639);
  EXPECT_EQ(s.height, 360);
  s = media::analysis_size(1, 1, 360);  // tiny input is scaled up to the same analysis scale
  EXPECT_EQ(s.width, 360);
  EXPECT_EQ(s.height, 360);
  s = media::analysis_size(8000, 8000, 360);
  EXPECT_EQ(s.width, 360);
  s = media::analysis_size(10000, 100, 360);  // extreme panorama: long side capped at 4x
  EXPECT_EQ(s.width, 1440);
  EXPECT_EQ(s.height, 360);
}

TEST(Timebase, RationalRatesStayExact) {
  const Rational ntsc{30000, 1001};
  EXPECT_DOUBLE_EQ(media::frame_to_seconds(30000, ntsc), 1001.0);
  EXPECT_EQ(media::nominal_fps(ntsc), 30);
  EXPECT_EQ(media::nominal_fps(Rational{24000, 1001}), 24);
  EXPECT_EQ(media::format_timecode(1799, ntsc), "00:00:59:29");
  EXPECT_EQ(media::format_timecode(25 * 3600 + 25 * 61 + 3, Rational{25, 1}), "01:01:01:03");
  EXPECT_EQ(media::format_clock(3661.5), "01:01:01.500");
  EXPECT_TRUE((Rational{50, 2} == Rational{25, 1}));
}

// Forward BT.709/601 encoding of an sRGB triple to 8-bit code values, for the round trip.
cv::Vec3f encode(const media::YuvMatrix& m, double r, double g, double b, bool full) {
  const double y = m.kr * r + (1 - m.kr - m.kb) * g + m.kb * b;  // in [0,255]
  const double pb = (b - y) / (2 * (1 - m.kb)), pr = (r - y) / (2 * (1 - m.kr));
  if (full) return {static_cast<float>(y), static_cast<float>(128 + pb), static_cast<float>(128 + pr)};
  return {static_cast<float>(16 + y * 219 / 255), static_cast<float>(128 + pb * 224 / 255), static_cast<float>(128 + pr * 224 / 255)};
}

TEST(YuvMatrix, LimitedRangeBlackAndWhite) {
  const auto t = media::yuv_to_bgr(media::bt709(), false);
  const cv::Vec3f black = t * cv::Vec4f(16, 128, 128, 1), white = t * cv::Vec4f(235, 128, 128, 1);
  for (int c = 0; c < 3; ++c) {
    EXPECT_NEAR(black[c], 0.0, 1e-3);
    EXPECT_NEAR(white[c], 255.0, 1e-3);
  }
}

TEST(YuvMatrix, RoundTripsColoursForEveryMatrixAndRange) {
  for (const auto& m : {media::bt601(), media::bt709(), media::bt2020()}) {
    for (bool full : {false, true}) {
      const auto t = media::yuv_to_bgr(m, full);
      for (const auto& rgb : {cv::Vec3d(200, 60, 30), cv::Vec3d(20, 180, 220), cv::Vec3d(128, 128, 128)}) {
        const cv::Vec3f ycc = encode(m, rgb[0], rgb[1], rgb[2], full);
        const cv::Vec3f bgr = t * cv::Vec4f(ycc[0], ycc[1], ycc[2], 1);
        EXPECT_NEAR(bgr[2], rgb[0], 1e-2) << m.name;
        EXPECT_NEAR(bgr[1], rgb[1], 1e-2) << m.name;
        EXPECT_NEAR(bgr[0], rgb[2], 1e-2) << m.name;
      }
    }
  }
}

TEST(ImageNames, NaturalOrder) {
  EXPECT_TRUE(media::natural_less("frame2.png", "frame10.png"));
  EXPECT_FALSE(media::natural_less("frame10.png", "frame2.png"));
  EXPECT_TRUE(media::natural_less("a.png", "b.png"));
  EXPECT_TRUE(media::natural_less("shot_001.png", "shot_01a.png") || media::natural_less("shot_01a.png", "shot_001.png"));
  EXPECT_TRUE(media::is_image_file("x.PNG"));
  EXPECT_FALSE(media::is_image_file("x.mp4"));
}

// FFmpeg's own area shrink of a clip's first frames to the analysis size: 4:2:0 planes, raw.
std::vector<std::uint8_t> ffmpeg_area_planes(const std::string& clip, int frames, int width, int height) {
  const auto raw = temp_path(fs::path(clip).stem().string() + fmt::format("-{}x{}.yuv", width, height));
  const auto r = run_command(fmt::format("ffmpeg -nostdin -v error -y -i {} -frames:v {} -vf scale={}:{}:flags=area -pix_fmt yuv420p -f rawvideo {}",
                                         shell_quote(clip), frames, width, height, shell_quote(raw)));
  EXPECT_EQ(r.exit_code, 0) << r.output;
  std::ifstream in(raw, std::ios::binary);
  return std::vector<std::uint8_t>((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// The first frames of a clip as FFmpeg decodes them, as raw 4:2:0 planes, unscaled.
std::vector<std::uint8_t> ffmpeg_raw_planes(const std::string& clip, int frames) {
  const auto raw = temp_path(fs::path(clip).stem().string() + "-decoded.yuv");
  const auto r = run_command(fmt::format("ffmpeg -nostdin -v error -y -i {} -frames:v {} -pix_fmt yuv420p -f rawvideo {}", shell_quote(clip),
                                         frames, shell_quote(raw)));
  EXPECT_EQ(r.exit_code, 0) << r.output;
  std::ifstream in(raw, std::ios::binary);
  return std::vector<std::uint8_t>((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// The number of samples in which a frame's planes differ from a raw 4:2:0 frame.
long differing_samples(const media::YCbCrPlanes& p, const std::uint8_t* raw) {
  long differ = 0;
  for (const cv::Mat* plane : {&p.y, &p.cb, &p.cr}) {
    for (int r = 0; r < plane->rows; ++r)
      for (int c = 0; c < plane->cols; ++c) differ += plane->at<std::uint8_t>(r, c) != *raw++;
  }
  return differ;
}

TEST(VideoSource, DecodesEveryFrameWithItsTimeAtAnalysisSize) {
  const auto clip = cached_ffmpeg("testsrc-30fps.mp4", "-f lavfi -i testsrc2=size=640x480:rate=30:duration=2 -c:v libx264 -preset veryfast -pix_fmt yuv420p");
  auto source = media::open_source(clip);
  EXPECT_EQ(source->info().analysis_width, 480);
  EXPECT_EQ(source->info().analysis_height, 360);
  EXPECT_EQ(source->info().frame_rate, (Rational{30, 1}));
  EXPECT_EQ(source->info().codec, "h264");
  const auto frames = read_all(*source);
  ASSERT_EQ(frames.size(), 60u);
  for (std::size_t i = 0; i < frames.size(); ++i) {
    EXPECT_EQ(frames[i].index, static_cast<std::int64_t>(i));
    EXPECT_NEAR(frames[i].time_s, static_cast<double>(i) / 30.0, 1e-3);
    EXPECT_EQ(frames[i].bgr.cols, 480);
    EXPECT_EQ(frames[i].gray.type(), CV_8UC1);
  }
}

TEST(VideoSource, ThePlanesAreFfmpegsAreaShrinkBitForBit) {
  // 720p halves exactly (2x2 means, computed by the source itself); 1080p goes through swscale.
  for (const auto& [name, size] : {std::pair{"cockatoo-720p.mp4", "1280x720"}, std::pair{"cockatoo-1080p.mp4", "1920x1080"}}) {
    const auto clip = cached_ffmpeg(name, "-i " + shell_quote(footage::kCockatoo) + " -t 0.4 -vf scale=" + size + " -c:v libx264 -preset veryfast -pix_fmt yuv420p -an");
    auto source = media::open_source(clip);
    const auto frames = read_all(*source);
    ASSERT_GE(frames.size(), 8u);
    const auto raw = ffmpeg_area_planes(clip, 8, 640, 360);
    const std::size_t frame_bytes = 640 * 360 * 3 / 2;
    ASSERT_EQ(raw.size(), 8 * frame_bytes);
    for (std::size_t k = 0; k < 8; ++k) {
      ASSERT_EQ(frames[k].ycbcr.y.size(), cv::Size(640, 360)) << name;
      ASSERT_EQ(frames[k].ycbcr.cb.size(), cv::Size(320, 180)) << name;
      EXPECT_EQ(differing_samples(frames[k].ycbcr, raw.data() + k * frame_bytes), 0) << name << " frame " << k;
    }
  }
}

TEST(VideoSource, ThePlanesAsDecodedAreFfmpegsPictureAndOutliveLaterReads) {
  // 1080p: every frame's decoded planes, kept while the source reads on, against FFmpeg's own raw
  // decode of the same frames.
  const auto clip = cached_ffmpeg("cockatoo-1080p.mp4", "-i " + shell_quote(footage::kCockatoo) + " -t 0.4 -vf scale=1920x1080 -c:v libx264 -preset veryfast -pix_fmt yuv420p -an");
  auto source = media::open_source(clip);
  const auto frames = read_all(*source);
  ASSERT_GE(frames.size(), 8u);
  const auto raw = ffmpeg_raw_planes(clip, 8);
  const std::size_t frame_bytes = 1920 * 1080 * 3 / 2;
  ASSERT_EQ(raw.size(), 8 * frame_bytes);
  for (std::size_t k = 0; k < 8; ++k) {
    const auto& d = frames[k].decoded;
    ASSERT_EQ(d.y.size(), cv::Size(1920, 1080));
    ASSERT_EQ(d.cb.size(), cv::Size(960, 540));
    EXPECT_EQ(d.rotation_deg, 0);
    EXPECT_EQ(d.to_bgr, frames[k].ycbcr.to_bgr);
    EXPECT_EQ(differing_samples({d.y, d.cb, d.cr, d.to_bgr}, raw.data() + k * frame_bytes), 0) << "frame " << k;
  }
}

TEST(VideoSource, DecodedPlanesKeepTheStreamsChromaSampling) {
  // imageio's cockatoo is 4:4:4: its chroma planes are as large as its luma.
  auto source = media::open_source(footage::kCockatoo);
  media::Frame f;
  ASSERT_TRUE(source->read(f));
  ASSERT_EQ(f.decoded.y.size(), cv::Size(1280, 720));
  EXPECT_EQ(f.decoded.cb.size(), cv::Size(1280, 720));
  EXPECT_EQ(f.decoded.cr.size(), cv::Size(1280, 720));
  EXPECT_EQ(f.ycbcr.cb.size(), cv::Size(320, 180));  // analysis planes are 4:2:0 whatever the stream's
}

TEST(VideoSource, PlanesOnlyGivesTheDecodedPlanesAloneWithoutAShrink) {
  const auto clip = cached_ffmpeg("testsrc-30fps.mp4", "-f lavfi -i testsrc2=size=640x480:rate=30:duration=2 -c:v libx264 -preset veryfast -pix_fmt yuv420p");
  media::SourceOptions planes_only;
  planes_only.planes_only = true;
  auto with_picture = media::open_source(clip);
  auto without = media::open_source(clip, planes_only);
  const auto a = read_all(*with_picture), b = read_all(*without);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t k = 0; k < a.size(); k += 7) {
    EXPECT_FALSE(a[k].bgr.empty());
    EXPECT_FALSE(a[k].ycbcr.empty());
    EXPECT_TRUE(b[k].bgr.empty());
    EXPECT_TRUE(b[k].gray.empty());
    EXPECT_TRUE(b[k].ycbcr.empty());
    ASSERT_EQ(b[k].decoded.y.size(), cv::Size(640, 480));
    ASSERT_EQ(b[k].decoded.cr.size(), cv::Size(320, 240));
    EXPECT_EQ(cv::norm(a[k].decoded.y, b[k].decoded.y, cv::NORM_INF), 0.0);
    EXPECT_EQ(cv::norm(a[k].decoded.cr, b[k].decoded.cr, cv::NORM_INF), 0.0);
    EXPECT_EQ(a[k].decoded.to_bgr, b[k].decoded.to_bgr);
  }
}

TEST(VideoSource, PlanesOnlyShrinksThePlanesItCannotHandOutAsDecoded) {
  // 10-bit 4:2:0: no 8-bit planes to view, so they are shrunk (and brought to 8 bits) as before.
  const auto clip = cached_ffmpeg("ten-bit.mkv", "-f lavfi -i testsrc2=size=320x240:rate=25:duration=0.4 -pix_fmt yuv420p10le -c:v ffv1");
  media::SourceOptions planes_only;
  planes_only.planes_only = true;
  auto source = media::open_source(clip, planes_only);
  const auto frames = read_all(*source);
  ASSERT_FALSE(frames.empty());
  EXPECT_TRUE(frames[0].decoded.empty());
  EXPECT_TRUE(frames[0].bgr.empty());
  EXPECT_EQ(frames[0].ycbcr.y.size(), cv::Size(480, 360));
}

TEST(VideoSource, BytesInMemoryDecodeLikeTheFile) {
  const auto clip = cached_ffmpeg("testsrc-30fps.mp4", "-f lavfi -i testsrc2=size=640x480:rate=30:duration=2 -c:v libx264 -preset veryfast -pix_fmt yuv420p");
  std::ifstream in(clip, std::ios::binary);
  auto bytes = std::make_shared<const std::string>((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto from_memory = media::open_memory("in-memory clip", bytes);
  auto from_file = media::open_source(clip);
  const auto a = read_all(*from_memory), b = read_all(*from_file);
  ASSERT_EQ(a.size(), b.size());
  EXPECT_EQ(cv::norm(a[10].bgr, b[10].bgr, cv::NORM_INF), 0.0);
  const auto e = expect_error([] { read_all(*media::open_memory("garbage", std::make_shared<const std::string>(std::string(4096, 'x')))); });
  EXPECT_EQ(std::string(e.what()).rfind("garbage: ", 0), 0u) << e.what();
}

TEST(VideoSource, VariableFrameRateKeepsTheStreamsTimes) {
  // Frame n is shown at 0.01 n^2 s: intervals grow from 10 ms to 390 ms.
  const auto clip = cached_ffmpeg("vfr.mkv", "-f lavfi -i testsrc2=size=320x240:rate=10:duration=2 -vf settb=1/1000,setpts=N*N*10 -fps_mode vfr -enc_time_base 1/1000 -c:v libx264 -preset veryfast");
  auto source = media::open_source(clip);
  const auto frames = read_all(*source);
  ASSERT_EQ(frames.size(), 20u);
  for (std::size_t i = 0; i < frames.size(); ++i) EXPECT_NEAR(frames[i].time_s, 0.01 * double(i * i), 1.5e-3) << i;
}

TEST(VideoSource, HonoursThePhoneRotationMatrix) {
  // Left half red, right half blue, stored sideways with a -90 degree display matrix in the track
  // header (as phones record portrait video). FFmpeg's own auto-rotation is the reference.
  const auto flat = cached_ffmpeg("unrotated.mp4", "-f lavfi -i color=c=red:s=320x180:d=0.2 -f lavfi -i color=c=blue:s=320x180:d=0.2 -filter_complex hstack -c:v libx264 -preset veryfast -pix_fmt yuv420p");
  std::ifstream in(flat, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto tkhd = bytes.find("tkhd");
  ASSERT_NE(tkhd, std::string::npos);
  auto be = [](std::initializer_list<std::uint32_t> v) {
    std::string s;
    for (auto x : v) for (int k = 3; k >= 0; --k) s += static_cast<char>((x >> (8 * k)) & 0xff);
    return s;
  };
  const auto identity = be({0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000});
  const auto at = bytes.find(identity, tkhd);
  ASSERT_NE(at, std::string::npos);
  bytes.replace(at, identity.size(), be({0, 0x10000, 0, 0xFFFF0000u, 0, 0, 0, 0, 0x40000000}));
  const auto rotated = temp_path("rotated phone clip.mp4");
  std::ofstream(rotated, std::ios::binary) << bytes;

  auto source = media::open_source(rotated);
  EXPECT_EQ(source->info().rotation_deg, 90);
  EXPECT_EQ(source->info().width, 180);
  EXPECT_EQ(source->info().height, 640);
  const auto frames = read_all(*source);
  ASSERT_FALSE(frames.empty());
  const cv::Mat& f = frames[0].bgr;
  EXPECT_EQ(f.cols, 360);
  EXPECT_EQ(f.rows, 1280);

  const auto reference_png = temp_path("rotated-reference.png");
  ASSERT_EQ(run_command("ffmpeg -nostdin -v error -y -i " + shell_quote(rotated) + " -frames:v 1 " + shell_quote(reference_png)).exit_code, 0);
  cv::Mat reference = cv::imread(reference_png);
  ASSERT_EQ(reference.cols, 180);
  cv::resize(reference, reference, f.size(), 0, 0, cv::INTER_AREA);
  EXPECT_LT(cv::norm(f, reference, cv::NORM_L1) / static_cast<double>(f.total() * 3), 3.0);
  // Upright: red on top, blue below.
  const auto top = f.at<cv::Vec3b>(100, 180), bottom = f.at<cv::Vec3b>(1180, 180);
  EXPECT_GT(top[2], 200);
  EXPECT_GT(bottom[0], 200);
  // The planes are turned upright with the picture: red's Cr high on top, blue's Cb high below.
  const auto& p = frames[0].ycbcr;
  ASSERT_EQ(p.y.size(), f.size());
  ASSERT_EQ(p.cb.size(), cv::Size(180, 640));
  EXPECT_GT(p.cr.at<std::uint8_t>(50, 90), 200);
  EXPECT_GT(p.cb.at<std::uint8_t>(590, 90), 200);
  EXPECT_LT(p.cb.at<std::uint8_t>(50, 90), 128);
  // The decoded planes stay as stored, with the turn that makes them upright: red on the left.
  const auto& d = frames[0].decoded;
  EXPECT_EQ(d.rotation_deg, 90);
  ASSERT_EQ(d.y.size(), cv::Size(640, 180));
  EXPECT_GT(d.cr.at<std::uint8_t>(45, 50), 200);
  EXPECT_GT(d.cb.at<std::uint8_t>(45, 270), 200);
}

struct ColourCase {
  const char* name;
  const char* size;
  const char* encode;  // scale/colour-space arguments used when encoding
};

class ColourMatrixTest : public ::testing::TestWithParam<ColourCase> {};

TEST_P(ColourMatrixTest, RecoversTheEncodedSrgbColour) {
  // sRGB (200, 60, 30): a saturated orange whose YUV differs clearly between BT.601 and BT.709.
  const auto& c = GetParam();
  const auto clip = cached_ffmpeg(std::string("colour-") + c.name + ".mkv",
                                  fmt::format("-f lavfi -i color=c=0xC83C1E:s={}:d=0.2 {}", c.size, c.encode));
  auto source = media::open_source(clip);
  const auto frames = read_all(*source);
  ASSERT_FALSE(frames.empty());
  const cv::Scalar mean = cv::mean(frames.back().bgr);
  EXPECT_NEAR(mean[2], 200, 4) << source->info().color_matrix;
  EXPECT_NEAR(mean[1], 60, 4) << source->info().color_matrix;
  EXPECT_NEAR(mean[0], 30, 4) << source->info().color_matrix;
}

INSTANTIATE_TEST_SUITE_P(
    Matrices, ColourMatrixTest,
    ::testing::Values(
        ColourCase{"hd_tagged_709", "1280x720", "-vf scale=out_color_matrix=bt709:out_range=tv,format=yuv420p -colorspace bt709 -c:v ffv1"},
        ColourCase{"sd_tagged_601", "640x480", "-vf scale=out_color_matrix=bt601:out_range=tv,format=yuv420p -colorspace smpte170m -c:v ffv1"},
        ColourCase{"hd_untagged_709", "1280x720", "-vf scale=out_color_matrix=bt709:out_range=tv,format=yuv420p -c:v ffv1"},
        ColourCase{"sd_untagged_601", "640x480", "-vf scale=out_color_matrix=bt601:out_range=tv,format=yuv420p -c:v ffv1"},
        ColourCase{"full_range_jpeg", "640x480", "-vf scale=out_color_matrix=bt601:out_range=pc,format=yuvj420p -c:v mjpeg -q:v 2"},
        ColourCase{"ten_bit", "1280x720", "-vf scale=out_color_matrix=bt709:out_range=tv,format=yuv422p10le -colorspace bt709 -c:v ffv1"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(VideoSource, ReportsTenBitDepth) {
  const auto clip = cached_ffmpeg("ten-bit.mkv", "-f lavfi -i testsrc2=size=320x240:rate=25:duration=0.4 -pix_fmt yuv420p10le -c:v ffv1");
  auto source = media::open_source(clip);
  EXPECT_EQ(source->info().bit_depth, 10);
  EXPECT_EQ(read_all(*source).size(), 10u);
}

TEST(VideoSource, RealFootageOpens) {
  require_file(footage::kMegamind);
  auto source = media::open_source(footage::kMegamind);
  EXPECT_EQ(source->info().width, 720);
  EXPECT_EQ(source->info().height, 528);
  EXPECT_EQ(source->info().analysis_height, 360);
  EXPECT_NEAR(source->info().frame_rate.value(), 23.976, 1e-3);
  EXPECT_EQ(read_all(*source).size(), 270u);
}

TEST(ImageSequence, ReadsAFolderInNaturalOrder) {
  const auto dir = fs::path(temp_path("sequence"));
  fs::remove_all(dir);
  fs::create_directories(dir);
  for (int i = 1; i <= 12; ++i) {
    cv::Mat img(90, 160, CV_8UC3, cv::Scalar(i * 20, 0, 0));
    cv::imwrite((dir / fmt::format("frame{}.png", i)).string(), img);
  }
  std::ofstream(dir / "notes.txt") << "not an image";
  media::SourceOptions options;
  options.image_rate = Rational{12, 1};
  auto source = media::open_source(dir.string(), options);
  const auto frames = read_all(*source);
  ASSERT_EQ(frames.size(), 12u);
  for (int i = 0; i < 12; ++i) {
    EXPECT_NEAR(frames[i].bgr.at<cv::Vec3b>(10, 10)[0], (i + 1) * 20, 1) << "frame " << i;
    EXPECT_NEAR(frames[i].time_s, i / 12.0, 1e-9);
  }
  EXPECT_EQ(source->info().analysis_width, 640);
  EXPECT_EQ(source->info().analysis_height, 360);
}

TEST(ImageSequence, ABrokenImageIsNamedOrSkipped) {
  const auto dir = fs::path(temp_path("broken-sequence"));
  fs::remove_all(dir);
  fs::create_directories(dir);
  for (int i = 1; i <= 3; ++i) cv::imwrite((dir / fmt::format("f{}.png", i)).string(), cv::Mat(40, 40, CV_8UC3, cv::Scalar::all(i * 50)));
  std::ofstream(dir / "f2.png", std::ios::trunc) << "\x89PNG broken";
  auto source = media::open_source(dir.string());
  const auto e = expect_error([&] { read_all(*source); });
  EXPECT_EQ(e.kind(), ErrorKind::InputInvalid);
  EXPECT_NE(std::string(e.what()).find("f2.png"), std::string::npos) << e.what();

  media::SourceOptions tolerant;
  tolerant.allow_damage = true;
  auto again = media::open_source(dir.string(), tolerant);
  EXPECT_EQ(read_all(*again).size(), 2u);
  EXPECT_EQ(again->damage().skipped_images.size(), 1u);
}

// Bad input: each gets one Error naming the file and the problem.
TEST(BadInput, MissingFile) {
  const auto e = expect_error([] { media::open_source("/no/such/film.mp4"); });
  EXPECT_EQ(e.kind(), ErrorKind::InputMissing);
  EXPECT_EQ(std::string(e.what()), "/no/such/film.mp4: no such file or folder");
}

TEST(BadInput, EmptyFile) {
  const auto path = temp_path("empty.mp4");
  std::ofstream(path, std::ios::trunc).close();
  const auto e = expect_error([&] { media::open_source(path); });
  EXPECT_EQ(e.kind(), ErrorKind::InputInvalid);
  EXPECT_NE(std::string(e.what()).find("empty file"), std::string::npos);
}

TEST(BadInput, TextFileNamedMp4) {
  const auto path = temp_path("notes.mp4");
  std::ofstream(path, std::ios::trunc) << "These are my notes about the film, not the film itself.\n";
  const auto e = expect_error([&] { read_all(*media::open_source(path)); });
  EXPECT_EQ(e.kind(), ErrorKind::InputInvalid);
  EXPECT_EQ(std::string(e.what()).rfind(path + ": ", 0), 0u) << e.what();
}

TEST(BadInput, AudioOnly) {
  const auto clip = cached_ffmpeg("audio-only.m4a", "-f lavfi -i sine=frequency=440:duration=1 -c:a aac");
  const auto e = expect_error([&] { media::open_source(clip); });
  EXPECT_EQ(e.kind(), ErrorKind::InputInvalid);
  EXPECT_NE(std::string(e.what()).find("audio only"), std::string::npos) << e.what();
}

TEST(BadInput, StillImage) {
  const auto path = temp_path("poster.png");
  cv::imwrite(path, cv::Mat(50, 50, CV_8UC3, cv::Scalar::all(128)));
  const auto e = expect_error([&] { media::open_source(path); });
  EXPECT_NE(std::string(e.what()).find("still image"), std::string::npos) << e.what();
  // Renamed so that the extension does not give it away: FFmpeg's probe still sees an image.
  const auto renamed = temp_path("poster-renamed.mov");
  fs::copy_file(path, renamed, fs::copy_options::overwrite_existing);
  const auto e2 = expect_error([&] { media::open_source(renamed); });
  EXPECT_NE(std::string(e2.what()).find("still image"), std::string::npos) << e2.what();
}

TEST(BadInput, TruncatedStreamIsReportedOrReadWithDamageAllowed) {
  const auto clip = cached_ffmpeg("whole.mkv", "-f lavfi -i testsrc2=size=320x240:rate=25:duration=4 -c:v libx264 -preset veryfast -g 25");
  const auto size = fs::file_size(clip);
  const auto cut = temp_path("half-copied.mkv");
  {
    std::ifstream in(clip, std::ios::binary);
    std::string bytes(size / 2, '\0');
    in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    std::ofstream(cut, std::ios::binary | std::ios::trunc) << bytes;
  }
  const auto e = expect_error([&] { read_all(*media::open_source(cut)); });
  EXPECT_EQ(e.kind(), ErrorKind::InputInvalid);
  EXPECT_NE(std::string(e.what()).find("truncated"), std::string::npos) << e.what();

  media::SourceOptions tolerant;
  tolerant.allow_damage = true;
  auto source = media::open_source(cut, tolerant);
  const auto frames = read_all(*source);
  EXPECT_GT(frames.size(), 20u);
  EXPECT_LT(frames.size(), 90u);
  EXPECT_TRUE(source->damage().truncated);
}

TEST(BadInput, AnImplausibleFrameRateIsDamageAndReadAtANominalRate) {
  const std::string path = std::string(STEREOTYPE_SOURCE_DIR) + "/tests/cases/fuzz/timestamp-gap-oom.avi";
  const auto e = expect_error([&] { media::open_source(path); });
  EXPECT_NE(std::string(e.what()).find("implausible frame rate"), std::string::npos) << e.what();
  media::SourceOptions tolerant;
  tolerant.allow_damage = true;
  auto source = media::open_source(path, tolerant);
  EXPECT_EQ(source->info().frame_rate, (Rational{25, 1}));
  const auto frames = read_all(*source);
  ASSERT_FALSE(frames.empty());
  EXPECT_NEAR(frames.back().time_s, (frames.size() - 1) / 25.0, 1e-9);
}

TEST(BadInput, GarbageInTheMiddleIsReported) {
  const auto clip = cached_ffmpeg("whole.ts", "-f lavfi -i testsrc2=size=320x240:rate=25:duration=4 -c:v libx264 -preset veryfast -g 25");
  std::ifstream in(clip, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  cv::RNG rng(7);
  for (std::size_t i = bytes.size() / 3; i < bytes.size() / 3 + 20000 && i < bytes.size(); ++i) bytes[i] = static_cast<char>(rng.uniform(0, 256));
  const auto damaged = temp_path("damaged.ts");
  std::ofstream(damaged, std::ios::binary | std::ios::trunc) << bytes;
  const auto e = expect_error([&] { read_all(*media::open_source(damaged)); });
  EXPECT_EQ(e.kind(), ErrorKind::InputInvalid);
  EXPECT_NE(std::string(e.what()).find("corrupt"), std::string::npos) << e.what();
}

TEST(BadInput, UnreadableFile) {
  if (::geteuid() == 0) {
    // Root reads every file whatever its permissions; check the same error path with a path that
    // cannot exist (inside a regular file) instead.
    const auto e = expect_error([] { media::open_source(footage::kMegamind + "/inside"); });
    EXPECT_EQ(e.kind(), ErrorKind::InputMissing);
    return;
  }
  const auto path = temp_path("locked.mp4");
  std::ofstream(path, std::ios::trunc) << "x";
  fs::permissions(path, fs::perms::none);
  const auto e = expect_error([&] { media::open_source(path); });
  EXPECT_EQ(e.kind(), ErrorKind::InputMissing);
  EXPECT_NE(std::string(e.what()).find("permission"), std::string::npos);
}

// Frames whose pictures are all one grey level, the frame's index: written into the same buffers
// every frame, as the video source does.
class NumberedFrames : public media::Source {
 public:
  explicit NumberedFrames(int count) : count_(count) { info_.path = "numbered"; }
  const media::SourceInfo& info() const override { return info_; }
  bool read(Frame& out) override {
    if (next_ == count_) return false;
    out.index = next_;
    out.time_s = next_ / 25.0;
    out.bgr.create(36, 64, CV_8UC3);
    out.bgr.setTo(cv::Scalar::all(next_));
    out.gray.create(36, 64, CV_8UC1);
    out.gray.setTo(cv::Scalar::all(next_));
    ++next_;
    return true;
  }
  const media::DamageReport& damage() const override { return damage_; }
  double progress() const override { return static_cast<double>(next_) / count_; }

 private:
  int count_, next_ = 0;
  media::SourceInfo info_;
  media::DamageReport damage_;
};

// The source writes every frame into the same buffers; a lane on its own thread, some frames
// behind, still sees every frame's own pixels, in order, and a picture a measurement keeps a view
// of is never written over by a later frame.
TEST(FilmPass, EachLaneSeesEveryFramesOwnPixelsInOrder) {
  NumberedFrames source(200);
  std::vector<int> seen_by_reader, seen_by_lane;
  cv::Mat kept;
  const std::vector<std::vector<pipeline::FrameConsumer>> lanes = {
      {[&](const Frame& f) { seen_by_reader.push_back(f.bgr.at<cv::Vec3b>(5, 5)[0]); }},
      {[&](const Frame& f) {
         seen_by_lane.push_back(f.gray.at<std::uint8_t>(35, 63) == f.bgr.at<cv::Vec3b>(0, 0)[2] ? f.bgr.at<cv::Vec3b>(0, 0)[2] : -1);
         if (f.index == 3) kept = f.bgr;  // a view, not a copy
       }}};
  EXPECT_EQ(pipeline::run_film_pass(source, lanes, {}, true), 200);
  std::vector<int> expected(200);
  for (int i = 0; i < 200; ++i) expected[static_cast<std::size_t>(i)] = i;
  EXPECT_EQ(seen_by_reader, expected);
  EXPECT_EQ(seen_by_lane, expected);
  ASSERT_FALSE(kept.empty());
  EXPECT_EQ(cv::countNonZero(kept.reshape(1) != 3), 0);
}

}  // namespace
}  // namespace stereotype::test
