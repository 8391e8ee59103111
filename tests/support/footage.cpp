#include "support/footage.hpp"

#include <array>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <thread>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>
#include <gtest/gtest.h>

namespace stereotype::test {

namespace fs = std::filesystem;

void require_file(const std::string& path) {
  ASSERT_TRUE(fs::exists(path)) << path << " is missing: run scripts/install-deps.sh (Debian packages opencv-doc, "
                                        "python3-imageio, python3-mecavideo, planetblupi-common)";
}

std::string media_dir() {
  const std::string dir = STEREOTYPE_TEST_MEDIA_DIR;
  fs::create_directories(dir);
  return dir;
}

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

int exit_code_after_signal(const std::vector<std::string>& argv, int delay_ms, int signal) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const pid_t pid = ::fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  // The delay counts from when the program catches the signal (its handler shows in the SigCgt
  // mask of /proc): under a sanitizer on a loaded machine start-up alone can take longer than the
  // delay, and a signal before the handler is a kill, not the interruption under test.
  const auto catches = [&] {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    for (std::string line; std::getline(status, line);)
      if (line.rfind("SigCgt:", 0) == 0) return (std::stoull(line.substr(7), nullptr, 16) >> (signal - 1)) & 1ULL;
    return 0ULL;
  };
  int status = 0;
  for (int waited = 0; !catches() && waited < 30000; waited += 5) {
    if (::waitpid(pid, &status, WNOHANG) == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : -1;  // ended on its own
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
  ::kill(pid, signal);
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

CommandResult run_command(const std::string& command) {
  CommandResult result;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (!pipe) return result;
  std::array<char, 4096> buf{};
  while (std::fgets(buf.data(), buf.size(), pipe)) result.output += buf.data();
  const int status = ::pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

CacheLock::CacheLock(const std::string& path) : fd_(::open((path + ".lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644)) {
  if (fd_ < 0) {
    ADD_FAILURE() << "cannot open the lock " << path << ".lock";
    return;
  }
  while (::flock(fd_, LOCK_EX) != 0 && errno == EINTR) {
  }
}

CacheLock::~CacheLock() {
  if (fd_ >= 0) ::close(fd_);
}

std::string cached_ffmpeg(const std::string& name, const std::string& args) {
  const auto key = std::hash<std::string>{}(args);
  const fs::path out = fs::path(media_dir()) / fmt::format("{}-{:016x}{}", fs::path(name).stem().string(), key,
                                                          fs::path(name).extension().string());
  if (fs::exists(out)) return out.string();
  const CacheLock lock(out.string());
  if (fs::exists(out)) return out.string();  // made by another test while this one waited
  const auto temp = out.string() + fmt::format(".tmp-{}{}", ::getpid(), fs::path(name).extension().string());
  const auto r = run_command("ffmpeg -nostdin -hide_banner -v error -y " + args + " " + shell_quote(temp));
  if (r.exit_code != 0) {
    ADD_FAILURE() << "ffmpeg failed making " << name << ":\n" << r.output;
    std::error_code ec;
    fs::remove(temp, ec);
    return out.string();
  }
  fs::rename(temp, out);
  return out.string();
}

}  // namespace stereotype::test
