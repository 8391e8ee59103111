#pragma once
// Output files appear whole or not at all: content goes to a temporary name in the same folder
// and is renamed into place on commit. An uncommitted file (error, Ctrl-C) is removed.
#include <filesystem>
#include <string>
#include <vector>

namespace stereotype::report {

class AtomicFile {
 public:
  explicit AtomicFile(std::filesystem::path target);
  AtomicFile(AtomicFile&& other) noexcept;
  AtomicFile& operator=(AtomicFile&&) = delete;
  AtomicFile(const AtomicFile&) = delete;
  ~AtomicFile();

  void write(const std::string& content);  // writes the temporary file; throws Error(Output)
  void commit();                            // renames it into place; throws Error(Output)
  const std::filesystem::path& target() const { return target_; }

 private:
  std::filesystem::path target_;
  std::filesystem::path temp_;
  bool written_ = false;
  bool committed_ = false;
};

// A film's outputs, written to their temporary names as each is made (so the contents need never be
// held at once: a long film's contact sheet pages alone run to tens of MB) and renamed into place
// together on commit; until then, and after any failure, none of them is visible.
class OutputSet {
 public:
  void write(std::filesystem::path target, const std::string& content);
  void commit();

 private:
  std::vector<AtomicFile> pending_;
};

// Writes every (path, content) pair to temporary files first and renames them only when all were
// written, so a failure leaves none of them behind.
void write_all_or_nothing(const std::vector<std::pair<std::filesystem::path, std::string>>& files);

}  // namespace stereotype::report
