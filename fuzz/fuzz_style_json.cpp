// libFuzzer target: arbitrary bytes as a template file and as a profile, through the loaders and
// on into template matching, homogenisation and the comparison statistics. Anything but a
// stereotype::Error (or a JSON syntax error, which callers turn into one) is a bug.
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "stereotype/error.hpp"
#include "stereotype/style/alignment.hpp"
#include "stereotype/style/comparison.hpp"
#include "stereotype/style/diversity.hpp"
#include "stereotype/style/templates.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace stereotype;
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::vector<style::Template> templates = style::builtin_templates();
  try {
    templates.push_back(style::parse_template(text, "fuzz-template.json"));
  } catch (const Error&) {
  }
  nlohmann::ordered_json profile;
  try {
    profile = nlohmann::ordered_json::parse(text);
  } catch (const nlohmann::json::exception&) {  // syntax, or a number out of range: callers say "not valid JSON"
    return 0;
  }
  try {
    std::vector<style::FilmStyle> films{style::film_style_from_profile(profile, "fuzz", "fuzz-profile.json")};
    style::attach_template_matches(films, templates);
    const auto shots = style::picture_shots(films);
    style::match_templates(templates, shots);
    style::measure_diversity(shots);
    style::align_shots(shots, shots);
    std::vector<std::string> keys = {"color.colorfulness", "motion.smoothness_sparc", "composition.symmetry_lr", "shot.duration_s"};
    style::compare_metrics(shots, shots, keys, {1, 20, 20});
  } catch (const Error&) {
  }
  return 0;
}
