#pragma once
// One error type for the whole library: it names the file and the problem in one line, and its
// kind decides the CLI's exit code. Errors are raised where they are found and caught only where a
// decision is made (the CLI, per input file), so one bad file never stops a batch.
#include <stdexcept>
#include <string>

namespace stereotype {

enum class ErrorKind {
  Usage,        // bad flags or arguments
  InputMissing, // file or folder does not exist / cannot be read
  InputInvalid, // exists but is not a usable video (corrupt, truncated, audio only, no frames, ...)
  Unsupported,  // a valid file whose codec or format this build cannot decode
  Output,       // the output could not be written
  Interrupted,  // the user asked us to stop
};

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, std::string subject, const std::string& problem)
      : std::runtime_error(subject.empty() ? problem : subject + ": " + problem),
        kind_(kind), subject_(std::move(subject)) {}
  ErrorKind kind() const noexcept { return kind_; }
  const std::string& subject() const noexcept { return subject_; }

 private:
  ErrorKind kind_;
  std::string subject_;
};

}  // namespace stereotype
