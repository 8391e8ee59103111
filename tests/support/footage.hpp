#pragma once
// Real footage shipped by Debian packages (installed by scripts/install-deps.sh), and helpers to
// run commands and to cache media generated with ffmpeg at test time.
#include <string>
#include <vector>

namespace stereotype::test {

namespace footage {
inline const std::string kOpencvData = "/usr/share/doc/opencv-doc/examples/data/";
inline const std::string kMegamind = kOpencvData + "Megamind.avi";  // animated trailer, 4 shots, 23.976 fps
inline const std::string kVtest = kOpencvData + "vtest.avi";        // static camera, pedestrians, 10 fps
inline const std::string kTree = kOpencvData + "tree.avi";          // continuous, 15 fps
inline const std::string kCockatoo = "/usr/lib/python3/dist-packages/imageio/resources/images/cockatoo.mp4";  // handheld, 720p
inline const std::string kBall = "/usr/share/pymecavideo/data/video/balle-jbart.mp4";  // bouncing ball, 25 fps
inline const std::string kFallingBall = "/usr/share/pymecavideo/data/video/balle1-vp9.avi";  // ball thrown up, falls, bounces on a table; 187 fps
inline const std::string kBlupi = "/usr/share/planetblupi/movie/win005.mkv";           // rendered cut-scene
}  // namespace footage

// Fails the current test (with the package to install) when a footage file is missing.
void require_file(const std::string& path);

// Folder for generated test media (created on demand).
std::string media_dir();

struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr, interleaved
};
CommandResult run_command(const std::string& command);

// Starts `argv` (no shell), sends it `signal` `delay_ms` after it has installed its handler for it,
// and returns its exit code (-1 if it did not exit normally): how the interruption tests press Ctrl-C.
int exit_code_after_signal(const std::vector<std::string>& argv, int delay_ms, int signal);

// Quotes a string for /bin/sh.
std::string shell_quote(const std::string& s);

// Holds an exclusive lock on `path` + ".lock" for its lifetime (flock: the system drops it when a
// process dies). CTest runs every test in a process of its own, two at a time: whoever makes a
// cached file holds its lock, and the others wait for it instead of making it again.
class CacheLock {
 public:
  explicit CacheLock(const std::string& path);
  ~CacheLock();
  CacheLock(const CacheLock&) = delete;
  CacheLock& operator=(const CacheLock&) = delete;

 private:
  int fd_ = -1;
};

// Runs an ffmpeg command line whose last argument is the output path, unless that file is already
// in the cache; writes to a temporary name and renames, so parallel tests never see half a file,
// under the file's CacheLock, so they never make it twice. `args` must not contain the output.
// Returns the cached file's path.
std::string cached_ffmpeg(const std::string& name, const std::string& args);

}  // namespace stereotype::test
