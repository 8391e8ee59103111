// The stereotype command: a thin layer over the library.
#include <csignal>
#include <iostream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "stereotype/cli/commands.hpp"
#include "stereotype/cli/exit_codes.hpp"

namespace stereotype::cli {
std::atomic<bool> g_interrupted{false};
}

namespace {

extern "C" void on_signal(int) { stereotype::cli::g_interrupted.store(true); }

}  // namespace

int main(int argc, char** argv) {
  using namespace stereotype::cli;
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);

  CLI::App app{"Stereotype: measures how strongly moving images fall back on a genre's stock visual templates."};
  app.set_version_flag("--version", "stereotype " STEREOTYPE_VERSION);
  app.require_subcommand(1);
  app.footer("Run 'stereotype COMMAND --help' for a command's flags. Docs: docs/ in the source tree.");
  const auto run_shots = add_shots_command(app);
  const auto run_analyze = add_analyze_command(app);
  const auto run_compare = add_compare_command(app);
  const auto run_corpus = add_corpus_command(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitUsage;
  }
  try {
    if (app.got_subcommand("shots")) return run_shots();
    if (app.got_subcommand("analyze")) return run_analyze();
    if (app.got_subcommand("compare")) return run_compare();
    if (app.got_subcommand("corpus")) return run_corpus();
  } catch (const std::exception& e) {
    std::cerr << "stereotype: internal error: " << e.what() << "\n";
    return kExitInternal;
  }
  return kExitUsage;
}
