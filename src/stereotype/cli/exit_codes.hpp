#pragma once
// Exit codes of the stereotype command (documented in docs/cli.md).
#include "stereotype/error.hpp"

namespace stereotype::cli {

enum ExitCode : int {
  kExitOk = 0,           // every input was analysed and written
  kExitInternal = 1,     // a bug: an unexpected exception
  kExitUsage = 2,        // bad flags or arguments
  kExitInput = 3,        // at least one input could not be analysed (the others were)
  kExitOutput = 4,       // an output file could not be written
  kExitInterrupted = 130 // stopped by SIGINT/SIGTERM; nothing partial was left behind
};

inline int exit_code_for(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::Usage: return kExitUsage;
    case ErrorKind::InputMissing:
    case ErrorKind::InputInvalid:
    case ErrorKind::Unsupported: return kExitInput;
    case ErrorKind::Output: return kExitOutput;
    case ErrorKind::Interrupted: return kExitInterrupted;
  }
  return kExitInternal;
}

}  // namespace stereotype::cli
