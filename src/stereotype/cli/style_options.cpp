#include "stereotype/cli/style_options.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "stereotype/error.hpp"
#include "stereotype/measure/statistics.hpp"
#include "stereotype/report/profile_report.hpp"
#include "stereotype/store/corpus.hpp"
#include "stereotype/style/diversity.hpp"

namespace stereotype::cli {

StyleContext load_style_context(const StyleOptions& o) {
  StyleContext c;
  c.templates = style::builtin_templates();
  for (const auto& file : o.template_files) {
    auto t = style::load_template(file);
    const auto same = std::find_if(c.templates.begin(), c.templates.end(), [&](const style::Template& x) { return x.name == t.name; });
    if (same != c.templates.end()) *same = std::move(t);
    else c.templates.push_back(std::move(t));
  }
  if (!o.corpus_db.empty()) {
    store::Corpus db(o.corpus_db, store::Opening::MustExist);
    StyleContext::Corpus corpus;
    corpus.database = o.corpus_db;
    for (const auto& e : db.list()) {
      nlohmann::ordered_json profile;
      try {
        profile = nlohmann::ordered_json::parse(db.profile(e.id));
      } catch (const nlohmann::json::exception&) {
        throw Error(ErrorKind::InputInvalid, o.corpus_db + ":" + e.name, "the stored profile is not valid JSON (re-add the film)");
      }
      const std::vector<style::FilmStyle> films{style::film_style_from_profile(profile, e.name, o.corpus_db + ":" + e.name)};
      corpus.points.push_back(style::film_style_point(style::picture_shots(films)));
      corpus.measured.push_back(report::measured_with(profile));
    }
    if (corpus.points.empty()) throw Error(ErrorKind::InputInvalid, o.corpus_db, "the corpus is empty: add films with 'stereotype corpus add'");
    corpus.centroid = style::centroid(corpus.points);
    std::vector<double> distances;
    for (const auto& p : corpus.points) distances.push_back(style::style_distance(p, corpus.centroid));
    corpus.median_distance = measure::quantile(distances, 0.5);
    c.corpus = std::move(corpus);
  }
  return c;
}

nlohmann::ordered_json style_section(const StyleContext& context, const std::vector<style::FilmStyle>& films,
                                     const std::vector<const nlohmann::ordered_json*>& profiles, style::TemplateResult* out) {
  const auto shots = style::picture_shots(films);
  auto matches = style::match_templates(context.templates, shots);
  const auto diversity = style::measure_diversity(shots);
  std::optional<report::CorpusDistance> distance;
  if (context.corpus) {
    distance = report::CorpusDistance{context.corpus->database, static_cast<int>(context.corpus->points.size()),
                                      style::style_distance(style::film_style_point(shots), context.corpus->centroid),
                                      context.corpus->median_distance, 0, {}};
    // Which frame rate an image sequence was given says nothing of how other films were measured.
    const auto measured = [](nlohmann::ordered_json m) {
      m.erase("image rate");
      return m;
    };
    std::vector<nlohmann::ordered_json> side;
    for (const auto* profile : profiles) side.push_back(measured(report::measured_with(*profile)));
    for (const auto& film : context.corpus->measured) {
      for (const auto& own : side) {
        auto differences = report::measured_differently(measured(film), own);
        if (differences.empty()) continue;
        if (distance->measured_otherwise++ == 0) distance->differences = std::move(differences);
        break;
      }
    }
  }
  const auto intervals = style::template_intervals(matches, shots, context.intervals);
  auto section = report::style_json(context.templates, matches, diversity, distance, &intervals);
  section["verdict"] = report::verdict_json(style::template_verdicts(context.templates, matches, shots, intervals));
  if (out) *out = std::move(matches);
  return section;
}

std::string corpus_warning(const nlohmann::ordered_json& style, const std::string& name) {
  const auto caution = report::corpus_caution(style, name);
  if (caution.empty()) return "";
  return fmt::format("{}: {} (add its films again with this run's flags)", style["corpus"].value("database", ""), caution);
}

}  // namespace stereotype::cli
