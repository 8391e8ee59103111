#pragma once
// Files embedded at build time by tools/embed.cpp (see CMakeLists.txt).
#include <string>

namespace stereotype::assets {

std::string vega_js();        // Vega (BSD-3-Clause), UMD build, from the npm registry
std::string vega_lite_js();   // Vega-Lite (BSD-3-Clause)
std::string vega_embed_js();  // vega-embed (BSD-3-Clause)
std::string color_metrics_md();  // docs/metrics/color.md
std::string shots_md();          // docs/shots.md
std::string motion_metrics_md(); // docs/metrics/motion.md
std::string composition_metrics_md();  // docs/metrics/composition.md
std::string style_md();                // docs/style.md (templates, diversity, comparison)
std::string texture_metrics_md();      // docs/metrics/texture.md
std::string template_clean_render();
std::string template_cyberpunk_neon();       // templates/*.json: the templates shipped with the tool
std::string template_teal_orange();
std::string template_symmetric_spectacle();
std::string template_element_overload();
std::string template_weightless_motion();

}  // namespace stereotype::assets
