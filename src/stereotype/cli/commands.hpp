#pragma once
// Each command is a small adapter over the library: it registers its flags and runs.
#include <atomic>
#include <functional>

#include <CLI/CLI.hpp>

namespace stereotype::cli {

// Set by the SIGINT/SIGTERM handler; long passes poll it and stop cleanly.
extern std::atomic<bool> g_interrupted;

// Registers `shots` on the app; the returned function runs it (after parsing) and gives the exit code.
std::function<int()> add_shots_command(CLI::App& app);
std::function<int()> add_analyze_command(CLI::App& app);
std::function<int()> add_compare_command(CLI::App& app);
std::function<int()> add_corpus_command(CLI::App& app);

}  // namespace stereotype::cli
