#pragma once
// report.html: one self-contained page a person reads — summary, barcode, shot timeline, the
// measurement sections with Vega-Lite charts (each with a table fallback and a link to its
// definition), key frames that score highest and lowest, contact sheet, definitions. Everything
// (charting libraries, pictures, data) is inside the file: it opens from disk with no network.
// The page charts the same JSON the profile file holds: no second computation.
#include <sstream>
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
  std::string barcode_png, palettes_png, motion_png;  // encoded pictures
  // The contact sheet's pages as the page embeds them: JPEG, about a quarter of the PNG files' size
  // (key frames are photographs; a 2-hour film has over a thousand of them).
  std::vector<std::string> contact_jpegs;
  const std::vector<std::string>* key_frame_jpegs = nullptr;  // one per shot (empty when none was kept)
};

std::string film_report_html(const FilmReportInput& input);

// Definitions of the report's figures, parsed from the embedded docs' tables: key -> HTML.
std::vector<std::pair<std::string, std::string>> figure_definitions();

std::string base64(const std::string& bytes);

// Parts the one-film and the two-film pages share.
std::string page_head(const std::string& title);  // doctype to <body>, with the style and the inlined charting libraries
std::string definitions_section();                 // every definition, anchored as #def-KEY
std::string def_link(const std::string& key);
std::string data_uri(const std::string& mime, const std::string& bytes);
std::string script_safe(std::string text);
std::string fmt_value(double v, int places = 2);
// A 95 % interval as the pages print it, "[0.35, 0.47]"; "" when the JSON holds none (null).
std::string interval_text(const nlohmann::ordered_json& interval, int places);
void chart_block(std::ostringstream& out, const std::string& id, const std::string& title, const std::string& key,
                 const std::string& table_html);
std::string html_escape(const std::string& text);

}  // namespace stereotype::report
