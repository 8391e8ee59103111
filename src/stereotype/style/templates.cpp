#include "stereotype/style/templates.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <regex>
#include <sstream>

#include <fmt/format.h>

#include "stereotype/error.hpp"
#include "stereotype/report/assets.hpp"
#include "stereotype/style/metric_catalog.hpp"

namespace stereotype::style {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

[[noreturn]] void bad(const std::string& subject, const std::string& key, const std::string& expected) {
  throw Error(ErrorKind::InputInvalid, subject, fmt::format("key '{}': expected {}", key, expected));
}

std::string text_field(const nlohmann::json& j, const std::string& key, const std::string& subject, bool required) {
  if (!j.contains(key)) {
    if (required) bad(subject, key, "a string (it is missing)");
    return {};
  }
  if (!j[key].is_string()) bad(subject, key, "a string");
  return j[key].get<std::string>();
}

double number_field(const nlohmann::json& j, const std::string& key, const std::string& path, const std::string& subject, bool positive,
                    double fallback, bool required) {
  if (!j.contains(key)) {
    if (required) bad(subject, path, positive ? "a number > 0 (it is missing)" : "a number (it is missing)");
    return fallback;
  }
  const auto& v = j[key];
  if (!v.is_number() || !std::isfinite(v.get<double>())) bad(subject, path, positive ? "a number > 0" : "a finite number");
  const double x = v.get<double>();
  if (positive && !(x > 0)) bad(subject, path, "a number > 0");
  return x;
}

}  // namespace

Template parse_template(const std::string& text, const std::string& subject) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    throw Error(ErrorKind::InputInvalid, subject, fmt::format("not valid JSON (byte {})", e.byte));
  } catch (const nlohmann::json::exception&) {  // e.g. a number too large for a double (found by fuzzing)
    throw Error(ErrorKind::InputInvalid, subject, "not valid JSON (a number out of range)");
  }
  if (!j.is_object()) bad(subject, "(top level)", "an object");
  if (text_field(j, "schema", subject, true) != "stereotype.template") bad(subject, "schema", "\"stereotype.template\"");
  if (!j.contains("version") || !j["version"].is_number_integer() || j["version"].get<long long>() != 1) bad(subject, "version", "1");
  Template t;
  t.name = text_field(j, "name", subject, true);
  static const std::regex name_pattern("[a-z0-9]+(-[a-z0-9]+)*");
  if (t.name.size() > 64 || !std::regex_match(t.name, name_pattern)) bad(subject, "name", "lower-case words joined by hyphens, e.g. \"cyberpunk-neon\"");
  t.title = text_field(j, "title", subject, false);
  t.description = text_field(j, "description", subject, false);
  if (!j.contains("targets") || !j["targets"].is_array() || j["targets"].empty()) bad(subject, "targets", "a non-empty array");
  for (std::size_t i = 0; i < j["targets"].size(); ++i) {
    const auto& o = j["targets"][i];
    const std::string at = fmt::format("targets[{}]", i);
    if (!o.is_object()) bad(subject, at, "an object");
    TemplateTarget target;
    if (!o.contains("metric") || !o["metric"].is_string()) bad(subject, at + ".metric", "a metric key such as \"color.colorfulness\"");
    target.metric = o["metric"].get<std::string>();
    if (!find_metric(target.metric)) bad(subject, at + ".metric", fmt::format("a known metric key (\"{}\" is not one; see docs/style.md)", target.metric));
    const std::string kind = o.contains("kind") ? (o["kind"].is_string() ? o["kind"].get<std::string>() : "?") : "near";
    if (kind == "near") target.kind = TargetKind::Near;
    else if (kind == "at_least") target.kind = TargetKind::AtLeast;
    else if (kind == "at_most") target.kind = TargetKind::AtMost;
    else bad(subject, at + ".kind", "\"near\", \"at_least\" or \"at_most\"");
    target.value = number_field(o, "value", at + ".value", subject, false, 0, true);
    target.tolerance = number_field(o, "tolerance", at + ".tolerance", subject, true, 1, true);
    target.weight = number_field(o, "weight", at + ".weight", subject, true, 1, false);
    t.targets.push_back(target);
  }
  return t;
}

Template load_template(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorKind::InputMissing, path, "cannot read the template file");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_template(text.str(), path);
}

const std::vector<Template>& builtin_templates() {
  static const std::vector<Template> templates = [] {
    std::vector<Template> out;
    const std::pair<const char*, std::string> files[] = {
        {"cyberpunk-neon.json", assets::template_cyberpunk_neon()},
        {"teal-orange.json", assets::template_teal_orange()},
        {"symmetric-spectacle.json", assets::template_symmetric_spectacle()},
        {"element-overload.json", assets::template_element_overload()},
        {"weightless-motion.json", assets::template_weightless_motion()},
        {"clean-render.json", assets::template_clean_render()},
    };
    for (const auto& [file, text] : files) out.push_back(parse_template(text, std::string("templates/") + file));
    std::sort(out.begin(), out.end(), [](const Template& a, const Template& b) { return a.name < b.name; });
    return out;
  }();
  return templates;
}

double criterion_match(const TemplateTarget& t, double x) {
  if (std::isnan(x)) return kNaN;
  double gap = x - t.value;
  if (t.kind == TargetKind::AtLeast) gap = std::min(gap, 0.0);
  if (t.kind == TargetKind::AtMost) gap = std::max(gap, 0.0);
  const double z = gap / t.tolerance;
  return std::exp(-0.5 * z * z);
}

double template_match(const Template& t, const ShotStyle& shot) {
  double total = 0, defined = 0, log_sum = 0;
  for (const auto& target : t.targets) {
    total += target.weight;
    const double m = criterion_match(target, shot.metric(target.metric));
    if (std::isnan(m)) continue;
    defined += target.weight;
    log_sum += target.weight * std::log(std::max(m, 1e-300));
  }
  if (!(defined > 0.5 * total)) return kNaN;
  return std::exp(log_sum / defined);
}

TemplateResult match_templates(const std::vector<Template>& templates, const std::vector<const ShotStyle*>& shots) {
  TemplateResult r;
  double total = 0;
  std::vector<double> share(templates.size(), 0), mean(templates.size(), 0), mean_weight(templates.size(), 0);
  double best_sum = 0, best_weight = 0;
  for (const auto* s : shots) {
    const double w = s->duration_s;
    total += w;
    std::map<std::string, double> matches;
    double best = kNaN;
    std::string best_name;
    for (std::size_t k = 0; k < templates.size(); ++k) {
      const double m = template_match(templates[k], *s);
      matches[templates[k].name] = m;
      if (std::isnan(m)) continue;
      mean[k] += w * m;
      mean_weight[k] += w;
      if (m >= kTemplateShareThreshold) share[k] += w;
      if (std::isnan(best) || m > best) {
        best = m;
        best_name = templates[k].name;
      }
    }
    if (!std::isnan(best)) {
      best_sum += w * best;
      best_weight += w;
    }
    r.shots.push_back(std::move(matches));
    r.best.push_back(!std::isnan(best) && best >= kTemplateShareThreshold ? best_name : "");
  }
  for (std::size_t k = 0; k < templates.size(); ++k)
    r.templates.push_back({templates[k].name, total > 0 ? share[k] / total : kNaN, mean_weight[k] > 0 ? mean[k] / mean_weight[k] : kNaN});
  r.tendency = best_weight > 0 ? best_sum / best_weight : kNaN;
  return r;
}

std::vector<std::pair<double, double>> best_matches(const TemplateResult& r, const std::vector<const ShotStyle*>& shots) {
  std::vector<std::pair<double, double>> best;
  for (std::size_t i = 0; i < shots.size() && i < r.shots.size(); ++i) {
    double b = kNaN;
    for (const auto& [name, m] : r.shots[i])
      if (!std::isnan(m) && (std::isnan(b) || m > b)) b = m;
    best.emplace_back(b, shots[i]->duration_s);
  }
  return best;
}

TemplateIntervals template_intervals(const TemplateResult& r, const std::vector<const ShotStyle*>& shots, const IntervalParams& params) {
  TemplateIntervals out;
  const auto film = film_numbers(shots);
  out.tendency = figure_intervals(best_matches(r, shots), "template.tendency", params, film).mean;
  for (const auto& t : r.templates) {
    // A shot uses the template or not: its share of screen time is the weighted mean of that.
    std::vector<std::pair<double, double>> uses;
    for (std::size_t i = 0; i < shots.size() && i < r.shots.size(); ++i) {
      const auto it = r.shots[i].find(t.name);
      const bool used = it != r.shots[i].end() && !std::isnan(it->second) && it->second >= kTemplateShareThreshold;
      uses.emplace_back(used ? 1.0 : 0.0, shots[i]->duration_s);
    }
    out.shares.push_back(figure_intervals(uses, "template." + t.name + ".share", params, film).mean);
  }
  return out;
}

}  // namespace stereotype::style

namespace stereotype::style {
void attach_template_matches(std::vector<FilmStyle>& films, const std::vector<Template>& templates) {
  for (auto& f : films)
    for (auto& s : f.shots)
      if (!s.blank)
        for (const auto& t : templates) s.metrics["template." + t.name] = template_match(t, s);
}
}  // namespace stereotype::style
