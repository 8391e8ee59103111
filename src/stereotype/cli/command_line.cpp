// The command line's grammar: every command, flag, default and help text, in the one translation
// unit that includes the parser.
#include <iostream>
#include <string>
#include <utility>

#include <CLI/CLI.hpp>

#include "stereotype/cli/commands.hpp"
#include "stereotype/cli/exit_codes.hpp"
#include "stereotype/shots/segmenter.hpp"

namespace stereotype::cli {

namespace {

// `with_inputs`: whether the command takes the positional list of inputs (compare has its own).
void add_film_options(CLI::App& cmd, FilmOptions& opt, bool with_inputs = true) {
  if (with_inputs) {
    cmd.add_option("inputs", opt.inputs,
                   "Video files, folders of still images, or quoted globs ('clips/*.mp4', 'frames/*.png' = one image sequence)")
        ->required();
  }
  cmd.add_option("-o,--output", opt.output_dir, "Folder for the output files (created if missing)")->capture_default_str();
  cmd.add_option("--analysis-size", opt.analysis_size, "Short side in pixels of the frames analysed (frames are shrunk once at decode)")
      ->check(CLI::Range(32, 2160))
      ->capture_default_str();
  cmd.add_option("--threads", opt.threads, "Decoder threads (0 = all cores)")->check(CLI::Range(0, 256))->capture_default_str();
  cmd.add_option("--image-fps", opt.image_fps, "Frame rate given to image sequences")->check(CLI::Range(0.1, 1000.0))->capture_default_str();
  cmd.add_flag("--allow-damage", opt.allow_damage,
               "Analyse the readable part of a corrupt or truncated file (with a warning) instead of failing");
  cmd.add_flag("-q,--quiet", opt.quiet, "No progress bar and no summary lines (errors are still printed)");
  cmd.add_flag("--serial", opt.serial,
               "Run the measurement families one after another on one thread instead of side by side (identical results; slower)");
  for (const auto& p : shots::segmenter_params()) {
    cmd.add_option(std::string("--") + p.name, opt.shot_params.*(p.field), p.help)
        ->check(CLI::Range(p.min, p.max))
        ->capture_default_str()
        ->group("Shot detection");
  }
}

void add_style_options(CLI::App& cmd, StyleOptions& o) {
  cmd.add_option("--template", o.template_files,
                 "Also match this template file (JSON, schema stereotype.template; see docs/style.md). Repeatable; a template with "
                 "the name of a shipped one replaces it.");
  cmd.add_option("--corpus", o.corpus_db, "Measure each film's distance to the centroid (\"database average\") of this corpus database.");
}

CLI::App* add_shots(CLI::App& app, ShotsOptions& opt) {
  auto* cmd = app.add_subcommand("shots", "Cut films into shots (hard cuts, dissolves, fades) and export the shot lists.");
  cmd->footer(
      "Outputs, per input, in the output folder: NAME.shots.csv (one row per shot), NAME.shots.json\n"
      "(versioned schema: source, parameters, statistics, shots, transitions), NAME.edl (CMX 3600),\n"
      "NAME.otio (OpenTimelineIO). Files appear whole or not at all.\n"
      "Exit codes: 0 all done, 2 usage error, 3 an input could not be analysed (the others were),\n"
      "4 an output could not be written, 130 interrupted. See docs/cli.md.");
  add_film_options(*cmd, opt.film);
  cmd->add_option("--format", opt.formats, "Output formats, comma separated: csv, json, edl, otio, or all")
      ->delimiter(',')
      ->capture_default_str();
  return cmd;
}

CLI::App* add_analyze(CLI::App& app, AnalyzeOptions& opt) {
  auto* cmd = app.add_subcommand("analyze", "Measure films: shots, colour & light, body & motion, space & composition, texture, templates and homogenisation.");
  cmd->footer(
      "Outputs, per input, in the output folder: NAME.report.html (a self-contained page with charts),\n"
      "NAME.profile.json (schema stereotype.profile: source, parameters, film, shots with every family's\n"
      "measurements, transitions, style), NAME.profile.csv (one row per shot), NAME.barcode.png (one column\n"
      "per frame or time slice), NAME.palettes.png (each shot's five colours, as wide as its screen\n"
      "time), NAME.contact.png (a key frame per shot with its palette and composition marks; 60 shots a\n"
      "page, then NAME.contact-2.png ...), NAME.motion.png (each shot's\n"
      "speed over time, impacts in red, objects' bounces in orange). Every key is defined in docs/metrics/. Exit codes as for 'shots'.");
  add_film_options(*cmd, opt.film);
  add_style_options(*cmd, opt.style);
  cmd->add_option("--seed", opt.seed, "Seed of the film figures' bootstrap intervals (same seed, same numbers)")->capture_default_str();
  cmd->add_option("--interval-run", opt.interval_run, "Consecutive shots per bootstrap run; 0 chooses it per figure from how alike neighbouring shots are, 1 is the ordinary shot-by-shot bootstrap")->check(CLI::Range(0, 100000))->capture_default_str();
  return cmd;
}

CLI::App* add_compare(CLI::App& app, CompareOptions& o) {
  auto* cmd = app.add_subcommand("compare", "Compare two films or corpora: where B leans on the templates more than A, with effect sizes and CIs.");
  cmd->footer(
      "A and B are each a video file, an image folder, a folder of video files (pooled as one corpus), a quoted glob, or a\n"
      "NAME.profile.json written by 'analyze' or 'compare'. Outputs in the output folder: A-vs-B.compare.html (the page),\n"
      "A-vs-B.compare.json (schema stereotype.comparison), A-vs-B.compare.csv (one row per metric), and the profile of\n"
      "every film analysed. Definitions: docs/style.md. Exit codes as for 'shots'.");
  cmd->add_option("A", o.a, "The reference: e.g. the original film, or a folder of camera footage")->required();
  cmd->add_option("B", o.b, "The film compared with it: e.g. the AI remake, or a folder of generated clips")->required();
  cmd->add_option("--label-a", o.label_a, "Name A in the page and the lines (default: its file or folder name)");
  cmd->add_option("--label-b", o.label_b, "Name B in the page and the lines");
  cmd->add_option("--name", o.name, "Base name of the output files (default: A-vs-B)");
  cmd->add_option("--seed", o.seed, "Seed of the bootstrap and permutation tests (same seed, same numbers)")->capture_default_str();
  cmd->add_option("--resamples", o.bootstrap, "Bootstrap resamples and permutations per metric")->check(CLI::Range(100, 100000))->capture_default_str();
  cmd->add_option("--interval-run", o.interval_run, "Consecutive shots per bootstrap run, and per run the p-value shuffles between the sides; 0 chooses it per metric from how alike neighbouring shots are, 1 is the ordinary shot-by-shot bootstrap and permutation test")->check(CLI::Range(0, 100000))->capture_default_str();
  add_film_options(*cmd, o.film, false);
  add_style_options(*cmd, o.style);
  return cmd;
}

CLI::App* add_corpus(CLI::App& app, CorpusOptions& o) {
  auto* cmd = app.add_subcommand("corpus", "Keep film profiles in a corpus database (SQLite): add, list, show, remove.");
  cmd->require_subcommand(1);
  cmd->add_option("--db", o.db, "Corpus database (default: $STEREOTYPE_CORPUS, else $XDG_DATA_HOME/stereotype/corpus.sqlite)");
  auto* add_cmd = cmd->add_subcommand("add", "Analyse films (or read their profiles) and keep them; a changed file is analysed again.");
  add_film_options(*add_cmd, o.film);
  add_cmd->add_flag("--force", o.force, "Analyse again even when the file has not changed");
  auto* list_cmd = cmd->add_subcommand("list", "List the films in the corpus.");
  auto* show_cmd = cmd->add_subcommand("show", "Print a film's profile (JSON), by id, path or name.");
  show_cmd->add_option("films", o.keys, "Ids, paths or names")->required();
  auto* remove_cmd = cmd->add_subcommand("remove", "Remove films from the corpus, by id, path or name.");
  remove_cmd->add_option("films", o.keys, "Ids, paths or names")->required();
  // `corpus add --db X` as well as `corpus --db X add`: the actions hand --db to `corpus`.
  for (auto* action : {add_cmd, list_cmd, show_cmd, remove_cmd}) action->fallthrough();
  return cmd;
}

}  // namespace

int run_command_line(int argc, char** argv) {
  CLI::App app{"Stereotype: measures how strongly moving images fall back on a genre's stock visual templates."};
  app.set_version_flag("--version", "stereotype " STEREOTYPE_VERSION);
  app.require_subcommand(1);
  app.footer("Run 'stereotype COMMAND --help' for a command's flags. Docs: docs/ in the source tree.");
  ShotsOptions shots;
  AnalyzeOptions analyze;
  CompareOptions compare;
  CorpusOptions corpus;
  auto* shots_cmd = add_shots(app, shots);
  auto* analyze_cmd = add_analyze(app, analyze);
  auto* compare_cmd = add_compare(app, compare);
  auto* corpus_cmd = add_corpus(app, corpus);

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
    if (app.got_subcommand(shots_cmd)) return run_shots(shots);
    if (app.got_subcommand(analyze_cmd)) return run_analyze(analyze);
    if (app.got_subcommand(compare_cmd)) return run_compare(compare);
    if (app.got_subcommand(corpus_cmd)) {
      using Action = CorpusOptions::Action;
      for (const auto& [name, action] : {std::pair{"add", Action::Add}, std::pair{"list", Action::List}, std::pair{"show", Action::Show},
                                         std::pair{"remove", Action::Remove}}) {
        if (corpus_cmd->got_subcommand(name)) corpus.action = action;
      }
      return run_corpus(corpus);
    }
  } catch (const std::exception& e) {
    std::cerr << "stereotype: internal error: " << e.what() << "\n";
    return kExitInternal;
  }
  return kExitUsage;
}

}  // namespace stereotype::cli
