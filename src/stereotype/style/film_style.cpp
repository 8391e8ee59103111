#include "stereotype/style/film_style.hpp"

#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "stereotype/error.hpp"

namespace stereotype::style {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

[[noreturn]] void bad(const std::string& subject, const std::string& what) {
  throw Error(ErrorKind::InputInvalid, subject, "not a usable stereotype profile: " + what);
}

// A shot value is a number, null (undefined), or {median, iqr} for per-frame metrics, with the
// midmean that stands for the shot where there is one (motion's jittery per-pair values).
void flatten(const nlohmann::ordered_json& family, std::map<std::string, double>& out) {
  if (!family.is_object()) return;
  for (const auto& [key, value] : family.items()) {
    if (value.is_number()) {
      out[key] = value.get<double>();
    } else if (value.is_null()) {
      out[key] = kNaN;
    } else if (value.is_object() && (value.contains("midmean") || value.contains("median"))) {
      const auto& m = value.contains("midmean") ? value["midmean"] : value["median"];
      out[key] = m.is_number() ? m.get<double>() : kNaN;
    }
  }
}

FilmStyle read_profile(const nlohmann::ordered_json& profile, const std::string& name, const std::string& subject) {
  if (!profile.is_object() || profile.value("schema", "") != "stereotype.profile") bad(subject, "schema is not \"stereotype.profile\"");
  if (!profile.contains("shots") || !profile["shots"].is_array()) bad(subject, "no \"shots\" array");
  FilmStyle film;
  film.name = name;
  int number = 0;
  for (const auto& shot : profile["shots"]) {
    ++number;
    if (!shot.is_object() || !shot.contains("duration_s") || !shot["duration_s"].is_number())
      bad(subject, fmt::format("shot {} has no numeric \"duration_s\"", number));
    ShotStyle s;
    s.film = name;
    s.number = shot.value("number", number);
    s.start_s = shot.value("start_s", 0.0);
    s.duration_s = shot["duration_s"].get<double>();
    s.blank = shot.value("blank", false);
    s.key_frame = shot.value("key_frame", std::int64_t{0});
    for (const char* family : {"color", "motion", "composition", "texture"})
      if (shot.contains(family)) flatten(shot[family], s.metrics);
    s.metrics["shot.duration_s"] = s.duration_s;
    if (shot.contains("key_frame_signature") && shot["key_frame_signature"].is_object()) {
      const auto& sig = shot["key_frame_signature"];
      try {
        s.signature.phash = evidence::phash_from_hex(sig.at("phash").get<std::string>());
        evidence::thumb_from_text(sig.at("thumb_16x9").get<std::string>(), s.signature);
        const auto& lab = sig.at("mean_lab");
        s.signature.mean_lab = cv::Vec3f(lab.at(0).get<float>(), lab.at(1).get<float>(), lab.at(2).get<float>());
        s.signature.valid = true;
      } catch (const std::exception& e) {
        bad(subject, fmt::format("shot {}'s key_frame_signature: {}", number, e.what()));
      }
    }
    film.duration_s += s.duration_s;
    film.shots.push_back(std::move(s));
  }
  return film;
}

}  // namespace

double ShotStyle::metric(const std::string& key) const {
  const auto it = metrics.find(key);
  return it == metrics.end() ? kNaN : it->second;
}

FilmStyle film_style_from_profile(const nlohmann::ordered_json& profile, const std::string& name, const std::string& subject) {
  // A field of the wrong type (a string where a number belongs) is a bad profile, said in one line.
  try {
    return read_profile(profile, name, subject);
  } catch (const nlohmann::json::exception& e) {
    bad(subject, e.what());
  }
}

std::vector<const ShotStyle*> picture_shots(const std::vector<FilmStyle>& films) {
  std::vector<const ShotStyle*> out;
  for (const auto& f : films)
    for (const auto& s : f.shots)
      if (!s.blank && s.duration_s > 0) out.push_back(&s);
  return out;
}

std::vector<int> film_numbers(const std::vector<const ShotStyle*>& shots) {
  std::vector<int> out;
  for (std::size_t i = 0; i < shots.size(); ++i) out.push_back(i == 0 ? 0 : out.back() + (shots[i]->film != shots[i - 1]->film ? 1 : 0));
  return out;
}

}  // namespace stereotype::style
