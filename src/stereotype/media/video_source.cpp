// FFmpeg-backed Source: demux, decode with the decoder's own threads, shrink once (swscale's
// area filter, or an exact halving) into Y'CbCr planes at analysis size, and convert those to BGR.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/display.h>
#include <libavutil/imgutils.h>
#include <libavutil/pixdesc.h>
#include <libswscale/swscale.h>
}

#include <fmt/format.h>
#include <opencv2/imgproc.hpp>

#include "stereotype/error.hpp"
#include "stereotype/media/source.hpp"
#include "stereotype/media/yuv.hpp"

namespace stereotype::media {
namespace {

std::string av_error_text(int code) {
  char buf[AV_ERROR_MAX_STRING_SIZE] = {};
  av_strerror(code, buf, sizeof buf);
  return buf;
}

// FFmpeg's own log would interleave many lines per damaged packet with our one-line errors.
void silence_ffmpeg_log() {
  static std::once_flag once;
  std::call_once(once, [] { av_log_set_level(AV_LOG_QUIET); });
}

bool is_still_image_demuxer(const AVInputFormat* f) {
  const std::string_view name = f->name;
  return name == "image2" || (name.size() > 5 && name.substr(name.size() - 5) == "_pipe");
}

// Clockwise degrees (0/90/180/270) that turn the coded picture upright, from the display matrix.
int upright_rotation(const AVStream* st) {
  std::size_t size = 0;
  const auto* matrix = av_stream_get_side_data(st, AV_PKT_DATA_DISPLAYMATRIX, &size);
  if (!matrix || size < 9 * sizeof(std::int32_t)) return 0;
  const double ccw = av_display_rotation_get(reinterpret_cast<const std::int32_t*>(matrix));
  if (std::isnan(ccw)) return 0;
  int cw = static_cast<int>(std::lround(-ccw / 90.0)) * 90;
  cw %= 360;
  if (cw < 0) cw += 360;
  return cw;
}

// Damaged streams leave values outside the enums in these fields; loading such a value as the enum
// type is undefined behaviour (fuzzing found colorspace 65), so they are read as plain integers.
template <typename Enum>
int enum_value(const Enum& field) {
  static_assert(sizeof(Enum) == sizeof(int));
  int value;
  std::memcpy(&value, &field, sizeof value);
  return value;
}

// The stream's colour matrix, or the usual guess when it does not say: BT.709 for HD, BT.601 for SD.
YuvMatrix stream_matrix(const AVFrame* f) {
  switch (enum_value(f->colorspace)) {
    case AVCOL_SPC_BT709: return bt709();
    case AVCOL_SPC_BT470BG:
    case AVCOL_SPC_SMPTE170M: return bt601();
    case AVCOL_SPC_FCC: return fcc();
    case AVCOL_SPC_SMPTE240M: return smpte240m();
    case AVCOL_SPC_BT2020_NCL:
    case AVCOL_SPC_BT2020_CL: return bt2020();
    default: break;
  }
  return (f->height >= 720 || f->width >= 1280) ? bt709() : bt601();
}

bool full_range(const AVFrame* f) {
  if (enum_value(f->color_range) == AVCOL_RANGE_JPEG) return true;
  switch (f->format) {
    case AV_PIX_FMT_YUVJ420P:
    case AV_PIX_FMT_YUVJ422P:
    case AV_PIX_FMT_YUVJ444P:
    case AV_PIX_FMT_YUVJ440P:
    case AV_PIX_FMT_YUVJ411P: return true;
    default: return false;
  }
}

// Demuxing and decoding run on their own thread (with the decoder's own frame threads beneath),
// handing decoded pictures through a short queue; shrinking and colour conversion run on the
// reader's thread. So the decoder is fed new packets while the previous picture is being
// shrunk, instead of waiting for it.
class VideoSource final : public Source {
 public:
  VideoSource(const std::string& path, const SourceOptions& options, std::shared_ptr<const std::string> bytes = nullptr)
      : options_(options), memory_{std::move(bytes), 0} {
    info_.path = path;
    silence_ffmpeg_log();
    open_container();
    open_decoder();
    packet_ = av_packet_alloc();
    decoded_ = av_frame_alloc();
    if (!packet_ || !decoded_) fail(ErrorKind::InputInvalid, "out of memory");
    decoder_thread_ = std::thread([this] { decode_loop(); });
  }

  ~VideoSource() override {
    {
      std::lock_guard lock(mutex_);
      stop_ = true;
    }
    space_.notify_all();
    if (decoder_thread_.joinable()) decoder_thread_.join();
    for (auto& item : queue_) av_frame_free(&item.frame);
  }

  VideoSource(const VideoSource&) = delete;
  VideoSource& operator=(const VideoSource&) = delete;

  const SourceInfo& info() const override { return info_; }
  const DamageReport& damage() const override { return damage_; }

  double progress() const override {
    if (info_.declared_duration_s > 0) return std::clamp(read_time_s_ / info_.declared_duration_s, 0.0, 1.0);
    return -1.0;
  }

  bool read(Frame& out) override {
    Decoded item;
    {
      std::unique_lock lock(mutex_);
      ready_.wait(lock, [&] { return !queue_.empty() || done_; });
      if (queue_.empty()) {
        if (error_) std::rethrow_exception(error_);
        return false;
      }
      item = queue_.front();
      queue_.pop_front();
    }
    space_.notify_one();
    // Shared, not freed here: the frame's decoded planes may keep the picture for longer.
    const std::shared_ptr<const AVFrame> picture(item.frame, [](AVFrame* f) { av_frame_free(&f); });
    convert(picture, out);
    out.time_s = item.time_s;
    out.index = item.index;
    read_time_s_ = item.time_s;
    return true;
  }

 private:
  struct Decoded {
    AVFrame* frame = nullptr;
    double time_s = 0.0;
    std::int64_t index = 0;
  };

  [[noreturn]] void fail(ErrorKind kind, const std::string& problem) const { throw Error(kind, info_.path, problem); }

  // Bytes held in memory, read through FFmpeg's custom I/O (fuzzing, data that is not a file).
  struct Memory {
    std::shared_ptr<const std::string> bytes;
    std::int64_t position;
  };

  static int memory_read(void* opaque, std::uint8_t* buffer, int size) {
    auto* m = static_cast<Memory*>(opaque);
    const auto left = static_cast<std::int64_t>(m->bytes->size()) - m->position;
    if (left <= 0) return AVERROR_EOF;
    const auto n = static_cast<int>(std::min<std::int64_t>(left, size));
    std::memcpy(buffer, m->bytes->data() + m->position, static_cast<std::size_t>(n));
    m->position += n;
    return n;
  }

  static std::int64_t memory_seek(void* opaque, std::int64_t offset, int whence) {
    auto* m = static_cast<Memory*>(opaque);
    const auto size = static_cast<std::int64_t>(m->bytes->size());
    switch (whence & ~AVSEEK_FORCE) {
      case AVSEEK_SIZE: return size;
      case SEEK_SET: break;
      case SEEK_CUR: offset += m->position; break;
      case SEEK_END: offset += size; break;
      default: return -1;
    }
    if (offset < 0 || offset > size) return -1;
    m->position = offset;
    return offset;
  }

  void open_container() {
    if (memory_.bytes) {
      constexpr int kBufferSize = 32768;
      auto* buffer = static_cast<std::uint8_t*>(av_malloc(kBufferSize));
      av_.io = buffer ? avio_alloc_context(buffer, kBufferSize, 0, &memory_, memory_read, nullptr, memory_seek) : nullptr;
      if (!av_.io) {
        av_free(buffer);
        fail(ErrorKind::InputInvalid, "out of memory");
      }
      format_ = avformat_alloc_context();
      if (!format_) fail(ErrorKind::InputInvalid, "out of memory");
      format_->pb = av_.io;
      format_->flags |= AVFMT_FLAG_CUSTOM_IO;
    }
    int r = avformat_open_input(&format_, info_.path.c_str(), nullptr, nullptr);
    if (r < 0) {
      format_ = nullptr;  // freed by FFmpeg on failure
      if (r == AVERROR_INVALIDDATA) fail(ErrorKind::InputInvalid, "not a recognised video file (unknown or damaged format)");
      fail(ErrorKind::InputInvalid, "cannot be opened as media: " + av_error_text(r));
    }
    if (is_still_image_demuxer(format_->iformat)) {
      fail(ErrorKind::InputInvalid, "is a still image, not a video (pass a folder or a quoted glob of images for a sequence)");
    }
    r = avformat_find_stream_info(format_, nullptr);
    if (r < 0) fail(ErrorKind::InputInvalid, "cannot read stream information: " + av_error_text(r));

    bool has_audio = false;
    for (unsigned i = 0; i < format_->nb_streams; ++i) {
      const AVStream* st = format_->streams[i];
      if (st->codecpar->codec_type == AVMEDIA_TYPE_AUDIO) has_audio = true;
      if (st->codecpar->codec_type == AVMEDIA_TYPE_VIDEO && !(st->disposition & AV_DISPOSITION_ATTACHED_PIC) &&
          stream_index_ < 0) {
        stream_index_ = static_cast<int>(i);
      }
    }
    if (stream_index_ < 0) {
      fail(ErrorKind::InputInvalid, has_audio ? "has no video stream (audio only)" : "has no video stream");
    }
    for (unsigned i = 0; i < format_->nb_streams; ++i) {
      if (static_cast<int>(i) != stream_index_) format_->streams[i]->discard = AVDISCARD_ALL;
    }
    info_.container = format_->iformat->name;
  }

  void open_decoder() {
    AVStream* st = format_->streams[stream_index_];
    const AVCodecParameters* par = st->codecpar;
    const AVCodec* codec = avcodec_find_decoder(par->codec_id);
    if (!codec) {
      const char* name = avcodec_get_name(par->codec_id);
      fail(ErrorKind::Unsupported, fmt::format("unsupported video codec '{}' (no decoder in this FFmpeg build)", name ? name : "unknown"));
    }
    info_.codec = codec->name;
    decoder_ = avcodec_alloc_context3(codec);
    if (!decoder_ || avcodec_parameters_to_context(decoder_, par) < 0) fail(ErrorKind::InputInvalid, "cannot set up the video decoder");
    decoder_->thread_count = options_.decoder_threads;
    decoder_->thread_type = FF_THREAD_FRAME | FF_THREAD_SLICE;
    decoder_->pkt_timebase = st->time_base;
    if (options_.skip_deblocking) decoder_->skip_loop_filter = AVDISCARD_ALL;
    if (const int r = avcodec_open2(decoder_, codec, nullptr); r < 0) {
      fail(ErrorKind::Unsupported, fmt::format("cannot open the '{}' decoder: {}", codec->name, av_error_text(r)));
    }
    if (par->width <= 0 || par->height <= 0) fail(ErrorKind::InputInvalid, "video stream has no frame size");

    time_base_ = st->time_base;
    AVRational rate = st->avg_frame_rate.num > 0 ? st->avg_frame_rate : st->r_frame_rate;
    if (rate.num <= 0 || rate.den <= 0) rate = AVRational{25, 1};
    // Fewer than one frame in 100 s or more than 2000 a second is a damaged header, not a film
    // (fuzzing found an AVI claiming one frame every 28.5 million seconds). Allowed damage gets
    // a nominal 25 fps and frame times from frame counts.
    if (av_q2d(rate) < 0.01 || av_q2d(rate) > 2000.0) {
      if (!options_.allow_damage) {
        fail(ErrorKind::InputInvalid, fmt::format("implausible frame rate {}/{} (damaged header?; use --allow-damage to read it at 25 fps)",
                                                  rate.num, rate.den));
      }
      rate = AVRational{25, 1};
      nominal_time_ = true;
    }
    info_.frame_rate = Rational{rate.num, rate.den}.reduced();
    if (st->duration != AV_NOPTS_VALUE && st->duration > 0) {
      info_.declared_duration_s = static_cast<double>(st->duration) * av_q2d(st->time_base);
      video_duration_known_ = true;
    } else if (format_->duration != AV_NOPTS_VALUE && format_->duration > 0) {
      info_.declared_duration_s = static_cast<double>(format_->duration) / AV_TIME_BASE;
    }
    info_.declared_frames = st->nb_frames > 0 ? st->nb_frames : 0;
    if (nominal_time_) {  // the declared duration came from the same damaged header
      info_.declared_duration_s = frame_to_seconds(info_.declared_frames, info_.frame_rate);
      video_duration_known_ = false;
    }

    const AVRational sar = av_guess_sample_aspect_ratio(format_, st, nullptr);
    int display_w = par->width;
    if (sar.num > 0 && sar.den > 0 && sar.num != sar.den) {
      display_w = std::max(1, static_cast<int>(std::lround(par->width * av_q2d(sar))));
    }
    info_.rotation_deg = upright_rotation(st);
    const bool quarter_turn = info_.rotation_deg == 90 || info_.rotation_deg == 270;
    info_.width = quarter_turn ? par->height : display_w;
    info_.height = quarter_turn ? display_w : par->height;
    const auto a = analysis_size(info_.width, info_.height, options_.analysis_short_side, options_.max_aspect);
    info_.analysis_width = a.width;
    info_.analysis_height = a.height;
    if (const AVPixFmtDescriptor* d = av_pix_fmt_desc_get(static_cast<AVPixelFormat>(par->format))) {
      info_.bit_depth = d->comp[0].depth;
    }
  }

  // --- decoder thread -------------------------------------------------------------------------

  void decode_loop() {
    try {
      while (next_decoded()) {
        Decoded item{av_frame_clone(decoded_), frame_time(decoded_), frames_out_++};
        av_frame_unref(decoded_);
        if (!item.frame) fail(ErrorKind::InputInvalid, "out of memory");
        last_time_s_ = item.time_s;
        std::unique_lock lock(mutex_);
        space_.wait(lock, [&] { return queue_.size() < kQueueLength || stop_; });
        if (stop_) {
          av_frame_free(&item.frame);
          return;
        }
        queue_.push_back(item);
        ready_.notify_one();
      }
      finish();
    } catch (...) {
      std::lock_guard lock(mutex_);
      error_ = std::current_exception();
    }
    std::lock_guard lock(mutex_);
    done_ = true;
    ready_.notify_all();
  }

  // Decodes the next picture into decoded_; false at the end of the stream.
  bool next_decoded() {
    while (true) {
      {
        std::lock_guard lock(mutex_);
        if (stop_) return false;
      }
      const int r = avcodec_receive_frame(decoder_, decoded_);
      if (r == 0) {
        if (decoded_->width <= 0 || decoded_->height <= 0 || !decoded_->data[0]) {
          av_frame_unref(decoded_);
          continue;
        }
        if ((decoded_->flags & AV_FRAME_FLAG_CORRUPT) || decoded_->decode_error_flags) {
          note_damage(damage_.corrupt_frames, "damaged picture");
        }
        return true;
      }
      if (r == AVERROR_EOF) return false;
      if (r != AVERROR(EAGAIN)) {
        note_damage(damage_.undecodable_packets, "undecodable video data");
        if (draining_) return false;  // a decoder that keeps failing while flushing must not spin forever
        continue;
      }
      if (draining_) return false;  // EAGAIN while draining cannot make progress
      feed_decoder();
    }
  }

  // Push the next packet of our stream into the decoder, or start draining at the end.
  void feed_decoder() {
    while (true) {
      const int r = av_read_frame(format_, packet_);
      if (r == AVERROR_EOF || (r < 0 && ++consecutive_read_errors_ > kMaxReadErrors)) {
        if (r != AVERROR_EOF) damage_.truncated = true;
        avcodec_send_packet(decoder_, nullptr);
        draining_ = true;
        return;
      }
      if (r < 0) continue;
      consecutive_read_errors_ = 0;
      if (packet_->stream_index != stream_index_) {
        av_packet_unref(packet_);
        continue;
      }
      // The demuxer marks packets it had to resynchronise around (damaged bytes in a TS, say).
      const bool corrupt = packet_->flags & AV_PKT_FLAG_CORRUPT;
      const int s = avcodec_send_packet(decoder_, packet_);
      av_packet_unref(packet_);
      if (corrupt) note_damage(damage_.undecodable_packets, "damaged video data");
      if (s < 0 && s != AVERROR(EAGAIN)) note_damage(damage_.undecodable_packets, "undecodable video data");
      return;
    }
  }

  // Errors before the first picture are tolerated: streams cut from a broadcast or an editor often
  // start with frames whose references are missing. After that, damage is an error unless allowed.
  void note_damage(int& counter, const char* what) {
    ++counter;
    if (frames_out_ == 0) return;
    if (damage_.first_damage_s < 0) damage_.first_damage_s = last_time_s_;
    if (!options_.allow_damage) {
      fail(ErrorKind::InputInvalid,
           fmt::format("corrupt stream: {} near {:.2f} s (use --allow-damage to analyse the readable part)", what, last_time_s_));
    }
  }

  double frame_time(const AVFrame* f) {
    if (nominal_time_) return static_cast<double>(frames_out_) / info_.frame_rate.value();
    std::int64_t ts = f->best_effort_timestamp;
    if (ts == AV_NOPTS_VALUE) ts = f->pts;
    if (ts == AV_NOPTS_VALUE) return frames_out_ == 0 ? 0.0 : last_time_s_ + 1.0 / info_.frame_rate.value();
    if (first_ts_ == AV_NOPTS_VALUE) first_ts_ = ts;
    double t = static_cast<double>(ts - first_ts_) * av_q2d(time_base_);
    // Presentation order must be monotonic for shot boundaries; a stream with broken timestamps
    // falls back to nominal spacing rather than running backwards.
    if (frames_out_ > 0 && t <= last_time_s_) t = last_time_s_ + 1.0 / info_.frame_rate.value();
    return t;
  }

  void finish() {
    if (frames_out_ == 0) fail(ErrorKind::InputInvalid, "contains no decodable video frames");
    // A stream that stops well before the duration its container declares was cut short (a
    // half-copied download); only the video stream's own duration is trusted tightly, because a
    // container's duration also covers audio.
    const double frame_s = 1.0 / info_.frame_rate.value();
    const double decoded_end = last_time_s_ + frame_s;
    const double tolerance = video_duration_known_ ? std::max(2.0 * frame_s, 0.02 * info_.declared_duration_s)
                                                   : std::max(1.0, 0.05 * info_.declared_duration_s);
    if (info_.declared_duration_s > 0 && decoded_end + tolerance < info_.declared_duration_s) damage_.truncated = true;
    if (damage_.truncated && !options_.allow_damage) {
      fail(ErrorKind::InputInvalid,
           fmt::format("truncated: video stops at {:.2f} s of {:.2f} s declared (use --allow-damage to analyse the readable part)",
                       decoded_end, info_.declared_duration_s));
    }
  }

  // --- reader thread --------------------------------------------------------------------------

  void convert(const std::shared_ptr<const AVFrame>& decoded, Frame& out) {
    const AVFrame* picture = decoded.get();
    const bool quarter_turn = info_.rotation_deg == 90 || info_.rotation_deg == 270;
    const int out_w = quarter_turn ? info_.analysis_height : info_.analysis_width;
    const int out_h = quarter_turn ? info_.analysis_width : info_.analysis_height;
    const auto src_format = static_cast<AVPixelFormat>(picture->format);
    // Area averaging: every source pixel counts, so fine texture is not aliased away (nor into
    // moire) however far the picture is shrunk. Y'CbCr is shrunk as 4:2:0 planes, keeping its
    // range, and converted with the stream's matrix afterwards; RGB, grey and palette pictures go
    // straight to BGR.
    const AVPixFmtDescriptor* desc = av_pix_fmt_desc_get(src_format);
    const bool yuv = desc && !(desc->flags & (AV_PIX_FMT_FLAG_RGB | AV_PIX_FMT_FLAG_PAL)) && desc->nb_components >= 3;
    if (yuv) {
      const YuvMatrix matrix = stream_matrix(picture);
      const bool full = full_range(picture);
      if (matrix.name != info_.color_matrix || info_.color_range != (full ? "full" : "limited")) {
        info_.color_matrix = matrix.name;
        info_.color_range = full ? "full" : "limited";
        to_bgr_ = yuv_to_bgr(matrix, full);
      }
    }
    out.decoded = DecodedPlanes{};
    if (yuv && planar_8bit(picture)) {
      const auto plane = [&](int k, int w, int h) { return cv::Mat(h, w, CV_8UC1, picture->data[k], static_cast<std::size_t>(picture->linesize[k])); };
      const int cw = AV_CEIL_RSHIFT(picture->width, desc->log2_chroma_w), ch = AV_CEIL_RSHIFT(picture->height, desc->log2_chroma_h);
      out.decoded = DecodedPlanes{plane(0, picture->width, picture->height), plane(1, cw, ch), plane(2, cw, ch), to_bgr_, info_.rotation_deg, decoded};
      if (options_.planes_only) {
        out.ycbcr = YCbCrPlanes{};
        out.bgr.release();
        out.gray.release();
        return;
      }
    }
    const bool halve = halves_exactly(picture, out_w, out_h);
    if (!halve) {
      sws_ = sws_getCachedContext(sws_, picture->width, picture->height, src_format, out_w, out_h,
                                  yuv ? AV_PIX_FMT_YUV420P : AV_PIX_FMT_BGR24, SWS_AREA, nullptr, nullptr, nullptr);
      if (!sws_) {
        const char* name = av_get_pix_fmt_name(src_format);
        throw Error(ErrorKind::Unsupported, info_.path, fmt::format("cannot convert pixel format '{}'", name ? name : "?"));
      }
    }
    if (yuv) {
      if (!halve) {  // shrink only: the range stays as it is, the matrix is applied afterwards
        const int range = full_range(picture) ? 1 : 0;
        const int* coefficients = sws_getCoefficients(SWS_CS_DEFAULT);
        sws_setColorspaceDetails(sws_, coefficients, range, coefficients, range, 0, 1 << 16, 1 << 16);
      }
      // The frame keeps the planes upright; a turned picture is shrunk into planes_ first.
      YCbCrPlanes& upright = out.ycbcr;
      upright.to_bgr = to_bgr_;
      const bool turned = info_.rotation_deg != 0;
      cv::Mat& y = turned ? planes_[0] : upright.y;
      cv::Mat& cb = turned ? planes_[1] : upright.cb;
      cv::Mat& cr = turned ? planes_[2] : upright.cr;
      y.create(out_h, out_w, CV_8UC1);
      cb.create((out_h + 1) / 2, (out_w + 1) / 2, CV_8UC1);
      cr.create((out_h + 1) / 2, (out_w + 1) / 2, CV_8UC1);
      if (halve) {
        // Every output pixel is the mean of a 2x2 block, rounded half up: what swscale's area
        // filter computes for an exact halving (its weights are then powers of two), bit for bit
        // (tested), in a sixth of its time.
        const auto plane = [&](int k, int w, int h) { return cv::Mat(h, w, CV_8UC1, picture->data[k], static_cast<std::size_t>(picture->linesize[k])); };
        cv::resize(plane(0, 2 * out_w, 2 * out_h), y, y.size(), 0, 0, cv::INTER_AREA);
        cv::resize(plane(1, out_w, out_h), cb, cb.size(), 0, 0, cv::INTER_AREA);
        cv::resize(plane(2, out_w, out_h), cr, cr.size(), 0, 0, cv::INTER_AREA);
      } else {
        std::uint8_t* dst[4] = {y.data, cb.data, cr.data, nullptr};
        int dst_stride[4] = {static_cast<int>(y.step[0]), static_cast<int>(cb.step[0]), static_cast<int>(cr.step[0]), 0};
        sws_scale(sws_, picture->data, picture->linesize, 0, picture->height, dst, dst_stride);
      }
      if (turned) {
        rotate(y, upright.y);
        rotate(cb, upright.cb);
        rotate(cr, upright.cr);
      }
      if (options_.planes_only) {
        out.bgr.release();
        out.gray.release();
        return;
      }
      // The picture is converted in the stream's orientation and then turned, as it always was.
      yuv_planes_to_bgr(y, cb, cr, to_bgr_, turned ? scaled_ : out.bgr);
    } else {
      info_.color_matrix = "rgb";
      info_.color_range = "full";
      out.ycbcr = YCbCrPlanes{};
      cv::Mat& target = info_.rotation_deg ? scaled_ : out.bgr;
      target.create(out_h, out_w, CV_8UC3);
      std::uint8_t* dst[4] = {target.data, nullptr, nullptr, nullptr};
      int dst_stride[4] = {static_cast<int>(target.step[0]), 0, 0, 0};
      sws_scale(sws_, picture->data, picture->linesize, 0, picture->height, dst, dst_stride);
    }
    if (info_.rotation_deg) rotate(scaled_, out.bgr);
    cv::cvtColor(out.bgr, out.gray, cv::COLOR_BGR2GRAY);
  }

  // Three 8-bit planes (any chroma subsampling) stored top-down: what DecodedPlanes can view.
  static bool planar_8bit(const AVFrame* picture) {
    const AVPixFmtDescriptor* d = av_pix_fmt_desc_get(static_cast<AVPixelFormat>(picture->format));
    if (!d || !(d->flags & AV_PIX_FMT_FLAG_PLANAR) || (d->flags & (AV_PIX_FMT_FLAG_HWACCEL | AV_PIX_FMT_FLAG_BITSTREAM))) return false;
    if (d->nb_components < 3 || d->log2_chroma_w > 2 || d->log2_chroma_h > 2) return false;
    for (int k = 0; k < 3; ++k) {
      const AVComponentDescriptor& c = d->comp[k];
      if (c.plane != k || c.depth != 8 || c.step != 1 || c.shift != 0 || c.offset != 0) return false;
      if (!picture->data[k] || picture->linesize[k] <= 0) return false;
    }
    return true;
  }

  // An 8-bit 4:2:0 picture exactly twice the analysis size each way (720p, say), whose chroma
  // planes then halve exactly too.
  static bool halves_exactly(const AVFrame* picture, int out_w, int out_h) {
    const auto format = static_cast<AVPixelFormat>(picture->format);
    return (format == AV_PIX_FMT_YUV420P || format == AV_PIX_FMT_YUVJ420P) && picture->width == 2 * out_w &&
           picture->height == 2 * out_h && out_w % 2 == 0 && out_h % 2 == 0 && picture->linesize[0] > 0 && picture->linesize[1] > 0 &&
           picture->linesize[2] > 0;
  }

  // Turns a picture upright (clockwise by the stream's rotation).
  void rotate(const cv::Mat& coded, cv::Mat& upright) const {
    switch (info_.rotation_deg) {
      case 90: cv::rotate(coded, upright, cv::ROTATE_90_CLOCKWISE); break;
      case 180: cv::rotate(coded, upright, cv::ROTATE_180); break;
      case 270: cv::rotate(coded, upright, cv::ROTATE_90_COUNTERCLOCKWISE); break;
      default: coded.copyTo(upright); break;
    }
  }

  static constexpr int kMaxReadErrors = 64;
  static constexpr std::size_t kQueueLength = 4;  // decoded pictures waiting: ~12 MB at 1080p

  // Owns the FFmpeg objects; a member (not the destructor body) so that they are freed even when
  // the constructor throws half-way.
  struct Handles {
    AVFormatContext* format = nullptr;
    AVCodecContext* decoder = nullptr;
    SwsContext* sws = nullptr;
    AVPacket* packet = nullptr;
    AVFrame* decoded = nullptr;
    AVIOContext* io = nullptr;  // custom I/O for bytes in memory (the format does not own it)
    Handles() = default;
    Handles(const Handles&) = delete;
    Handles& operator=(const Handles&) = delete;
    ~Handles() {
      sws_freeContext(sws);
      av_frame_free(&decoded);
      av_packet_free(&packet);
      avcodec_free_context(&decoder);
      avformat_close_input(&format);
      if (io) {
        av_freep(&io->buffer);
        avio_context_free(&io);
      }
    }
  };

  SourceOptions options_;
  Memory memory_;
  SourceInfo info_;
  DamageReport damage_;  // written by the decoder thread; read once it is done
  Handles av_;
  AVFormatContext*& format_ = av_.format;
  AVCodecContext*& decoder_ = av_.decoder;
  SwsContext*& sws_ = av_.sws;
  AVPacket*& packet_ = av_.packet;
  AVFrame*& decoded_ = av_.decoded;
  int stream_index_ = -1;
  AVRational time_base_{1, 1};
  bool video_duration_known_ = false;
  bool nominal_time_ = false;  // the stream's timestamps are not to be trusted (damaged header)

  // Decoder thread state.
  bool draining_ = false;
  int consecutive_read_errors_ = 0;
  std::int64_t first_ts_ = AV_NOPTS_VALUE;
  std::int64_t frames_out_ = 0;
  double last_time_s_ = 0.0;

  // Hand-over between the threads.
  std::mutex mutex_;
  std::condition_variable ready_, space_;
  std::deque<Decoded> queue_;
  bool done_ = false, stop_ = false;
  std::exception_ptr error_;
  std::thread decoder_thread_;

  // Reader thread state.
  double read_time_s_ = 0.0;
  cv::Mat scaled_;
  cv::Mat planes_[3];  // a turned picture's planes before they are turned upright
  cv::Matx34f to_bgr_;
};

}  // namespace

std::unique_ptr<Source> open_video(const std::string& path, const SourceOptions& options) {
  return std::make_unique<VideoSource>(path, options);
}

std::unique_ptr<Source> open_memory(const std::string& name, std::shared_ptr<const std::string> bytes, const SourceOptions& options) {
  if (!bytes || bytes->empty()) throw Error(ErrorKind::InputInvalid, name, "empty input (0 bytes)");
  return std::make_unique<VideoSource>(name, options, std::move(bytes));
}

}  // namespace stereotype::media
