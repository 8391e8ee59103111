#pragma once
// report.html: one self-contained page a person reads — summary, barcode, shot timeline, the
// measurement sections with Vega-Lite charts (each with a table fallback and a link to its
// definition), key frames that score highest and lowest, contact sheet, definitions. Everything
// (charting libraries, pictures, data) is inside the file: it opens from disk with no network.
// The page charts the same JSON the profile file holds: no second computation.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "stereotype/measure/color_profile.hpp"
#include "stereotype/media/source.hpp"
#include "stereotype/shots/shot_list.hpp"

namespace stereotype::report {

struct FilmReportInput {
  std::string title;
  const nlohmann::ordered_json* profile = nullptr;  // as written to NAME.profile.json
  const shots::ShotList* shots = nullptr;
  const measure::ColorProfile* color = nullptr;
  std::string barcode_png, palettes_png, contact_png, motion_png;  // encoded pictures
  std::vector<std::string> key_frame_jpegs;            // one per shot (empty when none was kept)
};

std::string film_report_html(const FilmReportInput& input);

// Definitions of the report's figures, parsed from the embedded docs' tables: key -> HTML.
std::vector<std::pair<std::string, std::string>> figure_definitions();

std::string base64(const std::string& bytes);
std::string html_escape(const std::string& text);

}  // namespace stereotype::report
