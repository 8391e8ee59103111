#include "stereotype/report/atomic_file.hpp"

#include <atomic>
#include <fstream>
#include <unistd.h>

#include <fmt/format.h>

#include "stereotype/error.hpp"

namespace stereotype::report {

namespace fs = std::filesystem;

AtomicFile::AtomicFile(fs::path target) : target_(std::move(target)) {
  static std::atomic<unsigned> counter{0};
  temp_ = target_;
  temp_ += fmt::format(".tmp-{}-{}", static_cast<long>(::getpid()), counter++);
}

AtomicFile::AtomicFile(AtomicFile&& other) noexcept
    : target_(std::move(other.target_)), temp_(std::move(other.temp_)), written_(other.written_), committed_(other.committed_) {
  other.written_ = false;
  other.committed_ = true;
}

AtomicFile::~AtomicFile() {
  if (written_ && !committed_) {
    std::error_code ec;
    fs::remove(temp_, ec);
  }
}

void AtomicFile::write(const std::string& content) {
  written_ = true;
  std::ofstream out(temp_, std::ios::binary | std::ios::trunc);
  if (!out) throw Error(ErrorKind::Output, target_.string(), "cannot create output file (folder missing or not writable?)");
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  out.flush();
  if (!out) throw Error(ErrorKind::Output, target_.string(), "cannot write output file (disk full?)");
}

void AtomicFile::commit() {
  std::error_code ec;
  fs::rename(temp_, target_, ec);
  if (ec) throw Error(ErrorKind::Output, target_.string(), "cannot move output file into place: " + ec.message());
  committed_ = true;
}

void OutputSet::write(fs::path target, const std::string& content) {
  pending_.emplace_back(std::move(target));
  pending_.back().write(content);
}

void OutputSet::commit() {
  for (auto& f : pending_) f.commit();
  pending_.clear();
}

void write_all_or_nothing(const std::vector<std::pair<fs::path, std::string>>& files) {
  OutputSet outputs;
  for (const auto& [path, content] : files) outputs.write(path, content);
  outputs.commit();
}

}  // namespace stereotype::report
