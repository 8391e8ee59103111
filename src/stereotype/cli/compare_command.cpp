// `stereotype compare A B`: where B leans on the genre's templates more than A, with effect sizes,
// intervals and pictures. Each side is a film, a folder of films (pooled), a glob, or profiles.
#include <filesystem>
#include <iostream>

#include <fmt/format.h>

#include "stereotype/cli/commands.hpp"
#include "stereotype/cli/exit_codes.hpp"
#include "stereotype/cli/film_sides.hpp"
#include "stereotype/cli/progress.hpp"
#include "stereotype/cli/style_options.hpp"
#include "stereotype/cli/wording.hpp"
#include "stereotype/report/atomic_file.hpp"
#include "stereotype/report/comparison_html.hpp"
#include "stereotype/report/comparison_report.hpp"
#include "stereotype/style/metric_catalog.hpp"

namespace stereotype::cli {

namespace fs = std::filesystem;

namespace {

std::string label_of(const std::string& argument) {
  fs::path p(argument);
  while (!p.empty() && p.filename().empty()) p = p.parent_path();
  std::string name = p.filename().string();
  if (is_profile_file(name)) name = name.substr(0, name.size() - std::string(".profile.json").size());
  else if (!fs::is_directory(p)) name = p.stem().string();
  return name.empty() ? "film" : name;
}

std::vector<ProfiledFilm> profile_side(const std::string& argument, const CompareOptions& o) {
  std::vector<ProfiledFilm> films;
  for (const auto& input : side_inputs(argument)) {
    if (g_interrupted) throw Error(ErrorKind::Interrupted, input.name, "interrupted");
    ProgressBar bar(!o.film.quiet && stderr_is_terminal(), fs::path(input.name).filename().string());
    pipeline::PassHooks hooks;
    hooks.progress = [&](double f, std::int64_t n) { bar.update(f, n); };
    hooks.finished = [&] { bar.clear(); };
    hooks.cancel = &g_interrupted;
    films.push_back(profile_film(input, o.film, hooks, {o.seed, o.bootstrap, o.interval_run}));
  }
  return films;
}

int run(const CompareOptions& o) {
  auto context = load_style_context(o.style);
  context.intervals = {o.seed, o.bootstrap, o.interval_run};
  std::error_code ec;
  fs::create_directories(o.film.output_dir, ec);
  if (!fs::is_directory(o.film.output_dir, ec)) throw Error(ErrorKind::Output, o.film.output_dir, "cannot create output folder");

  const auto films_a = profile_side(o.a, o);
  const auto films_b = profile_side(o.b, o);

  report::Comparison c;
  c.params.seed = o.seed;
  c.params.bootstrap = o.bootstrap;
  c.params.permutations = o.bootstrap;
  c.params.block = o.interval_run;
  c.a.label = o.label_a.empty() ? label_of(o.a) : o.label_a;
  c.b.label = o.label_b.empty() ? label_of(o.b) : o.label_b;
  if (c.a.label == c.b.label) {
    c.a.label += " (A)";
    c.b.label += " (B)";
  }
  for (const auto& f : films_a) c.a.films.push_back(style::film_style_from_profile(f.profile, f.input.name, f.input.name));
  for (const auto& f : films_b) c.b.films.push_back(style::film_style_from_profile(f.profile, f.input.name, f.input.name));
  style::TemplateResult matches_a, matches_b;
  const auto profiles_of = [](const std::vector<ProfiledFilm>& side) {
    std::vector<const nlohmann::ordered_json*> out;
    for (const auto& f : side) out.push_back(&f.profile);
    return out;
  };
  c.a.style = style_section(context, c.a.films, profiles_of(films_a), &matches_a);
  c.b.style = style_section(context, c.b.films, profiles_of(films_b), &matches_b);
  for (const auto& [style, argument] : {std::pair{&c.a.style, &o.a}, std::pair{&c.b.style, &o.b}})
    if (const auto warning = corpus_warning(*style, *argument); !warning.empty()) std::cerr << "warning: " << warning << "\n";
  style::attach_template_matches(c.a.films, context.templates);
  style::attach_template_matches(c.b.films, context.templates);

  std::vector<std::string> keys;
  for (const auto& m : style::metric_catalog()) keys.push_back(m.key);
  for (const auto& t : context.templates) {
    keys.push_back("template." + t.name);
    c.template_names.push_back(t.name);
  }
  const auto shots_a = style::picture_shots(c.a.films), shots_b = style::picture_shots(c.b.films);
  if (shots_a.empty()) throw Error(ErrorKind::InputInvalid, o.a, "no picture shots to compare");
  if (shots_b.empty()) throw Error(ErrorKind::InputInvalid, o.b, "no picture shots to compare");
  c.metrics = style::compare_metrics(shots_a, shots_b, keys, c.params);
  c.homogeneity = style::vendi_at_common_size(shots_a, shots_b, o.seed);
  c.homogeneity_test = style::homogeneity_test(shots_a, shots_b, o.seed, c.params.permutations, c.params.block);
  c.tendency = style::compare_means(style::best_matches(matches_a, shots_a), style::film_numbers(shots_a), style::best_matches(matches_b, shots_b),
                                    style::film_numbers(shots_b), "template.tendency", c.params);
  c.lines = report::side_lines(c);
  for (auto& line : style::plain_lines(c.metrics, c.b.label, c.a.label)) c.lines.push_back(std::move(line));
  if (c.a.films.size() == 1 && c.b.films.size() == 1) {
    c.aligned = true;
    c.pairs = style::align_shots(shots_a, shots_b);
    for (const auto& m : style::metric_catalog())
      if (m.style_unit > 0) c.pair_keys.push_back(m.key);
  }

  const std::string name = o.name.empty() ? fmt::format("{}-vs-{}", label_of(o.a), label_of(o.b)) : o.name;
  const auto base = (fs::path(o.film.output_dir) / name).string();
  const auto json = report::comparison_json(c);
  report::ComparisonPage page;
  page.comparison = &json;
  page.films_a = &c.a.films;
  page.films_b = &c.b.films;
  for (const auto& f : films_a) page.key_frames_a.push_back(f.key_frame_jpegs);
  for (const auto& f : films_b) page.key_frames_b.push_back(f.key_frame_jpegs);
  std::vector<std::pair<fs::path, std::string>> files = {{base + ".compare.json", json.dump(2) + "\n"},
                                           {base + ".compare.csv", report::comparison_csv(c)},
                                           {base + ".compare.html", report::comparison_report_html(page)}};
  // The profiles of films analysed now, so the next comparison can start from them.
  std::vector<Input> analysed;
  std::vector<const ProfiledFilm*> analysed_films;
  for (const auto* side : {&films_a, &films_b})
    for (const auto& f : *side)
      if (f.analysed) {
        analysed.push_back(f.input);
        analysed_films.push_back(&f);
      }
  make_stems_unique(analysed);  // A and B may hold films of the same name
  for (std::size_t i = 0; i < analysed.size(); ++i)
    files.push_back({(fs::path(o.film.output_dir) / (analysed[i].stem + ".profile.json")).string(), analysed_films[i]->profile.dump(2) + "\n"});
  report::write_all_or_nothing(files);

  if (!o.film.quiet) {
    std::cout << fmt::format("{} ({}) vs {} ({}): {} -> {}.compare.html\n", c.a.label, counted(shots_a.size(), "shot"), c.b.label,
                             counted(shots_b.size(), "shot"), counted(c.lines.size(), "notable difference"), base);
    for (const auto& line : c.lines) std::cout << "  " << line << "\n";
  }
  return kExitOk;
}

}  // namespace

int run_compare(const CompareOptions& o) {
  try {
    return run(o);
  } catch (const Error& e) {
    std::cerr << e.what() << "\n";
    return g_interrupted ? static_cast<int>(kExitInterrupted) : exit_code_for(e.kind());
  }
}

}  // namespace stereotype::cli
