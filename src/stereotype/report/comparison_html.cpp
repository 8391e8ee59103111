#include "stereotype/report/comparison_html.hpp"

#include <cmath>
#include <sstream>

#include <fmt/format.h>

#include "stereotype/report/html_report.hpp"
#include "stereotype/report/style_report.hpp"
#include "stereotype/style/comparison.hpp"
#include "stereotype/style/metric_catalog.hpp"

namespace stereotype::report {

namespace {

using nlohmann::ordered_json;

const char* kDimensions[][2] = {{"colour and light", "colour"},
                                {"body and motion", "motion"},
                                {"space and composition", "space"},
                                {"texture and surface", "texture"},
                                {"templates", "templates"},
                                {"editing", "editing"}};

const char* kScript = R"js(
(function () {
  const cmp = JSON.parse(document.getElementById('comparison-data').textContent);
  const extra = JSON.parse(document.getElementById('chart-data').textContent);
  const specs = {};
  extra.dimensions.forEach(function (d) {
    const rows = cmp.metrics.filter(function (m) { return m.dimension === d.name && m.delta !== null; });
    if (!rows.length) return;
    specs['forest-' + d.id] = {data: {values: rows}, height: {step: 18},
      layer: [
        {mark: {type: 'rule', color: '#999'}, encoding: {x: {datum: 0}}},
        {mark: {type: 'rule', strokeWidth: 2}, encoding: {y: {field: 'key', type: 'nominal', sort: null, title: null},
          x: {field: 'ci_low', type: 'quantitative', scale: {domain: [-1, 1]}, title: 'Cliff\u2019s delta of B against A (95% CI)'},
          x2: {field: 'ci_high'}, color: {field: 'magnitude', type: 'nominal', scale: {domain: ['negligible', 'small', 'medium', 'large'],
          range: ['#bbbbbb', '#8fb3d9', '#3f7fbf', '#c0392b']}, legend: {orient: 'top', direction: 'horizontal'}}}},
        {mark: {type: 'point', filled: true, size: 60}, encoding: {y: {field: 'key', type: 'nominal', sort: null},
          x: {field: 'delta', type: 'quantitative'}, color: {field: 'magnitude', type: 'nominal'},
          tooltip: [{field: 'key'}, {field: 'median_a', format: '.3f'}, {field: 'median_b', format: '.3f'}, {field: 'delta', format: '.2f'},
                    {field: 'ci_low', format: '.2f'}, {field: 'ci_high', format: '.2f'}, {field: 'p_value', format: '.3f'}]}}]};
  });
  extra.distributions.forEach(function (d, i) {
    specs['dist-' + i] = {data: {values: d.values}, height: 90, title: d.key,
      mark: {type: 'tick', thickness: 2}, encoding: {x: {field: 'value', type: 'quantitative', title: d.key},
        y: {field: 'side', type: 'nominal', title: null}, color: {field: 'side', type: 'nominal', legend: null},
        tooltip: [{field: 'side'}, {field: 'shot'}, {field: 'value', format: '.3f'}]}};
  });
  specs['chart-templates'] = {data: {values: extra.templates}, height: 180, mark: 'bar',
    encoding: {x: {field: 'template', type: 'nominal', title: null}, xOffset: {field: 'side'},
      y: {field: 'share', type: 'quantitative', scale: {domain: [0, 1]}, axis: {format: '%'}, title: 'share of screen time'},
      color: {field: 'side', type: 'nominal'}, tooltip: [{field: 'side'}, {field: 'template'}, {field: 'share', format: '.1%'}]}};
  stereotypeDraw(specs);
})();
)js";

std::string num_text(const ordered_json& v, int places = 3) { return v.is_number() ? fmt_value(v.get<double>(), places) : "–"; }

// A figure with its own 95 % interval after it, when it has one: "0.412 [0.35, 0.47]".
std::string with_interval(const ordered_json& value, const ordered_json& interval, int places = 3) {
  const std::string ci = interval_text(interval, places);
  return num_text(value, places) + (ci.empty() ? "" : " <span class=\"ci\">" + ci + "</span>");
}
const ordered_json& field(const ordered_json& j, const char* key) {
  static const ordered_json none;
  return j.is_object() && j.contains(key) ? j[key] : none;
}

}  // namespace

std::string comparison_report_html(const ComparisonPage& page) {
  const auto& c = *page.comparison;
  const auto& a = c["a"];
  const auto& b = c["b"];
  const std::string label_a = a["label"].get<std::string>(), label_b = b["label"].get<std::string>();
  std::ostringstream out;

  ordered_json extra{{"dimensions", ordered_json::array()}, {"distributions", ordered_json::array()}, {"templates", ordered_json::array()}};
  for (const auto& d : kDimensions) extra["dimensions"].push_back({{"name", d[0]}, {"id", d[1]}});
  for (const auto* side : {&a, &b})
    for (const auto& t : (*side)["style"]["templates"])
      extra["templates"].push_back({{"side", (*side)["label"]}, {"template", t["name"]}, {"share", t["share"]}});
  // Distributions of the largest differences: every shot's value, A and B on one axis.
  std::vector<std::pair<double, std::string>> ranked;
  for (const auto& m : c["metrics"])  // a difference between two or three shots is no distribution
    if (m["delta"].is_number() && m["n_a"].get<int>() >= 4 && m["n_b"].get<int>() >= 4)
      ranked.emplace_back(-std::abs(m["delta"].get<double>()), m["key"].get<std::string>());
  std::stable_sort(ranked.begin(), ranked.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
  for (std::size_t k = 0; k < ranked.size() && k < 6; ++k) {
    ordered_json values = ordered_json::array();
    for (const auto& [films, label] : {std::pair{page.films_a, label_a}, std::pair{page.films_b, label_b}}) {
      if (!films) continue;
      for (const auto* s : style::picture_shots(*films)) {
        const double v = s->metric(ranked[k].second);
        if (!std::isnan(v)) values.push_back({{"side", label}, {"shot", fmt::format("{} #{}", s->film, s->number)}, {"value", v}});
      }
    }
    extra["distributions"].push_back({{"key", ranked[k].second}, {"values", values}});
  }

  out << page_head(label_a + " vs " + label_b);
  out << "<header><h1>" << html_escape(label_a) << " vs " << html_escape(label_b) << "</h1><p>"
      << fmt::format("A: {} shots in {} film(s), {:.1f} s · B: {} shots in {} film(s), {:.1f} s · seed {} · {} resamples", a["shots"].get<int>(),
                     a["films"].size(), a["duration_s"].get<double>(), b["shots"].get<int>(), b["films"].size(), b["duration_s"].get<double>(),
                     c["parameters"]["seed"].get<std::uint64_t>(), c["parameters"]["bootstrap"].get<int>())
      << "</p></header>\n<nav><a href=\"#findings\">Findings</a>";
  for (const auto& d : kDimensions) out << "<a href=\"#" << d[1] << "\">" << html_escape(d[0]) << "</a>";
  out << "<a href=\"#homogenisation\">Homogenisation</a><a href=\"#pairs\">Matched shots</a><a href=\"#definitions\">Definitions</a></nav>\n<main>\n";

  out << "<section id=\"findings\"><h2>Findings</h2>";
  if (c["lines"].empty()) {
    out << "<p class=\"note\">No notable difference: no metric's Cliff's delta reaches 0.33 with a 95% interval excluding 0 and p ≤ 0.05.</p>";
  } else {
    out << "<ul class=\"lines\">";
    for (const auto& line : c["lines"]) out << "<li>" << html_escape(line.get<std::string>()) << "</li>";
    out << "</ul>";
  }
  out << "<p class=\"note\">δ is Cliff's delta of B's shots against A's (+1: every B shot above every A shot), with a 95% "
         "interval (the bootstrap's, widened where a score interval for the sides' independent units is wider) and a permutation p-value "
      << def_link("comparison.cliffs_delta") << ".";
  // Two corpora are samples of films: with few films a side even a complete separation is weak evidence.
  if (a["films"].size() >= 2 && b["films"].size() >= 2)
    out << fmt::format(" Both sides are corpora, so films, not shots, are what is resampled and shuffled: with {} and {} films the p-value "
                       "cannot be smaller than about {:.3f}.",
                       a["films"].size(), b["films"].size(), style::smallest_film_p_value(a["films"].size(), b["films"].size()));
  else if (a["films"].size() + b["films"].size() > 2)
    out << " One side is a single film: δ says how it differs from the other side's films taken together, not whether it is unusual "
           "among them (every film has a look of its own); each line ends with where its median falls among theirs "
      << def_link("comparison.film_among_films") << ".";
  out << "</p></section>\n";

  for (const auto& d : kDimensions) {
    std::ostringstream table;
    table << "<table><tr><th>metric</th><th>" << html_escape(label_a) << " median</th><th>" << html_escape(label_b)
          << " median</th><th>δ</th><th>95% CI of δ</th><th>p</th><th>magnitude</th></tr>";
    int rows = 0;
    for (const auto& m : c["metrics"]) {
      if (m["dimension"] != d[0]) continue;
      ++rows;
      table << fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>[{}, {}]</td><td>{}</td><td>{}</td></tr>",
                           html_escape(m["key"].get<std::string>()), with_interval(m["median_a"], field(m, "median_a_ci95")),
                           with_interval(m["median_b"], field(m, "median_b_ci95")), num_text(m["delta"], 2),
                           num_text(m["ci_low"], 2), num_text(m["ci_high"], 2), num_text(m["p_value"], 3), m["magnitude"].get<std::string>());
    }
    table << "</table>";
    if (rows == 0) continue;
    out << "<section id=\"" << d[1] << "\"><h2>" << html_escape(d[0]) << "</h2>";
    chart_block(out, std::string("forest-") + d[1], "Effect sizes, B against A (forest plot)", "comparison.cliffs_delta", table.str());
    if (std::string(d[1]) == "templates") {
      std::ostringstream t;
      t << "<table><tr><th>template</th><th>" << html_escape(label_a) << "</th><th>" << html_escape(label_b) << "</th></tr>";
      for (std::size_t i = 0; i < a["style"]["templates"].size() && i < b["style"]["templates"].size(); ++i) {
        t << fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td></tr>", html_escape(a["style"]["templates"][i]["name"].get<std::string>()),
                         with_interval(a["style"]["templates"][i]["share"], field(a["style"]["templates"][i], "share_ci95")),
                         with_interval(b["style"]["templates"][i]["share"], field(b["style"]["templates"][i], "share_ci95")));
      }
      t << "</table>";
      chart_block(out, "chart-templates", "Each template's share of screen time, side by side", "template.share", t.str());
    }
    out << "</section>\n";
  }

  out << "<section id=\"distributions\"><h2>Distributions of the largest differences</h2><p class=\"note\">Every picture shot's value, "
         "A and B on one axis.</p>";
  for (std::size_t i = 0; i < extra["distributions"].size(); ++i) {
    const auto& d = extra["distributions"][i];
    std::ostringstream t;
    t << "<table><tr><th>side</th><th>shot</th><th>value</th></tr>";
    for (const auto& v : d["values"])
      t << fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td></tr>", html_escape(v["side"].get<std::string>()), html_escape(v["shot"].get<std::string>()),
                       num_text(v["value"]));
    t << "</table>";
    chart_block(out, fmt::format("dist-{}", i), d["key"].get<std::string>(), d["key"].get<std::string>(), t.str());
  }
  out << "</section>\n";

  out << "<section id=\"homogenisation\"><h2>Homogenisation and templates, side by side</h2><table class=\"figures\"><tr><th>figure</th><th>"
      << html_escape(label_a) << "</th><th>" << html_escape(label_b) << "</th><th></th></tr>";
  // The difference's own test beside the two tendencies, as for the Vendi scores below.
  std::string tendency_test;
  if (const auto& t = field(c, "tendency"); t.is_object() && t.value("p_value", ordered_json()).is_number())
    tendency_test = fmt::format(" (B − A {}{} · p = {})", t["difference"].get<double>() >= 0 ? "+" : "", num_text(t["difference"]),
                                num_text(t["p_value"]));
  out << fmt::format("<tr><td>template tendency{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", tendency_test,
                     with_interval(a["style"]["template.tendency"], field(a["style"], "template.tendency_ci95")),
                     with_interval(b["style"]["template.tendency"], field(b["style"], "template.tendency_ci95")), def_link("template.tendency"));
  const auto diversity_rows = [&](std::initializer_list<const char*> keys) {
    for (const auto* key : keys) {
      out << fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", key, num_text(a["style"]["diversity"][key]),
                         num_text(b["style"]["diversity"][key]), def_link(key));
    }
  };
  diversity_rows({"diversity.shots", "diversity.vendi", "diversity.vendi_ratio"});
  if (const auto& h = field(c, "homogeneity"); h.is_object() && h.value("common_shots", 0) > 0) {
    // The p-value of the difference beside the scores: without it a quarter's difference in a few shots reads as a finding.
    const std::string p = h.contains("p_value") && h["p_value"].is_number() ? " · p = " + num_text(h["p_value"]) : "";
    out << fmt::format("<tr><td>diversity.vendi_common (at {} shots{})</td><td>{}</td><td>{}</td><td>{}</td></tr>", h["common_shots"].get<int>(),
                       p, num_text(h["vendi_a"]), num_text(h["vendi_b"]), def_link("diversity.vendi_common"));
  }
  diversity_rows({"diversity.mean_pairwise", "diversity.typicality", "diversity.style_entropy", "diversity.style_clusters"});
  if (a["style"].contains("corpus")) {
    out << fmt::format("<tr><td>distance to the corpus centroid</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                       num_text(a["style"]["corpus"]["corpus.centroid_distance"]), num_text(b["style"]["corpus"]["corpus.centroid_distance"]),
                       def_link("corpus.centroid_distance"));
  }
  out << "</table>";
  for (const auto& [side, label] : {std::pair{&a, &label_a}, std::pair{&b, &label_b}})
    if (const auto caution = corpus_caution((*side)["style"], *label); !caution.empty())
      out << "<p class=\"note\">" << html_escape(caution) << ".</p>";
  // Each side's verdict: which templates it falls back on, in which shots, held there by what.
  for (const auto* side : {&a, &b}) {
    const auto& label = side == &a ? label_a : label_b;
    out << "<h3>Where " << html_escape(label) << " falls back on templates " << def_link("template.verdict") << "</h3>";
    const auto& verdict = field((*side)["style"], "verdict");
    if (!verdict.is_array() || verdict.empty()) {
      out << "<p class=\"note\">No shot reaches a match of 0.5 with any template.</p>";
      continue;
    }
    out << "<ul class=\"lines\">";
    for (const auto& v : verdict) out << "<li>" << html_escape(v.value("line", "")) << "</li>";
    out << "</ul>";
  }
  out << "</section>\n";

  out << "<section id=\"pairs\"><h2>Matched shots</h2>";
  if (c["alignment"].is_null()) {
    out << "<p class=\"note\">Shots are aligned only when each side is a single film.</p>";
  } else if (c["alignment"]["pairs"].empty()) {
    out << "<p class=\"note\">No shot of B looks enough like a shot of A (key-frame similarity above " << c["parameters"]["align_threshold"].get<double>()
        << ") " << def_link("comparison.alignment") << ": these are not a film and its remake, or the remake re-imagines every frame.</p>";
  } else {
    out << "<p>" << c["alignment"]["pairs"].size() << " matched pairs " << def_link("comparison.alignment") << "; A left, B right.</p>";
    const auto jpeg = [](const std::vector<std::vector<std::string>>& frames, int number) -> std::string {
      if (frames.empty() || number < 1 || static_cast<std::size_t>(number) > frames.front().size()) return "";
      return frames.front()[static_cast<std::size_t>(number - 1)];
    };
    for (const auto& p : c["alignment"]["pairs"]) {
      const int sa = p["a_shot"].get<int>(), sb = p["b_shot"].get<int>();
      std::string diffs;
      for (const auto& [key, v] : p["b_minus_a"].items())
        if (v.is_number() && std::abs(v.get<double>()) > 1e-9) diffs += fmt::format("{} {:+.3f}<br>", html_escape(key), v.get<double>());
      const auto img = [&](const std::string& bytes, const std::string& alt) {
        return bytes.empty() ? std::string("<span class=\"note\">(no frame: read from a profile)</span>")
                             : "<img alt=\"" + alt + "\" src=\"" + data_uri("image/jpeg", bytes) + "\">";
      };
      out << "<div class=\"pair\">" << img(jpeg(page.key_frames_a, sa), fmt::format("A shot {}", sa))
          << img(jpeg(page.key_frames_b, sb), fmt::format("B shot {}", sb))
          << fmt::format("<div><b>A #{} ↔ B #{}</b> (similarity {}, {})<br>B − A:<br>{}</div></div>", sa, sb, num_text(p["similarity"], 2),
                         p["in_order"].get<bool>() ? "in order" : "moved", diffs);
    }
  }
  out << "</section>\n" << definitions_section() << "</main>\n";
  out << "<div id=\"render-status\" hidden></div>\n"
      << "<script type=\"application/json\" id=\"comparison-data\">" << script_safe(c.dump()) << "</script>\n"
      << "<script type=\"application/json\" id=\"chart-data\">" << script_safe(extra.dump()) << "</script>\n"
      << "<script>" << kScript << "</script>\n</body></html>\n";
  return std::move(out).str();
}

}  // namespace stereotype::report
