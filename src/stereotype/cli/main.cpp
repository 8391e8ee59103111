// The stereotype command: a thin layer over the library.
#include <csignal>

#include "stereotype/cli/commands.hpp"

namespace stereotype::cli {
std::atomic<bool> g_interrupted{false};
}

namespace {

extern "C" void on_signal(int) { stereotype::cli::g_interrupted.store(true); }

}  // namespace

int main(int argc, char** argv) {
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  return stereotype::cli::run_command_line(argc, argv);
}
