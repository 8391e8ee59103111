#include "stereotype/report/html_report.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>

#include <fmt/format.h>

#include "stereotype/media/timebase.hpp"
#include "stereotype/report/assets.hpp"
#include "stereotype/report/images.hpp"
#include "stereotype/report/profile_report.hpp"
#include "stereotype/report/style_report.hpp"
#include "stereotype/shots/statistics.hpp"

namespace stereotype::report {

namespace {

using nlohmann::ordered_json;

// Splits a markdown table row on unescaped '|'.
std::vector<std::string> table_cells(const std::string& row) {
  std::vector<std::string> cells;
  std::string cell;
  for (std::size_t i = 1; i < row.size(); ++i) {
    if (row[i] == '|' && row[i - 1] != '\\') {
      const auto a = cell.find_first_not_of(' '), b = cell.find_last_not_of(' ');
      cells.push_back(a == std::string::npos ? "" : cell.substr(a, b - a + 1));
      cell.clear();
    } else {
      cell += row[i];
    }
  }
  return cells;
}

// The little markdown the docs' tables use: `code`, \* and \| escapes.
std::string inline_markdown(const std::string& text) {
  std::string plain;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size()) {
      plain += text[++i];
    } else {
      plain += text[i];
    }
  }
  std::string html, escaped = html_escape(plain);
  bool code = false;
  for (char c : escaped) {
    if (c == '`') {
      html += code ? "</code>" : "<code>";
      code = !code;
    } else {
      html += c;
    }
  }
  if (code) html += "</code>";
  return html;
}

}  // namespace

std::string data_uri(const std::string& mime, const std::string& bytes) { return "data:" + mime + ";base64," + base64(bytes); }

std::string fmt_value(double v, int places) { return std::isnan(v) ? "–" : fmt::format("{:.{}f}", v, places); }

std::string interval_text(const nlohmann::ordered_json& ci, int places) {
  if (!ci.is_array() || ci.size() != 2 || !ci[0].is_number() || !ci[1].is_number()) return "";
  return fmt::format("[{}, {}]", fmt_value(ci[0].get<double>(), places), fmt_value(ci[1].get<double>(), places));
}

std::string def_link(const std::string& key) {
  return fmt::format("<a class=\"def\" href=\"#def-{0}\" title=\"definition of {0}\">definition</a>", key);
}

namespace {

// Colour of a hue band or bin for the charts: the hue at L* 65, C* 45.
std::string hue_hex(double hue_deg) {
  const double r = hue_deg * 3.14159265358979323846 / 180.0;
  return hex_color(cv::Vec3f(65.f, static_cast<float>(45 * std::cos(r)), static_cast<float>(45 * std::sin(r))));
}

std::string band_hex(const measure::HueBand& band) {
  const double to = band.to_deg < band.from_deg ? band.to_deg + 360.0 : band.to_deg;
  return hue_hex(std::fmod((band.from_deg + to) / 2.0, 360.0));
}

}  // namespace

// A chart: a heading with its definition link, the chart's container, and its table fallback.
void chart_block(std::ostringstream& out, const std::string& id, const std::string& title, const std::string& key,
                 const std::string& table_html) {
  out << "<figure class=\"chart-block\"><figcaption>" << html_escape(title) << " " << def_link(key) << "</figcaption>"
      << "<div class=\"chart\" id=\"" << id << "\"></div>"
      << "<details><summary>Table</summary>" << table_html << "</details></figure>\n";
}

const char* const kPageStyle = R"css(
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1d1d1f;background:#fafafa}
header{background:#15151a;color:#f2f2f2;padding:20px 32px}header h1{margin:0 0 6px;font-size:24px}
header p{margin:0;color:#bbb}nav{padding:8px 32px;background:#24242b}nav a{color:#ddd;margin-right:16px;text-decoration:none}
main{padding:8px 32px 40px;max-width:1400px}section{margin-top:28px}h2{border-bottom:1px solid #ddd;padding-bottom:4px}
table{border-collapse:collapse;font-size:13px;margin:6px 0}td,th{border:1px solid #ddd;padding:3px 8px;text-align:right}
th{background:#f0f0f0}td:first-child,th:first-child{text-align:left}.figures td:nth-child(2){font-weight:600}
img.wide{width:100%;border:1px solid #ccc}img.band{height:110px;image-rendering:pixelated}.chart{width:100%;min-height:60px}
figure.chart-block{margin:18px 0}figcaption{font-weight:600;margin-bottom:4px}a.def{font-weight:400;font-size:12px;color:#06c;margin-left:6px}
.frames{display:flex;flex-wrap:wrap;gap:10px}.frames figure{margin:0;width:200px;font-size:12px}.frames img{width:200px;display:block}
.swatch{display:inline-block;width:14px;height:14px;border:1px solid #999;vertical-align:middle;margin-right:1px}
.note{color:#666;font-style:italic}.ci{color:#666;font-weight:normal;white-space:nowrap}dl.defs dt{font-weight:600;margin-top:8px}dl.defs dd{margin-left:16px}.meta{color:#666}
ul.lines li{margin:4px 0}.pair{display:flex;gap:6px;align-items:flex-start;margin:6px 0}.pair img{width:220px}.pair div{font-size:12px}
)css";

// Both pages draw their charts through this: it counts pictures that fail to load, draws every
// spec whose container is on the page with vega-embed, and records in #render-status how many
// were drawn and whether anything failed (for people and for the browser tests).
const char* const kDrawCharts = R"js(
function stereotypeDraw(specs) {
  const status = document.getElementById('render-status');
  let imageErrors = 0;
  document.querySelectorAll('img').forEach(function (img) {
    if (img.complete && img.naturalWidth === 0) imageErrors++;
    img.addEventListener('error', function () { imageErrors++; status.dataset.imageErrors = imageErrors; });
  });
  status.dataset.imageErrors = imageErrors;
  const ids = Object.keys(specs).filter(function (id) { return document.getElementById(id); });
  status.dataset.charts = ids.length;
  let drawn = 0;
  Promise.all(ids.map(function (id) {
    const spec = Object.assign({$schema: 'https://vega.github.io/schema/vega-lite/v5.json', width: 'container'}, specs[id]);
    return vegaEmbed('#' + id, spec, {actions: false, renderer: 'svg'}).then(function () { drawn++; });
  })).then(function () {
    status.dataset.drawn = drawn;
    status.dataset.done = '1';
  }).catch(function (e) {
    status.dataset.error = String(e);
    console.error(e);
  });
}
)js";

std::string page_head(const std::string& title) {
  std::ostringstream out;
  out << "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      << "<title>Stereotype — " << html_escape(title) << "</title>\n<style>" << kPageStyle << "</style>\n"
      << "<!-- Vega, Vega-Lite and vega-embed (BSD-3-Clause, University of Washington Interactive Data Lab), inlined -->\n"
      << "<script>" << script_safe(assets::vega_js()) << "</script>\n"
      << "<script>" << script_safe(assets::vega_lite_js()) << "</script>\n"
      << "<script>" << script_safe(assets::vega_embed_js()) << "</script>\n"
      << "<script>" << kDrawCharts << "</script>\n</head><body>\n";
  return out.str();
}

std::string definitions_section() {
  std::ostringstream out;
  out << "<section id=\"definitions\"><h2>Definitions</h2><dl class=\"defs\">";
  for (const auto& [key, body] : figure_definitions()) {
    out << "<dt id=\"def-" << html_escape(key) << "\"><code>" << html_escape(key) << "</code></dt><dd>" << body << "</dd>";
  }
  out << "</dl></section>\n";
  return out.str();
}

namespace {

// Draws every chart from the embedded profile; records in #render-status when all are drawn and
// whether any picture failed, for people and for the browser test alike.
const char* kScript = R"js(
(function () {
  const profile = JSON.parse(document.getElementById('profile-data').textContent);
  const extra = JSON.parse(document.getElementById('chart-data').textContent);
  const shots = profile.shots.map(function (s) {
    const c = s.color, p = c['color.palette'];
    return {shot: s.number, start: s.start_s, end: s.end_s, duration: s.duration_s, middle: (s.start_s + s.end_s) / 2,
            colour: p.length ? p[0].hex : '#000000', band: c['color.hue_band'], transition: s.transition_in || 'start',
            lightness: c['color.lightness_mean'].median, colourfulness: c['color.colorfulness'].median,
            chroma: c['color.chroma_mean'].median, cct: c['color.cct_k'].median, haze: c['color.haze'].median,
            neon: c['color.neon_share'].median, teal_orange: c['color.teal_orange'].median,
            camera: s.motion['motion.camera_speed'].midmean, object: s.motion['motion.object_speed'].midmean,
            sparc: s.motion['motion.smoothness_sparc'], ldlj: s.motion['motion.jerk_ldlj'],
            impacts: s.motion['motion.impacts_per_min'], dynamic: s.motion['motion.dynamic_degree'],
            symmetry: s.composition['composition.symmetry_lr'].median, balance: s.composition['composition.balance'].median,
            perspective: s.composition['composition.perspective_share'].median,
            clutter: s.composition['composition.clutter_congestion'].median, scale: s.composition['composition.shot_scale'],
            template: s.blank ? 'blank' : (s.template || 'none'),
            detail: s.texture['texture.detail'].median, grain: s.texture['texture.grain'].median,
            smoothness: s.texture['texture.smoothness'].median, boiling: s.texture['texture.boiling'].median};
  });
  const templates = profile.style.templates.map(function (t) {
    return {template: t.name, share: t.share, match: t.mean_match};
  });
  const time = {field: 'middle', type: 'quantitative', title: 'time (s)'};
  const tips = [{field: 'shot'}, {field: 'start', format: '.2f'}, {field: 'duration', format: '.2f'}, {field: 'band'}];
  const specs = {
    'chart-timeline': {data: {values: shots}, mark: {type: 'rect', stroke: '#fff', strokeWidth: 0.5}, height: 46,
      encoding: {x: {field: 'start', type: 'quantitative', title: 'time (s)', scale: {nice: false}}, x2: {field: 'end'},
                 color: {field: 'colour', type: 'nominal', scale: null}, tooltip: tips}},
    'chart-lengths': {data: {values: shots}, mark: 'bar', height: 160,
      encoding: {x: {field: 'duration', type: 'quantitative', bin: {maxbins: 20}, title: 'shot length (s)'},
                 y: {aggregate: 'count', title: 'shots'}}},
    'chart-light': {data: {values: shots}, height: 200,
      transform: [{fold: ['lightness', 'colourfulness', 'chroma'], as: ['measure', 'value']}],
      mark: {type: 'line', point: true}, encoding: {x: time, y: {field: 'value', type: 'quantitative'},
             color: {field: 'measure', type: 'nominal'}, tooltip: [{field: 'shot'}, {field: 'measure'}, {field: 'value', format: '.2f'}]}},
    'chart-bands': {data: {values: extra.bands}, mark: 'bar', height: 180,
      encoding: {x: {field: 'band', type: 'nominal', sort: null, title: 'dominant hue band'},
                 y: {field: 'share', type: 'quantitative', axis: {format: '%'}, title: 'share of screen time'},
                 color: {field: 'colour', type: 'nominal', scale: null}, tooltip: [{field: 'band'}, {field: 'share', format: '.1%'}]}},
    'chart-hues': {data: {values: extra.hues}, mark: 'bar', height: 180,
      encoding: {x: {field: 'hue', type: 'ordinal', title: 'hue angle h_ab (10\u00b0 bins)'},
                 y: {field: 'share', type: 'quantitative', axis: {format: '%'}, title: 'share of chroma'},
                 color: {field: 'colour', type: 'nominal', scale: null}, tooltip: [{field: 'hue'}, {field: 'share', format: '.1%'}]}},
    'chart-cct': {data: {values: shots}, mark: {type: 'point', filled: true, size: 60}, height: 160,
      encoding: {x: time, y: {field: 'cct', type: 'quantitative', scale: {zero: false}, title: 'colour temperature (K)'},
                 color: {field: 'colour', type: 'nominal', scale: null}, tooltip: [{field: 'shot'}, {field: 'cct', format: '.0f'}]}},
    'chart-motion': {data: {values: shots}, height: 180,
      transform: [{fold: ['camera', 'object'], as: ['motion', 'speed']}, {filter: 'datum.speed != null'}],
      mark: {type: 'line', point: true}, encoding: {x: time, y: {field: 'speed', type: 'quantitative', title: 'frame diagonals per second'},
             color: {field: 'motion', type: 'nominal'}, tooltip: [{field: 'shot'}, {field: 'motion'}, {field: 'speed', format: '.3f'}]}},
    'chart-smoothness': {data: {values: shots}, height: 180, transform: [{filter: 'datum.sparc != null'}],
      mark: {type: 'point', filled: true, size: 70},
      encoding: {x: {field: 'sparc', type: 'quantitative', title: 'smoothness (SPARC; closer to 0 is smoother)'},
                 y: {field: 'impacts', type: 'quantitative', title: 'impacts per minute'},
                 color: {field: 'colour', type: 'nominal', scale: null}, tooltip: [{field: 'shot'}, {field: 'sparc', format: '.2f'},
                 {field: 'ldlj', format: '.2f'}, {field: 'impacts', format: '.1f'}]}},
    'chart-composition': {data: {values: shots}, height: 180,
      transform: [{fold: ['symmetry', 'balance', 'perspective'], as: ['measure', 'value']}, {filter: 'datum.value != null'}],
      mark: {type: 'line', point: true}, encoding: {x: time, y: {field: 'value', type: 'quantitative'},
             color: {field: 'measure', type: 'nominal'}, tooltip: [{field: 'shot'}, {field: 'measure'}, {field: 'value', format: '.3f'}]}},
    'chart-clutter': {data: {values: shots}, height: 160, transform: [{filter: 'datum.clutter != null'}],
      mark: {type: 'bar'}, encoding: {x: {field: 'shot', type: 'ordinal'}, y: {field: 'clutter', type: 'quantitative', title: 'feature congestion'},
             color: {field: 'colour', type: 'nominal', scale: null}, tooltip: [{field: 'shot'}, {field: 'clutter', format: '.2f'}]}},
    'chart-texture': {data: {values: shots}, height: 180,
      transform: [{fold: ['smoothness', 'boiling', 'detail'], as: ['measure', 'value']}, {filter: 'datum.value != null'}],
      mark: {type: 'line', point: true}, encoding: {x: time, y: {field: 'value', type: 'quantitative'},
             color: {field: 'measure', type: 'nominal'}, tooltip: [{field: 'shot'}, {field: 'measure'}, {field: 'value', format: '.3f'}]}},
    'chart-grain': {data: {values: shots}, height: 160, transform: [{filter: 'datum.grain != null'}],
      mark: {type: 'bar'}, encoding: {x: {field: 'shot', type: 'ordinal'}, y: {field: 'grain', type: 'quantitative', title: 'grain (grey levels)'},
             color: {field: 'colour', type: 'nominal', scale: null}, tooltip: [{field: 'shot'}, {field: 'grain', format: '.2f'}]}},
    'chart-scales': {data: {values: extra.scales}, mark: 'bar', height: 160,
      encoding: {x: {field: 'scale', type: 'nominal', sort: null, title: 'shot scale'},
                 y: {field: 'share', type: 'quantitative', axis: {format: '%'}, title: 'share of screen time'},
                 tooltip: [{field: 'scale'}, {field: 'share', format: '.1%'}]}},
    'chart-templates': {data: {values: templates}, height: 180,
      transform: [{fold: ['share', 'match'], as: ['figure', 'value']}],
      mark: 'bar', encoding: {x: {field: 'template', type: 'nominal', title: null}, xOffset: {field: 'figure'},
             y: {field: 'value', type: 'quantitative', scale: {domain: [0, 1]}, title: 'share of screen time / mean match'},
             color: {field: 'figure', type: 'nominal'}, tooltip: [{field: 'template'}, {field: 'figure'}, {field: 'value', format: '.2f'}]}},
    'chart-template-timeline': {data: {values: shots}, mark: {type: 'rect', stroke: '#fff', strokeWidth: 0.5}, height: 46,
      encoding: {x: {field: 'start', type: 'quantitative', title: 'time (s)', scale: {nice: false}}, x2: {field: 'end'},
                 color: {field: 'template', type: 'nominal', title: 'best template'}, tooltip: [{field: 'shot'}, {field: 'template'}]}},
    'chart-atmosphere': {data: {values: shots}, height: 160,
      transform: [{fold: ['haze', 'neon', 'teal_orange'], as: ['measure', 'value']}],
      mark: {type: 'line', point: true}, encoding: {x: time, y: {field: 'value', type: 'quantitative'},
             color: {field: 'measure', type: 'nominal'}, tooltip: [{field: 'shot'}, {field: 'measure'}, {field: 'value', format: '.3f'}]}}
  };
  stereotypeDraw(specs);
})();
)js";

}  // namespace

std::string script_safe(std::string text) {
  // Only "</script" ends an inline script; "<\/script" means the same in JS strings, regular
  // expressions and JSON. Any other "</" (a regex like /</g) must stay as it is.
  for (std::size_t p = 0; (p = text.find("</", p)) != std::string::npos; p += 2) {
    std::string tag = text.substr(p + 2, 6);
    std::transform(tag.begin(), tag.end(), tag.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (tag == "script") text.replace(p, 2, "<\\/");
  }
  return text;
}

std::string base64(const std::string& bytes) {
  static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) | (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                       static_cast<unsigned char>(bytes[i + 2]);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  if (i < bytes.size()) {
    const bool two = i + 1 < bytes.size();
    const unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) | (two ? static_cast<unsigned char>(bytes[i + 1]) << 8 : 0u);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += two ? kAlphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

std::string html_escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> figure_definitions() {
  std::vector<std::pair<std::string, std::string>> defs;
  for (const std::string& doc : {assets::shots_md(), assets::color_metrics_md(), assets::motion_metrics_md(), assets::composition_metrics_md(),
                                 assets::texture_metrics_md(), assets::style_md()}) {
    std::istringstream in(doc);
    for (std::string line; std::getline(in, line);) {
      if (line.rfind("| `", 0) != 0) continue;
      const auto cells = table_cells(line);
      if (cells.size() < 2) continue;
      std::string rest;
      for (std::size_t i = 2; i < cells.size(); ++i) {
        if (cells[i].empty() || cells[i] == "—") continue;
        rest += (rest.empty() ? "" : " · ") + inline_markdown(cells[i]);
      }
      const std::string body = inline_markdown(cells[1]) + (rest.empty() ? "" : " <span class=\"meta\">(" + rest + ")</span>");
      // The first cell may name several keys: `a`, `b`.
      for (std::size_t p = cells[0].find('`'); p != std::string::npos; p = cells[0].find('`', p + 1)) {
        const auto q = cells[0].find('`', p + 1);
        if (q == std::string::npos) break;
        const std::string key = cells[0].substr(p + 1, q - p - 1);
        static const char* const kFamilies[] = {"shots.", "color.", "transitions.", "motion.", "body.", "composition.",
                                                "space.", "texture.", "template.", "diversity.", "corpus.", "comparison.", "film."};
        if (std::any_of(std::begin(kFamilies), std::end(kFamilies), [&](const char* f) { return key.rfind(f, 0) == 0; }) &&
            std::none_of(defs.begin(), defs.end(), [&](const auto& d) { return d.first == key; })) {
          defs.emplace_back(key, body);
        }
        p = q;
      }
    }
  }
  return defs;
}

std::string film_report_html(const FilmReportInput& in) {
  const auto& profile = *in.profile;
  const auto& list = *in.shots;
  const auto& color = *in.color;
  const auto& film = profile["film"];
  const auto& source = profile["source"];
  const auto stats = shots::shot_statistics(list);
  std::ostringstream out;

  // Data the charts need besides the profile: hue-band and hue-bin colours, screen-time shares.
  ordered_json chart_data;
  chart_data["bands"] = ordered_json::array();
  for (const auto& band : measure::hue_bands()) {
    chart_data["bands"].push_back({{"band", band.name},
                                   {"share", film["color.hue_band_share"].value(band.name, 0.0)},
                                   {"colour", band_hex(band)}});
  }
  chart_data["bands"].push_back({{"band", "neutral"}, {"share", film["color.hue_band_share"].value("neutral", 0.0)}, {"colour", "#9a9a9a"}});
  std::array<double, measure::kHueBins> hues{};
  double hue_total = 0;
  for (std::size_t i = 0; i < list.shots.size(); ++i) {
    if (list.shots[i].blank) continue;
    const double w = list.shots[i].duration_s() * color.shots[i].metrics.at("color.chroma_mean").median;
    for (int b = 0; b < measure::kHueBins; ++b) hues[static_cast<std::size_t>(b)] += w * color.shots[i].hue_histogram[static_cast<std::size_t>(b)];
  }
  for (double h : hues) hue_total += h;
  chart_data["hues"] = ordered_json::array();
  for (int b = 0; b < measure::kHueBins; ++b) {
    chart_data["hues"].push_back({{"hue", fmt::format("{:03}", b * 10)},
                                  {"share", hue_total > 0 ? hues[static_cast<std::size_t>(b)] / hue_total : 0.0},
                                  {"colour", hue_hex(b * 10.0 + 5.0)}});
  }

  chart_data["scales"] = ordered_json::array();
  for (const auto& [scale, share] : film["composition.shot_scale_share"].items()) chart_data["scales"].push_back({{"scale", scale}, {"share", share}});

  const std::string title = html_escape(in.title);
  out << page_head(in.title);

  out << "<header><h1>" << title << "</h1><p>"
      << fmt::format("{} · {}×{} · {} fps · {} · {} frames", html_escape(source.value("codec", "")), source.value("width", 0),
                     source.value("height", 0), source.value("frame_rate_fps", 0.0), media::format_clock(list.duration_s),
                     list.frame_count)
      << "</p></header>\n<nav><a href=\"#summary\">Summary</a><a href=\"#verdict\">Verdict</a><a href=\"#shots\">Shots</a><a href=\"#colour\">Colour &amp; light</a>"
      << "<a href=\"#motion\">Body &amp; motion</a><a href=\"#composition\">Space &amp; composition</a><a href=\"#texture\">Texture</a>"
      << "<a href=\"#templates\">Templates</a><a href=\"#contact\">Contact sheet</a><a href=\"#definitions\">Definitions</a></nav>\n<main>\n";

  // Summary: the figures a scholar cites, each with its interval and linked to its definition.
  auto figure_row = [&](const std::string& label, const std::string& value, const std::string& key) {
    return fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td></tr>", html_escape(label), value, def_link(key));
  };
  // The summary's rows have a column for the interval (empty where a figure has none).
  auto summary_row = [&](const std::string& label, const std::string& value, const std::string& key, const std::string& interval = "") {
    return fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", html_escape(label), value, interval, def_link(key));
  };
  // "–" in the summary's interval column where a figure has none.
  const auto interval_or_dash = [](const nlohmann::ordered_json& ci, int places) {
    const auto text = interval_text(ci, places);
    return text.empty() ? std::string("–") : text;
  };
  auto film_median = [&](const std::string& key, int places) {
    return film[key].is_object() && !film[key]["median"].is_null() ? fmt_value(film[key]["median"].get<double>(), places) : "–";
  };
  auto film_interval = [&](const std::string& key, int places) {
    return film[key].is_object() && film[key].contains("median_ci95") ? interval_or_dash(film[key]["median_ci95"], places) : std::string("–");
  };
  auto median_row = [&](const std::string& label, const std::string& key, int places, const std::string& suffix = "") {
    return summary_row(label, film_median(key, places) + suffix, key, film_interval(key, places));
  };
  const auto& style_section = profile["style"];
  out << "<section id=\"summary\"><h2>Summary</h2><table class=\"figures\"><tr><th>figure</th><th>value</th><th>95 % interval</th><th></th></tr>"
      << summary_row("shots", std::to_string(stats.count), "shots.count")
      << summary_row("average shot length (s)", fmt_value(stats.asl_s), "shots.asl_s", interval_or_dash(film.value("shots.asl_s_ci95", nlohmann::ordered_json()), 2))
      << summary_row("median shot length (s)", fmt_value(stats.median_s), "shots.median_s",
                     interval_or_dash(film.value("shots.median_s_ci95", nlohmann::ordered_json()), 2))
      << summary_row("shot length CV", fmt_value(stats.cv), "shots.cv")
      << summary_row("cuts / dissolves / fades", fmt::format("{} / {} / {}", stats.cuts, stats.dissolves, stats.fades), "transitions.cuts")
      << median_row("lightness L* (key)", "color.lightness_mean", 1, " (" + html_escape(film.value("color.lightness_key", "–")) + ")")
      << median_row("colourfulness", "color.colorfulness", 1, " (" + html_escape(film.value("color.colorfulness_label", "–")) + ")")
      << median_row("colour temperature (K)", "color.cct_k", 0)
      << summary_row("grading uniformity", film["color.grading_uniformity"].is_null() ? "– (one shot)" : fmt_value(film["color.grading_uniformity"].get<double>()), "color.grading_uniformity")
      << median_row("neon share", "color.neon_share", 3)
      << median_row("teal-orange", "color.teal_orange", 3)
      << median_row("left-right symmetry", "composition.symmetry_lr", 3)
      << median_row("feature congestion (clutter)", "composition.clutter_congestion", 2)
      << median_row("grain (grey levels)", "texture.grain", 2)
      << median_row("smooth (airbrushed) share", "texture.smoothness", 3)
      << summary_row("template tendency", style_section["template.tendency"].is_number() ? fmt_value(style_section["template.tendency"].get<double>()) : "–",
                    "template.tendency", interval_or_dash(style_section.value("template.tendency_ci95", nlohmann::ordered_json()), 3))
      << summary_row("Vendi score (effective distinct shots)", style_section["diversity"]["diversity.vendi"].is_number()
                        ? fmt::format("{} of {}", fmt_value(style_section["diversity"]["diversity.vendi"].get<double>()),
                                      style_section["diversity"]["diversity.shots"].get<int>())
                        : "–", "diversity.vendi")
      << "</table><p class=\"note\">Film figures are screen-time-weighted medians of the shots' values (a shot's value is the median of its frames, or for motion the midmean of its compared pairs). "
      << "The interval is where the figure would lie in 95 % of films made of other shots like these (percentile bootstrap over runs of neighbouring shots, as long as neighbours are alike, "
      << style::kIntervalMinShots << " shots at least) " << def_link("film.median_ci95") << ".</p>"
      << "<figure><figcaption>Movie barcode: one column per frame (or time slice), its mean colour "
      << def_link("color.lightness_mean") << "</figcaption><img class=\"wide band\" alt=\"movie barcode\" src=\""
      << data_uri("image/png", in.barcode_png) << "\"></figure></section>\n";

  // The verdict: which templates the film falls back on, in which shots, held there by what.
  out << "<section id=\"verdict\"><h2>Where it falls back on templates</h2>";
  const auto& verdict = style_section.value("verdict", nlohmann::ordered_json::array());
  if (verdict.empty()) {
    out << "<p class=\"note\">No shot reaches a match of 0.5 with any template " << def_link("template.share") << ".</p>";
  } else {
    out << "<p class=\"note\">Each template the film's shots use (a match of 0.5 or more), its share of screen time with its 95 % "
           "interval, the shots closest to it first, and its criteria read on those shots (screen-time-weighted median) beside the "
           "template's targets " << def_link("template.verdict") << ".</p>";
    for (const auto& v : verdict) {
      // The heading names the template; the line under it says the rest.
      const std::string title = v.value("title", v.value("template", "")), line = v.value("line", "");
      out << "<h3>" << html_escape(title) << "</h3><p class=\"verdict\">"
          << html_escape(line.rfind(title + ": ", 0) == 0 ? line.substr(title.size() + 2) : line) << "</p><div class=\"frames\">";
      std::size_t shown = 0;
      for (std::size_t j = 0; j < v["shots"].size() && shown < 4; ++j) {
        const int number = v["shots"][j].get<int>();
        for (std::size_t i = 0; i < list.shots.size(); ++i) {
          if (list.shots[i].number != number || !in.key_frame_jpegs || i >= in.key_frame_jpegs->size() || (*in.key_frame_jpegs)[i].empty()) continue;
          out << fmt::format("<figure><img alt=\"key frame of shot {0}\" src=\"{1}\"><figcaption>shot {0} · match {2}</figcaption></figure>", number,
                             data_uri("image/jpeg", (*in.key_frame_jpegs)[i]), fmt_value(v["matches"][j].get<double>(), 2));
          ++shown;
        }
      }
      out << "</div>";
    }
  }
  out << "</section>\n";

  // Shots.
  std::ostringstream shot_table;
  shot_table << "<table><tr><th>shot</th><th>start</th><th>duration (s)</th><th>opens with</th><th>hue band</th><th>L*</th>"
                "<th>colourfulness</th><th>CCT (K)</th><th>palette</th></tr>";
  for (std::size_t i = 0; i < list.shots.size(); ++i) {
    const auto& s = list.shots[i];
    const auto& sc = color.shots[i];
    std::string swatches;
    for (const auto& p : sc.palette) {
      swatches += fmt::format("<span class=\"swatch\" style=\"background:{0}\" title=\"{0} {1:.0f}%\"></span>", hex_color(p.lab), 100 * p.share);
    }
    shot_table << fmt::format("<tr><td>{}{}</td><td>{}</td><td>{:.2f}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                              s.number, s.blank ? " (blank)" : "", media::format_clock(s.start_s), s.duration_s(),
                              html_escape(profile["shots"][i]["transition_in"].is_null() ? "start" : profile["shots"][i]["transition_in"].get<std::string>()),
                              sc.hue_band, fmt_value(sc.metrics.at("color.lightness_mean").median, 1),
                              fmt_value(sc.metrics.at("color.colorfulness").median, 1), fmt_value(sc.metrics.at("color.cct_k").median, 0), swatches);
  }
  shot_table << "</table>";
  std::ostringstream length_table;
  length_table << "<table><tr><th>shot</th><th>duration (s)</th></tr>";
  for (const auto& s : list.shots) length_table << fmt::format("<tr><td>{}</td><td>{:.2f}</td></tr>", s.number, s.duration_s());
  length_table << "</table>";
  out << "<section id=\"shots\"><h2>Shots</h2>";
  chart_block(out, "chart-timeline", "Shot timeline, each shot in its dominant palette colour", "shots.count", shot_table.str());
  chart_block(out, "chart-lengths", "Distribution of shot lengths", "shots.asl_s", length_table.str());
  out << "</section>\n";

  // Colour and light.
  auto metric_table = [&](const std::vector<std::string>& keys) {
    std::ostringstream t;
    t << "<table><tr><th>shot</th>";
    for (const auto& k : keys) t << "<th>" << html_escape(k) << " (median)</th>";
    t << "</tr>";
    for (std::size_t i = 0; i < list.shots.size(); ++i) {
      t << "<tr><td>" << list.shots[i].number << "</td>";
      for (const auto& k : keys) t << "<td>" << fmt_value(color.shots[i].metrics.at(k).median, 3) << "</td>";
      t << "</tr>";
    }
    t << "</table>";
    return t.str();
  };
  std::ostringstream band_table, hue_table;
  band_table << "<table><tr><th>band</th><th>share of screen time</th></tr>";
  for (const auto& b : chart_data["bands"]) band_table << fmt::format("<tr><td>{}</td><td>{:.1f}%</td></tr>", b["band"].get<std::string>(), 100 * b["share"].get<double>());
  band_table << "</table>";
  hue_table << "<table><tr><th>hue bin (deg)</th><th>share of chroma</th></tr>";
  for (const auto& h : chart_data["hues"]) hue_table << fmt::format("<tr><td>{}</td><td>{:.2f}%</td></tr>", h["hue"].get<std::string>(), 100 * h["share"].get<double>());
  hue_table << "</table>";
  out << "<section id=\"colour\"><h2>Colour and light</h2>";
  chart_block(out, "chart-light", "Lightness, colourfulness and chroma per shot", "color.colorfulness",
              metric_table({"color.lightness_mean", "color.colorfulness", "color.chroma_mean"}));
  chart_block(out, "chart-bands", "Screen time by dominant hue band", "color.hue_band_share", band_table.str());
  chart_block(out, "chart-hues", "Hue histogram of the film (chroma-weighted, screen-time-weighted)", "color.hue_histogram", hue_table.str());
  chart_block(out, "chart-cct", "Colour temperature per shot", "color.cct_k", metric_table({"color.cct_k"}));
  chart_block(out, "chart-atmosphere", "Haze, neon and teal-orange per shot", "color.neon_share",
              metric_table({"color.haze", "color.neon_share", "color.teal_orange"}));
  out << "<figure><figcaption>Palettes: each shot's five colours, as wide as its screen time " << def_link("color.palette")
      << "</figcaption><img class=\"wide band\" alt=\"palette strip\" src=\"" << data_uri("image/png", in.palettes_png) << "\"></figure>";

  // Key frames that score highest and lowest.
  for (const auto& ranked : std::vector<std::pair<std::string, std::string>>{
           {"color.colorfulness", "colourfulness"}, {"color.lightness_mean", "lightness"}, {"color.haze", "haze"}, {"color.neon_share", "neon"}}) {
    const std::string& key = ranked.first;  // named, not bound: lambdas below capture it
    const std::string& label = ranked.second;
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < list.shots.size(); ++i) {
      if (!list.shots[i].blank) order.push_back(i);
    }
    if (order.size() < 2) break;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return color.shots[a].metrics.at(key).median > color.shots[b].metrics.at(key).median;
    });
    const double top = color.shots[order.front()].metrics.at(key).median, bottom = color.shots[order.back()].metrics.at(key).median;
    if (!(top > bottom)) {  // every shot scores the same: a ranking would show nothing
      out << "<h3>" << html_escape(label) << " " << def_link(key) << "</h3><p class=\"note\">Every shot scores "
          << fmt_value(top, 3) << ".</p>";
      continue;
    }
    const std::size_t k = std::min<std::size_t>(3, order.size() / 2);
    auto frames = [&](std::size_t from, std::size_t to) {
      std::string s;
      for (std::size_t j = from; j < to; ++j) {
        const auto i = order[j];
        const std::string img = in.key_frame_jpegs && i < in.key_frame_jpegs->size() && !(*in.key_frame_jpegs)[i].empty()
                                    ? "<img alt=\"key frame of shot " + std::to_string(list.shots[i].number) + "\" src=\"" + data_uri("image/jpeg", (*in.key_frame_jpegs)[i]) + "\">"
                                    : "";
        s += fmt::format("<figure>{}<figcaption>shot {} · {} {}</figcaption></figure>", img, list.shots[i].number, label,
                         fmt_value(color.shots[i].metrics.at(key).median, 3));
      }
      return s;
    };
    out << "<h3>Highest and lowest " << html_escape(label) << " " << def_link(key) << "</h3><div class=\"frames\">"
        << frames(0, k) << "</div><div class=\"frames\" style=\"margin-top:6px\">" << frames(order.size() - k, order.size()) << "</div>";
  }
  out << "</section>\n";

  // Body and motion.
  // A table of one family's per-shot values: the median of per-frame metrics, or the shot's value.
  auto family_table = [&](const char* family, const std::vector<std::string>& keys) {
    std::ostringstream t;
    t << "<table><tr><th>shot</th>";
    for (const auto& k : keys) t << "<th>" << html_escape(k) << "</th>";
    t << "</tr>";
    for (const auto& shot : profile["shots"]) {
      t << "<tr><td>" << shot["number"].get<int>() << "</td>";
      for (const auto& k : keys) {
        const auto& raw = shot[family][k];
        const auto& v = raw.is_object() ? raw[raw.contains("midmean") ? "midmean" : "median"] : raw;
        t << "<td>" << (v.is_number() ? fmt_value(v.get<double>(), 3) : v.is_string() ? html_escape(v.get<std::string>()) : std::string("–")) << "</td>";
      }
      t << "</tr>";
    }
    t << "</table>";
    return t.str();
  };
  out << "<section id=\"motion\"><h2>Body and motion</h2>";
  chart_block(out, "chart-motion", "Camera and object speed per shot (midmeans of its pairs)", "motion.camera_speed",
              family_table("motion", {"motion.camera_speed", "motion.object_speed", "motion.dynamic_degree", "body.faces", "body.people",
                            "body.face_height", "body.face_instability"}));
  chart_block(out, "chart-smoothness", "Smoothness against impacts, per shot", "motion.smoothness_sparc",
              family_table("motion", {"motion.smoothness_sparc", "motion.jerk_ldlj", "motion.impacts_per_min",
                                              "motion.object_impacts_per_min", "motion.accel_kurtosis"}));
  out << "<figure><figcaption>Speed over time, shot by shot, impacts in red " << def_link("motion.impacts_per_min")
      << ", bounces and collisions of followed objects as orange triangles " << def_link("motion.object_impacts_per_min")
      << "</figcaption><img class=\"wide band\" alt=\"motion strip\" src=\"" << data_uri("image/png", in.motion_png) << "\"></figure>"
      << "</section>\n"
      << "</section>\n";

  // Space and composition.
  std::ostringstream scale_table, continuity_table;
  scale_table << "<table><tr><th>shot scale</th><th>share of screen time</th></tr>";
  for (const auto& sc : chart_data["scales"]) scale_table << fmt::format("<tr><td>{}</td><td>{:.1f}%</td></tr>", sc["scale"].get<std::string>(), 100 * sc["share"].get<double>());
  scale_table << "</table>";
  continuity_table << "<table class=\"figures\"><tr><th>between consecutive shots</th><th>value</th><th></th></tr>";
  for (const auto& [key, label] : std::vector<std::pair<std::string, std::string>>{{"space.scale_jumps", "share of joins with a shot-scale jump"},
                                                                                  {"space.color_jumps", "share of joins with a colour jump"},
                                                                                  {"space.color_jump_mean", "mean colour change across a join (ΔE)"},
                                                                                  {"space.direction_flips", "share of joins reversing screen direction"},
                                                                                  {"space.gradual_share", "share of gradual transitions"}}) {
    continuity_table << figure_row(label, film[key].is_number() ? fmt_value(film[key].get<double>(), 3) : "–", key);
  }
  continuity_table << "</table>";
  out << "<section id=\"composition\"><h2>Space and composition</h2>";
  chart_block(out, "chart-composition", "Symmetry, saliency balance and one-point perspective per shot", "composition.symmetry_lr",
              family_table("composition", {"composition.symmetry_lr", "composition.symmetry_tb", "composition.balance", "composition.thirds",
                                           "composition.perspective_share", "composition.vanishing_distance", "composition.depth_of_field"}));
  chart_block(out, "chart-clutter", "Clutter (feature congestion) per shot", "composition.clutter_congestion",
              family_table("composition", {"composition.clutter_congestion", "composition.clutter_edges"}));
  chart_block(out, "chart-scales", "Screen time by shot scale (from the largest face, else the tallest figure)", "composition.shot_scale",
              scale_table.str() + family_table("composition", {"composition.face_share", "composition.figure_share", "composition.shot_scale"}));
  out << continuity_table.str() << "</section>\n";

  // Texture and surface.
  out << "<section id=\"texture\"><h2>Texture and surface</h2>";
  chart_block(out, "chart-texture", "Smooth share, boiling and fine detail per shot", "texture.smoothness",
              family_table("texture", {"texture.detail", "texture.smoothness", "texture.boiling", "texture.sharpness"}));
  chart_block(out, "chart-grain", "Grain per shot", "texture.grain", family_table("texture", {"texture.grain", "texture.brisque"}));
  out << "</section>\n";

  // Templates and homogenisation.
  const auto& style_data = profile["style"];
  std::ostringstream template_table, diversity_table;
  template_table << "<table><tr><th>template</th><th>share of screen time</th><th>its 95 % interval</th><th>mean match</th></tr>";
  for (const auto& t : style_data["templates"]) {
    template_table << fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", html_escape(t["name"].get<std::string>()),
                                  t["share"].is_number() ? fmt_value(t["share"].get<double>(), 3) : "–",
                                  interval_or_dash(t.value("share_ci95", nlohmann::ordered_json()), 3),
                                  t["mean_match"].is_number() ? fmt_value(t["mean_match"].get<double>(), 3) : "–");
  }
  template_table << "</table>";
  std::ostringstream best_table;
  best_table << "<table><tr><th>shot</th><th>best template</th></tr>";
  for (const auto& shot : profile["shots"])
    best_table << fmt::format("<tr><td>{}</td><td>{}</td></tr>", shot["number"].get<int>(),
                              shot.contains("template") && shot["template"].is_string() ? html_escape(shot["template"].get<std::string>()) : "none");
  best_table << "</table>";
  diversity_table << "<table class=\"figures\"><tr><th>homogenisation</th><th>value</th><th></th></tr>";
  for (const auto& [key, label] : std::vector<std::pair<std::string, std::string>>{{"diversity.vendi", "Vendi score"},
                                                                                  {"diversity.vendi_ratio", "Vendi ratio (÷ shots)"},
                                                                                  {"diversity.mean_pairwise", "mean pairwise distance"},
                                                                                  {"diversity.typicality", "typicality"},
                                                                                  {"diversity.style_entropy", "style-cluster entropy"}}) {
    const auto& v = style_data["diversity"][key];
    diversity_table << figure_row(label, v.is_number() ? fmt_value(v.get<double>(), 3) : "–", key);
  }
  if (style_data.contains("corpus")) {
    diversity_table << figure_row("distance to the corpus centroid", style_data["corpus"]["corpus.centroid_distance"].is_number()
                                      ? fmt_value(style_data["corpus"]["corpus.centroid_distance"].get<double>(), 3) : "–",
                                  "corpus.centroid_distance");
  }
  diversity_table << "</table>";
  if (const auto caution = corpus_caution(style_data, "this film"); !caution.empty())
    diversity_table << "<p class=\"note\">" << html_escape(caution) << ".</p>";
  out << "<section id=\"templates\"><h2>Templates and homogenisation</h2>";
  chart_block(out, "chart-template-timeline", "Shot timeline coloured by each shot's best template (none: no match reaches 0.5)",
              "template.share", best_table.str());
  chart_block(out, "chart-templates", "Each template's share of screen time and mean match", "template.share", template_table.str());
  out << diversity_table.str() << "</section>\n";

  out << "<section id=\"contact\"><h2>Contact sheet</h2><figure><figcaption>One key frame per shot with its palette; thirds grid, "
         "saliency centroid (yellow circle), vanishing point (magenta cross), faces (green), figures (blue) and shot scale "
      << def_link("composition.balance");
  if (in.contact_jpegs.size() > 1) out << "; " << in.contact_jpegs.size() << " pages of " << kContactSheetPageShots << " shots";
  out << "</figcaption>";
  for (std::size_t k = 0; k < in.contact_jpegs.size(); ++k) {
    out << "<img class=\"wide\" alt=\"contact sheet" << (in.contact_jpegs.size() > 1 ? fmt::format(", page {}", k + 1) : std::string())
        << "\" src=\"" << data_uri("image/jpeg", in.contact_jpegs[k]) << "\">";
  }
  out << "</figure></section>\n";

  out << definitions_section() << "</main>\n";

  out << "<div id=\"render-status\" hidden></div>\n"
      << "<script type=\"application/json\" id=\"profile-data\">" << script_safe(profile.dump()) << "</script>\n"
      << "<script type=\"application/json\" id=\"chart-data\">" << script_safe(chart_data.dump()) << "</script>\n"
      << "<script>" << kScript << "</script>\n</body></html>\n";
  return std::move(out).str();  // C++20: hands over the buffer instead of copying a page of tens of MB
}

}  // namespace stereotype::report
