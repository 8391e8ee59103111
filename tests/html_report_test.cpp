// The film report in a real browser (Debian's Chromium, headless, network off): no console
// message, every chart drawn with marks, every picture loaded, no request beyond the file; and a
// screenshot kept as a test artefact for a person to look at.
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <string_view>
#include <unistd.h>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <opencv2/imgcodecs.hpp>

#include "stereotype/report/html_report.hpp"
#include "support/footage.hpp"
#include "support/montage.hpp"

namespace stereotype::test {
namespace {

namespace fs = std::filesystem;

const std::string kChromium = "/usr/bin/chromium";

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// Headless Chromium as the issue prescribes, plus no DNS at all: the page must not need any.
std::string chromium(const std::string& args, const fs::path& profile_dir) {
  fs::remove_all(profile_dir);
  return kChromium + " --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking " +
         "--disable-component-update --disable-sync --host-resolver-rules=\"MAP * ~NOTFOUND\" --user-data-dir=" +
         shell_quote(profile_dir.string()) + " --virtual-time-budget=15000 " + args;
}

// What headless Chromium made of a page: how many charts the page says it drew, the pictures in
// <main>, and <main> itself (the inlined libraries' source text mentions tags too).
struct DrawnPage {
  int charts = -1;
  int images = 0;
  std::string main;
};

// Opens `page` with the network off; expects no console message, every chart drawn (the page's own
// #render-status) with an SVG holding marks, and every picture inline and loaded.
DrawnPage open_in_browser(const fs::path& page, const fs::path& scratch) {
  DrawnPage drawn;
  fs::create_directories(scratch);
  const auto dom_file = scratch / "dom.html", log_file = scratch / "chromium.log";
  const auto r = run_command(chromium("--enable-logging=stderr --v=0 --dump-dom " + shell_quote("file://" + page.string()), scratch / "profile") +
                             " > " + shell_quote(dom_file.string()) + " 2> " + shell_quote(log_file.string()));
  EXPECT_EQ(r.exit_code, 0) << read_file(log_file);
  const std::string dom = read_file(dom_file), log = read_file(log_file);
  EXPECT_EQ(log.find(":CONSOLE"), std::string::npos) << log;
  std::smatch status, charts, done;
  if (!std::regex_search(dom, status, std::regex(R"re(<div id="render-status"[^>]*>)re"))) {
    ADD_FAILURE() << "no render status: " << dom.substr(0, 2000);
    return drawn;
  }
  const std::string s = status.str();
  EXPECT_NE(s.find("data-done=\"1\""), std::string::npos) << s;
  EXPECT_NE(s.find("data-image-errors=\"0\""), std::string::npos) << s;
  EXPECT_EQ(s.find("data-error"), std::string::npos) << s;
  if (!std::regex_search(s, charts, std::regex(R"re(data-charts="(\d+)")re")) || !std::regex_search(s, done, std::regex(R"re(data-drawn="(\d+)")re"))) {
    ADD_FAILURE() << "charts not counted: " << s;
    return drawn;
  }
  EXPECT_EQ(charts[1].str(), done[1].str());
  drawn.charts = std::stoi(charts[1].str());
  const auto main_from = dom.find("<main>"), main_to = dom.find("</main>");
  if (main_from == std::string::npos) {
    ADD_FAILURE() << "no <main>";
    return drawn;
  }
  drawn.main = dom.substr(main_from, main_to - main_from);
  // Each chart container (vega-embed adds classes to it) holds an SVG with marks in it.
  int containers = 0;
  std::smatch chart;
  const std::regex container(R"re(<div class="chart[^"]*" id="[^"]+")re");
  for (auto it = drawn.main.cbegin(); std::regex_search(it, drawn.main.cend(), chart, container); it = chart.suffix().first) {
    const auto from = static_cast<std::size_t>(chart.position(0) + (it - drawn.main.cbegin()));
    const std::string block = drawn.main.substr(from, drawn.main.find("</figure>", from) - from);
    EXPECT_NE(block.find("<svg"), std::string::npos) << block.substr(0, 80);
    EXPECT_NE(block.find("class=\"mark-"), std::string::npos) << block.substr(0, 80);
    ++containers;
  }
  EXPECT_EQ(containers, drawn.charts);
  for (std::size_t p = drawn.main.find("<img"); p != std::string::npos; p = drawn.main.find("<img", p + 1)) {
    EXPECT_EQ(drawn.main.compare(drawn.main.find("src=\"", p) + 5, 11, "data:image/"), 0);
    ++drawn.images;
  }
  return drawn;
}

// Nothing is fetched (no src/href off the page) and every definition link has its target.
void expect_self_contained(const std::string& html) {
  EXPECT_FALSE(std::regex_search(html, std::regex(R"re((src|href)\s*=\s*["']?(https?:)?//)re")));
  EXPECT_EQ(html.find("<link"), std::string::npos);
  std::smatch m;
  for (auto it = html.cbegin(); std::regex_search(it, html.cend(), m, std::regex(R"re(href="#def-([a-z_.0-9]+)")re")); it = m.suffix().first) {
    EXPECT_NE(html.find("id=\"def-" + m[1].str() + "\""), std::string::npos) << "no definition for " << m[1];
  }
}

// Every table's rows have as many cells as its header: a row with a cell more or less draws its
// values under the wrong column (the page's own tables, and the charts' table fallbacks).
void expect_tables_are_rectangular(const std::string& html) {
  const std::regex table(R"(<table[^>]*>([\s\S]*?)</table>)"), row(R"(<tr>([\s\S]*?)</tr>)"), cell(R"(<t[hd][ >])");
  int tables = 0;
  for (std::sregex_iterator t(html.begin(), html.end(), table), end; t != end; ++t) {
    const std::string body = (*t)[1].str();
    std::ptrdiff_t columns = -1;
    int n = 0;
    for (std::sregex_iterator r(body.begin(), body.end(), row); r != end; ++r, ++n) {
      const std::string cells = (*r)[1].str();
      const auto count = std::distance(std::sregex_iterator(cells.begin(), cells.end(), cell), std::sregex_iterator());
      if (columns < 0) columns = count;
      EXPECT_EQ(count, columns) << "table " << tables << ", row " << n << ": " << cells.substr(0, 200);
    }
    ++tables;
  }
  EXPECT_GT(tables, 5);
}

class ReportInBrowser : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    using namespace footage;
    const std::vector<Segment> segments = {{kMegamind, 0.3, 2.5}, {kCockatoo, 0.5, 2.5}, {kTree, 3.0, 2.5},
                                           {kBlupi, 2.0, 2.5},    {kMegamind, 8.4, 2.5}, {kVtest, 20, 2.5}};
    const std::vector<JoinSpec> joins = {{Join::Cut}, {Join::Dissolve, 0.8}, {Join::Cut}, {Join::FadeBlack, 0.8}, {Join::Cut}};
    montage_ = new Montage(make_montage("report-montage", segments, joins, Encoding{}));
    // CTest runs each test in its own process, in parallel: each gets its own folder.
    out_ = fs::path(media_dir()) / fmt::format("report-{}", ::getpid());
    fs::remove_all(out_);
    const auto r = run_command(std::string(STEREOTYPE_CLI) + " analyze -q " + shell_quote(montage_->path) + " -o " + shell_quote(out_.string()));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    for (const auto& e : fs::directory_iterator(out_)) {
      if (e.path().string().ends_with(".report.html")) page_ = e.path();
      if (e.path().string().ends_with(".profile.json")) profile_ = e.path();
    }
  }
  static void TearDownTestSuite() {
    delete montage_;
    // Keep the page, the DOM dump and Chromium's log only when something failed.
    if (::testing::UnitTest::GetInstance()->current_test_suite()->Passed()) fs::remove_all(out_);
  }
  static Montage* montage_;
  static fs::path out_, page_, profile_;
};
Montage* ReportInBrowser::montage_ = nullptr;
fs::path ReportInBrowser::out_, ReportInBrowser::page_, ReportInBrowser::profile_;

TEST_F(ReportInBrowser, IsOneSelfContainedFileChartingTheProfilesData) {
  ASSERT_FALSE(page_.empty());
  const std::string html = read_file(page_);
  expect_self_contained(html);
  expect_tables_are_rectangular(html);
  // The page carries the very JSON the profile file holds.
  const auto start = html.find("<script type=\"application/json\" id=\"profile-data\">");
  ASSERT_NE(start, std::string::npos);
  const auto from = html.find('>', start) + 1, to = html.find("</script>", from);
  std::string embedded = html.substr(from, to - from);
  for (std::size_t p; (p = embedded.find("<\\/script")) != std::string::npos;) embedded.replace(p, 3, "</");
  EXPECT_EQ(nlohmann::json::parse(embedded), nlohmann::json::parse(read_file(profile_)));
}

// The verdict at the top of the page: a heading, the line and the closest shots' key frames for
// every template the profile's verdict names, in its order.
TEST_F(ReportInBrowser, TheVerdictShowsEachUsedTemplateWithItsShots) {
  const std::string html = read_file(page_);
  const auto profile = nlohmann::json::parse(read_file(profile_));
  const auto& verdict = profile["style"]["verdict"];
  const auto section = html.find("<section id=\"verdict\">");
  ASSERT_NE(section, std::string::npos);
  const std::string body = html.substr(section, html.find("</section>", section) - section);
  ASSERT_FALSE(verdict.empty());  // the montage's rendered and smooth shots use some template
  std::size_t at = 0;
  for (const auto& v : verdict) {
    const auto heading = body.find("<h3>" + v["title"].get<std::string>() + "</h3>", at);
    ASSERT_NE(heading, std::string::npos) << v["template"];
    at = heading + 1;
    const auto first_shot = v["shots"][0].get<int>();
    EXPECT_NE(body.find(fmt::format("alt=\"key frame of shot {}\"", first_shot), heading), std::string::npos) << v["template"];
    EXPECT_GE(v["share"].get<double>(), 0.0);
    EXPECT_EQ(v["shots"].size(), v["matches"].size());
    for (const auto& m : v["matches"]) EXPECT_GE(m.get<double>(), 0.5);
  }
}

std::vector<std::uint8_t> from_base64(const std::string& text) {
  std::vector<std::uint8_t> out;
  unsigned bits = 0;
  int count = 0;
  for (char c : text) {
    const auto p = std::string_view("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/").find(c);
    if (p == std::string_view::npos) continue;  // '=' padding
    bits = (bits << 6) | static_cast<unsigned>(p);
    if ((count += 6) >= 8) {
      count -= 8;
      out.push_back(static_cast<std::uint8_t>((bits >> count) & 0xFF));
    }
  }
  return out;
}

TEST_F(ReportInBrowser, EmbedsTheContactSheetAsAJpegOfThePngFile) {
  const std::string html = read_file(page_);
  const std::string marker = "alt=\"contact sheet\" src=\"data:image/jpeg;base64,";
  const auto from = html.find(marker);
  ASSERT_NE(from, std::string::npos);
  const auto start = from + marker.size(), end = html.find('"', start);
  const auto bytes = from_base64(html.substr(start, end - start));
  const cv::Mat embedded = cv::imdecode(bytes, cv::IMREAD_COLOR);
  fs::path png = page_;
  png.replace_extension().replace_extension(".contact.png");
  const cv::Mat file = cv::imread(png.string());
  ASSERT_FALSE(embedded.empty());
  ASSERT_EQ(embedded.size(), file.size());
  cv::Mat diff;
  cv::absdiff(embedded, file, diff);
  EXPECT_LT(cv::mean(diff)[0], 3.0);  // the same picture, lossily
  EXPECT_LT(bytes.size() * 2, fs::file_size(png));
}

TEST_F(ReportInBrowser, DrawsEveryChartAndPictureWithoutConsoleErrors) {
  require_file(kChromium);
  const auto drawn = open_in_browser(page_, out_ / "browser");
  EXPECT_GE(drawn.charts, 16);
  EXPECT_GE(drawn.images, 3 + 4);  // barcode, palettes, contact sheet and key frames, all inline
}

TEST_F(ReportInBrowser, ScreenshotIsKeptForAPersonToLookAt) {
  require_file(kChromium);
  const auto artefacts = fs::path(media_dir()).parent_path() / "test-artifacts";
  fs::create_directories(artefacts);
  const auto shot = artefacts / "film-report.png";
  fs::remove(shot);
  const auto r = run_command(chromium("--hide-scrollbars --window-size=1300,4200 --screenshot=" + shell_quote(shot.string()) + " " +
                                          shell_quote("file://" + page_.string()),
                                      out_ / "chromium-profile"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  ASSERT_TRUE(fs::exists(shot));
  EXPECT_GT(fs::file_size(shot), 100000u);
}

// The two-film page: the montage against a re-graded copy of itself (so shots align and the
// matched pairs show their key frames side by side).
class ComparisonInBrowser : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    using namespace footage;
    const std::vector<Segment> segments = {{kMegamind, 0.3, 2.5}, {kCockatoo, 0.5, 2.5}, {kTree, 3.0, 2.5},
                                           {kBlupi, 2.0, 2.5},    {kMegamind, 8.4, 2.5}, {kVtest, 20, 2.5}};
    const std::vector<JoinSpec> joins = {{Join::Cut}, {Join::Dissolve, 0.8}, {Join::Cut}, {Join::FadeBlack, 0.8}, {Join::Cut}};
    const auto a = make_montage("report-montage", segments, joins, Encoding{}).path;
    const auto b = cached_ffmpeg("report-montage-graded.mp4", "-i " + shell_quote(a) +
                                                                  " -vf eq=saturation=1.8,colorbalance=bs=0.4:rh=0.3 -c:v libx264 -preset veryfast -an");
    out_ = fs::path(media_dir()) / fmt::format("comparison-page-{}", ::getpid());
    fs::remove_all(out_);
    const auto r = run_command(std::string(STEREOTYPE_CLI) + " compare -q " + shell_quote(a) + " " + shell_quote(b) + " -o " +
                               shell_quote(out_.string()) + " --name page --label-a original --label-b graded");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    page_ = out_ / "page.compare.html";
  }
  static void TearDownTestSuite() { fs::remove_all(out_); }
  static inline fs::path out_, page_;
};

TEST_F(ComparisonInBrowser, DrawsEveryChartAndPictureWithoutConsoleErrorsOrRequests) {
  require_file(kChromium);
  ASSERT_TRUE(fs::exists(page_));
  expect_self_contained(read_file(page_));
  expect_tables_are_rectangular(read_file(page_));
  const auto drawn = open_in_browser(page_, out_ / "browser");
  // Forest plots for five dimensions and editing, template shares, six distributions.
  EXPECT_GE(drawn.charts, 6 + 1 + 6);
  EXPECT_GE(drawn.images, 2 * 4);  // matched pairs: both key frames inline
  EXPECT_NE(drawn.main.find("graded's shots are"), std::string::npos);

  const auto artefacts = fs::path(media_dir()).parent_path() / "test-artifacts";
  fs::create_directories(artefacts);
  const auto shot = artefacts / "comparison-report.png";
  fs::remove(shot);
  const auto r2 = run_command(chromium("--hide-scrollbars --window-size=1300,5000 --screenshot=" + shell_quote(shot.string()) + " " +
                                           shell_quote("file://" + page_.string()),
                                       out_ / "profile-2"));
  ASSERT_EQ(r2.exit_code, 0) << r2.output;
  EXPECT_GT(fs::file_size(shot), 100000u);
}

TEST(HtmlReport, Base64AndEscaping) {
  EXPECT_EQ(report::base64(""), "");
  EXPECT_EQ(report::base64("f"), "Zg==");
  EXPECT_EQ(report::base64("fo"), "Zm8=");
  EXPECT_EQ(report::base64("foobar"), "Zm9vYmFy");
  EXPECT_EQ(report::html_escape("<a href=\"x\">&</a>"), "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;");
}

TEST(HtmlReport, DefinitionsComeFromTheDocs) {
  std::map<std::string, std::string> defs;
  for (const auto& [k, v] : report::figure_definitions()) defs[k] = v;
  for (const char* key : {"shots.count", "shots.asl_s", "shots.cv", "color.colorfulness", "color.lightness_p95", "color.neon_share",
                          "color.grading_uniformity", "color.hue_band_share", "color.palette", "color.cct_k",
                          "motion.camera_speed", "motion.object_speed", "motion.smoothness_sparc", "motion.impacts_per_min"}) {
    EXPECT_TRUE(defs.count(key)) << key;
  }
  EXPECT_NE(defs["color.colorfulness"].find("Hasler"), std::string::npos);
}

}  // namespace
}  // namespace stereotype::test
