#pragma once
// Each command is a small adapter over the library: what it was asked for, and how it runs. The
// flags that fill these options are all in command_line.cpp, the one place that knows the parser
// (CLI11 is heavy to compile; the commands do not need it).
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "stereotype/cli/film_batch.hpp"
#include "stereotype/cli/style_options.hpp"

namespace stereotype::cli {

// Set by the SIGINT/SIGTERM handler; long passes poll it and stop cleanly.
extern std::atomic<bool> g_interrupted;

struct ShotsOptions {
  FilmOptions film;
  std::vector<std::string> formats{"csv", "json"};  // csv, json, edl, otio or all
};

struct AnalyzeOptions {
  FilmOptions film;
  StyleOptions style;
  std::uint64_t seed = 1;  // of the film figures' bootstrap intervals
  std::size_t interval_run = 0;  // consecutive shots per resampled run; 0: chosen per figure
};

struct CompareOptions {
  FilmOptions film;
  StyleOptions style;
  std::string a, b, label_a, label_b, name;
  std::uint64_t seed = 1;
  int bootstrap = 1000;
  std::size_t interval_run = 0;
};

struct CorpusOptions {
  enum class Action { Add, List, Show, Remove };
  Action action = Action::List;
  FilmOptions film;
  std::string db;
  std::vector<std::string> keys;
  bool force = false;
};

// Each gives the command's exit code (exit_codes.hpp); errors are printed, one line per input.
int run_shots(const ShotsOptions& options);
int run_analyze(const AnalyzeOptions& options);
int run_compare(const CompareOptions& options);
int run_corpus(const CorpusOptions& options);

// Parses the command line and runs the command it names.
int run_command_line(int argc, char** argv);

}  // namespace stereotype::cli
