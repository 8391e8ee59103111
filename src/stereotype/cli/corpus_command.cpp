// `stereotype corpus add|list|show|remove`: film profiles kept in a SQLite database, the
// "database average" that `analyze --corpus` and `compare --corpus` measure distance to.
#include <chrono>
#include <filesystem>
#include <iostream>
#include <optional>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "stereotype/cli/commands.hpp"
#include "stereotype/cli/exit_codes.hpp"
#include "stereotype/cli/film_sides.hpp"
#include "stereotype/cli/progress.hpp"
#include "stereotype/cli/wording.hpp"
#include "stereotype/report/profile_report.hpp"
#include "stereotype/store/corpus.hpp"

namespace stereotype::cli {

namespace fs = std::filesystem;

namespace {

std::string database_of(const CorpusOptions& o) { return o.db.empty() ? store::default_corpus_path() : o.db; }

nlohmann::ordered_json stored_profile(const store::Corpus& db, const store::CorpusEntry& entry, const std::string& name) {
  try {
    return nlohmann::ordered_json::parse(db.profile(entry.id));
  } catch (const nlohmann::json::exception&) {
    throw Error(ErrorKind::InputInvalid, db.path(), fmt::format("the profile kept for {} is not valid JSON", name));
  }
}

// "; was measured otherwise: a → b, …" for a film analysed again because of them.
std::string changes_text(const std::vector<std::string>& changes) {
  if (changes.empty()) return "";
  constexpr std::size_t kShown = 3;
  std::string out = "; was measured otherwise: ";
  for (std::size_t i = 0; i < changes.size() && i < kShown; ++i) out += (i ? ", " : "") + changes[i];
  if (changes.size() > kShown) out += fmt::format(" and {} more", changes.size() - kShown);
  return out;
}

int add(const CorpusOptions& o) {
  store::Corpus db(database_of(o));
  std::vector<Input> inputs;
  for (const auto& arg : o.film.inputs)
    for (auto& in : side_inputs(arg)) inputs.push_back(std::move(in));
  int exit_code = kExitOk;
  for (const auto& input : inputs) {
    if (g_interrupted) break;
    try {
      // A profile written by `analyze` (on this machine or another) is stored as the film it
      // measured, so a corpus analysed in pieces pools into one database film by film.
      const bool profile = input.images.empty() && is_profile_file(input.path);
      std::optional<ProfiledFilm> read;
      if (profile) read = profile_film(input, o.film, {}, style::IntervalParams{});
      const FilmFile file = profile ? profiled_film_file(read->profile, input.name) : film_file(input);
      const std::string film_name = fs::path(file.path).filename().string();
      auto fresh = db.freshness(file.path, file.size, file.modified_ns);
      // The same file measured otherwise (other shot parameters, analysis size, an older build's
      // profile) is not up to date: a corpus holds every film measured alike.
      std::vector<std::string> changes;
      if (fresh == store::Freshness::Current) {
        const auto stored = db.find(file.path);
        const auto now = profile ? report::measured_with(read->profile)
                                 : report::measured_with(pipeline::pass_parameters(o.film.shot_params), o.film.analysis_size,
                                                         is_image_sequence(input) ? o.film.source_options().image_rate : media::Rational{0, 1});
        changes = stored ? report::measured_differently(report::measured_with(stored_profile(db, *stored, input.name)), now)
                         : std::vector<std::string>{"its profile could not be found"};
        if (!changes.empty()) fresh = store::Freshness::Changed;
      }
      if (fresh == store::Freshness::Current && !o.force) {
        if (!o.film.quiet) std::cout << fmt::format("{}: up to date in {}\n", input.name, db.path());
        continue;
      }
      ProgressBar bar(!o.film.quiet && stderr_is_terminal(), fs::path(input.name).filename().string());
      pipeline::PassHooks hooks;
      hooks.progress = [&](double f, std::int64_t n) { bar.update(f, n); };
      hooks.finished = [&] { bar.clear(); };
      hooks.cancel = &g_interrupted;
      const auto film = profile ? std::move(*read) : profile_film(input, o.film, hooks, style::IntervalParams{});
      store::CorpusEntry e;
      e.path = file.path;
      e.name = film_name;
      e.size = file.size;
      e.mtime_ns = file.modified_ns;
      e.added = fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", fmt::gmtime(std::chrono::system_clock::to_time_t(std::chrono::system_clock::now())));
      const auto style = style::film_style_from_profile(film.profile, e.name, input.name);
      for (const auto& s : style.shots) e.shots += s.blank ? 0 : 1;
      e.duration_s = style.duration_s;
      // The analysis is complete before the database is touched: Ctrl-C during it leaves the corpus as it was.
      if (g_interrupted) throw Error(ErrorKind::Interrupted, input.name, "interrupted");
      db.put(e, film.profile.dump());
      if (!o.film.quiet)
        std::cout << fmt::format("{}: {} ({}, {:.1f} s) in {}{}{}\n", input.name, fresh == store::Freshness::Missing ? "added" : "updated",
                                 counted(static_cast<std::size_t>(e.shots), "shot"), e.duration_s, db.path(),
                                 profile ? fmt::format(" as {}", e.path) : "", changes_text(changes));
    } catch (const Error& e) {
      std::cerr << e.what() << "\n";
      const int code = exit_code_for(e.kind());
      if (exit_code == kExitOk || code == kExitInterrupted) exit_code = code;
    }
  }
  return g_interrupted ? static_cast<int>(kExitInterrupted) : exit_code;
}

int list(const CorpusOptions& o) {
  store::Corpus db(database_of(o), store::Opening::MustExist);
  const auto films = db.list();
  std::cout << fmt::format("{}: {}\n", db.path(), counted(films.size(), "film"));
  if (!films.empty()) std::cout << fmt::format("{:>4}  {:>6}  {:>9}  {:<20}  {}\n", "id", "shots", "duration", "added", "path");
  for (const auto& f : films) std::cout << fmt::format("{:>4}  {:>6}  {:>8.1f}s  {:<20}  {}\n", f.id, f.shots, f.duration_s, f.added, f.path);
  return kExitOk;
}

int show(const CorpusOptions& o) {
  store::Corpus db(database_of(o), store::Opening::MustExist);
  for (const auto& key : o.keys) {
    const auto e = db.find(key);
    if (!e) throw Error(ErrorKind::InputMissing, key, fmt::format("not in the corpus {}", db.path()));
    try {
      std::cout << nlohmann::ordered_json::parse(db.profile(e->id)).dump(2) << "\n";
    } catch (const nlohmann::json::exception&) {
      throw Error(ErrorKind::InputInvalid, db.path() + ":" + e->name, "the stored profile is not valid JSON (re-add the film)");
    }
  }
  return kExitOk;
}

int remove(const CorpusOptions& o) {
  store::Corpus db(database_of(o), store::Opening::MustExist);
  for (const auto& key : o.keys) {
    const auto e = db.find(key);
    if (!e) throw Error(ErrorKind::InputMissing, key, fmt::format("not in the corpus {}", db.path()));
    db.remove(e->id);
    if (!o.film.quiet) std::cout << fmt::format("{}: removed from {}\n", e->path, db.path());
  }
  return kExitOk;
}

}  // namespace

int run_corpus(const CorpusOptions& o) {
  try {
    switch (o.action) {
      case CorpusOptions::Action::Add: return add(o);
      case CorpusOptions::Action::List: return list(o);
      case CorpusOptions::Action::Show: return show(o);
      case CorpusOptions::Action::Remove: return remove(o);
    }
  } catch (const Error& e) {
    std::cerr << e.what() << "\n";
    return exit_code_for(e.kind());
  }
  return static_cast<int>(kExitUsage);
}

}  // namespace stereotype::cli
