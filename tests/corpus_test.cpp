// The corpus database: films kept, updated, listed, removed in transactions; the CLI's corpus
// commands; an interrupted `corpus add` that leaves the database as it was; and the distance to
// the corpus centroid.
#include <atomic>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <latch>
#include <thread>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include "stereotype/error.hpp"
#include "stereotype/report/profile_report.hpp"
#include "stereotype/report/style_report.hpp"
#include "stereotype/store/corpus.hpp"
#include "support/footage.hpp"

namespace stereotype::test {
namespace {

namespace fs = std::filesystem;
using store::Corpus;
using store::CorpusEntry;
using store::Freshness;

const std::string kCli = STEREOTYPE_CLI;

fs::path fresh_dir(const std::string& name) {
  const auto dir = fs::path(media_dir()) / "corpus" / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::string short_clip() {
  return cached_ffmpeg("megamind-2s.mp4", "-i " + shell_quote(footage::kMegamind) + " -t 2 -c:v libx264 -preset veryfast -an");
}

TEST(Corpus, KeepsUpdatesListsAndRemovesFilms) {
  const auto dir = fresh_dir("unit");
  const auto path = (dir / "sub" / "corpus.sqlite").string();  // the folder is created
  {
    Corpus db(path);
    EXPECT_TRUE(db.list().empty());
    EXPECT_EQ(db.freshness("/films/a.mp4", 10, 100), Freshness::Missing);
    db.put({0, "/films/a.mp4", "a.mp4", 10, 100, "2026-01-01T00:00:00Z", 4, 11.5}, R"({"schema": "stereotype.profile", "v": 1})");
    db.put({0, "/films/b.mp4", "b.mp4", 20, 200, "2026-01-01T00:00:00Z", 7, 30.0}, R"({"schema": "stereotype.profile", "v": 2})");
    EXPECT_EQ(db.freshness("/films/a.mp4", 10, 100), Freshness::Current);
    EXPECT_EQ(db.freshness("/films/a.mp4", 11, 100), Freshness::Changed);
    // Re-adding a changed file replaces its row, it does not add one.
    db.put({0, "/films/a.mp4", "a.mp4", 11, 150, "2026-01-02T00:00:00Z", 5, 12.0}, R"({"schema": "stereotype.profile", "v": 3})");
  }
  Corpus db(path);  // reopened: everything was committed
  const auto films = db.list();
  ASSERT_EQ(films.size(), 2u);
  EXPECT_EQ(films[0].path, "/films/a.mp4");
  EXPECT_EQ(films[0].shots, 5);
  EXPECT_DOUBLE_EQ(films[0].duration_s, 12.0);
  EXPECT_EQ(nlohmann::json::parse(db.profile(films[0].id))["v"], 3);
  EXPECT_EQ(db.find("b.mp4")->path, "/films/b.mp4");
  EXPECT_EQ(db.find(std::to_string(films[1].id))->name, "b.mp4");
  EXPECT_FALSE(db.find("c.mp4").has_value());
  EXPECT_TRUE(db.remove(films[1].id));
  EXPECT_FALSE(db.remove(films[1].id));
  EXPECT_EQ(db.list().size(), 1u);
}

TEST(Corpus, AFileThatIsNotACorpusIsRefusedByName) {
  const auto dir = fresh_dir("not-a-db");
  const auto text = dir / "notes.sqlite";
  std::ofstream(text) << "these are notes, not a database, and they are long enough to have a header page of text\n";
  try {
    Corpus db(text.string());
    ADD_FAILURE() << "opened a text file as a corpus";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(text.string()), std::string::npos) << e.what();
  }
  EXPECT_THROW(Corpus("/proc/no/such/place/corpus.sqlite"), Error);
}

int tables_in(const std::string& path) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table'", -1, &st, nullptr);
  const int n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
  sqlite3_finalize(st);
  sqlite3_close(db);
  return n;
}

TEST(Corpus, AnotherProgramsDatabaseIsRefusedAndLeftAsItWas) {
  const auto dir = fresh_dir("foreign");
  const auto foreign = (dir / "notes.sqlite").string();
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(foreign.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('mine');", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  for (const auto opening : {store::Opening::CreateIfMissing, store::Opening::MustExist}) {
    try {
      Corpus corpus(foreign, opening);
      ADD_FAILURE() << "opened another program's database as a corpus";
    } catch (const Error& e) {
      EXPECT_EQ(std::string(e.what()), foreign + ": not a stereotype corpus database");
    }
  }
  EXPECT_EQ(tables_in(foreign), 1);  // no tables of ours were added to it
}

// A corpus pooled from many machines' runs: several `corpus add`s may make one new database at once.
TEST(Corpus, ManyOpeningANewDatabaseAtOnceAllGetTheSameCorpus) {
  const auto path = (fresh_dir("race") / "new.sqlite").string();
  constexpr int kOpeners = 8;
  std::latch start(kOpeners);
  std::atomic<int> opened{0};
  std::vector<std::thread> openers;
  for (int i = 0; i < kOpeners; ++i) {
    openers.emplace_back([&] {
      start.arrive_and_wait();
      try {
        Corpus corpus(path);
        if (corpus.list().empty()) ++opened;
      } catch (const Error& e) {
        ADD_FAILURE() << e.what();
      }
    });
  }
  for (auto& t : openers) t.join();
  EXPECT_EQ(opened.load(), kOpeners);
  EXPECT_EQ(tables_in(path), 2);
}

TEST(Corpus, ReadingAMissingDatabaseSaysSoAndCreatesNothing) {
  const auto dir = fresh_dir("missing");
  const auto missing = (dir / "typo.sqlite").string();
  try {
    Corpus corpus(missing, store::Opening::MustExist);
    ADD_FAILURE() << "opened a missing database";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::InputMissing);
    EXPECT_NE(std::string(e.what()).find(missing + ": no such corpus database"), std::string::npos) << e.what();
  }
  for (const std::string action : {" list", " show 1", " remove 1"}) {
    const auto r = run_command(kCli + " corpus --db " + shell_quote(missing) + action);
    EXPECT_EQ(r.exit_code, 3) << action << ": " << r.output;
    EXPECT_NE(r.output.find("no such corpus database"), std::string::npos) << r.output;
  }
  const auto r = run_command(kCli + " analyze -q " + shell_quote(short_clip()) + " -o " + shell_quote(dir.string()) + " --corpus " + shell_quote(missing));
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.output.find("no such corpus database"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(missing));
  { Corpus made(missing); }  // adding is what makes one
  EXPECT_EQ(tables_in(missing), 2);
}

TEST(Corpus, MeasuredWithNamesEveryParameterThatDiffers) {
  using nlohmann::ordered_json;
  const ordered_json before = {{"version", 2}, {"analysis size", 360}, {"parameters", {{"shots", {{"cut-threshold", 0.12}, {"min-shot", 0.2}}}}}};
  const ordered_json now = {{"version", 3}, {"analysis size", 360}, {"parameters", {{"shots", {{"cut-threshold", 0.2}}}, {"texture", {{"block_px", 8}}}}}};
  EXPECT_EQ(report::measured_differently(before, now),
            (std::vector<std::string>{"version 2 → 3", "parameters.shots.cut-threshold 0.12 → 0.2", "parameters.shots.min-shot 0.2 → none",
                                      "parameters.texture none → {\"block_px\":8}"}));
  EXPECT_TRUE(report::measured_differently(now, now).empty());
  // A profile says what it was measured with; its intervals' parameters do not count.
  ordered_json profile = {{"version", 3}, {"source", {{"container", "mov,mp4,m4a,3gp,3g2,mj2"}, {"analysis_width", 640}, {"analysis_height", 360}}},
                          {"parameters", {{"shots", {{"cut-threshold", 0.12}}}, {"intervals", {{"seed", 7}}}}}};
  EXPECT_EQ(report::measured_with(profile),
            (ordered_json{{"version", 3}, {"analysis size", 360}, {"parameters", {{"shots", {{"cut-threshold", 0.12}}}}}}));
  profile["source"]["container"] = "image-sequence";
  profile["source"]["frame_rate"] = "12/1";
  EXPECT_EQ(report::measured_with(profile)["image rate"], "12/1");
}

TEST(Corpus, AFilmMeasuredOtherwiseIsNotUpToDate) {
  // Same file, other shot parameters or analysis size, or a profile of an older schema: analysed
  // again, saying why; measured alike again, up to date.
  const auto dir = fresh_dir("measured-otherwise");
  const auto db = (dir / "c.sqlite").string();
  const auto clip = dir / "clip.mp4";
  fs::copy_file(short_clip(), clip);
  const std::string add = kCli + " corpus --db " + shell_quote(db) + " add " + shell_quote(clip.string());
  ASSERT_EQ(run_command(add).exit_code, 0);
  auto r = run_command(add + " --cut-threshold 0.2");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("updated"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("measured otherwise: parameters.shots.cut-threshold 0.12 → 0.2\n"), std::string::npos) << r.output;
  r = run_command(add + " --cut-threshold 0.2");
  EXPECT_NE(r.output.find("up to date"), std::string::npos) << r.output;
  r = run_command(add + " --cut-threshold 0.2 --analysis-size 240");
  EXPECT_NE(r.output.find("measured otherwise: analysis size 360 → 240\n"), std::string::npos) << r.output;
  {
    nlohmann::json stored = nlohmann::json::parse(Corpus(db).profile(Corpus(db).list().at(0).id));
    EXPECT_EQ(stored["source"]["analysis_height"], 240);
    EXPECT_EQ(stored["parameters"]["shots"]["cut-threshold"], 0.2);
    // As if an older build had stored it.
    stored["version"] = 2;
    auto e = Corpus(db).list().at(0);
    Corpus(db).put(e, stored.dump());
  }
  r = run_command(add + " --cut-threshold 0.2 --analysis-size 240");
  EXPECT_NE(r.output.find("measured otherwise: version 2 → 3\n"), std::string::npos) << r.output;
  // A profile brought from elsewhere counts with what it was measured with.
  ASSERT_EQ(run_command(kCli + " analyze -q " + shell_quote(clip.string()) + " -o " + shell_quote((dir / "elsewhere").string())).exit_code, 0);
  r = run_command(kCli + " corpus --db " + shell_quote(db) + " add " + shell_quote((dir / "elsewhere" / "clip.profile.json").string()));
  EXPECT_NE(r.output.find("measured otherwise: analysis size 240 → 360, parameters.shots.cut-threshold 0.2 → 0.12\n"), std::string::npos)
      << r.output;
  r = run_command(add);
  EXPECT_NE(r.output.find("up to date"), std::string::npos) << r.output;
  EXPECT_EQ(Corpus(db).list().size(), 1u);
}

TEST(Corpus, AnImageSequenceIsOneFilmByFolderOrGlobAndARetouchedImageIsNoticed) {
  const auto dir = fresh_dir("sequence");
  const auto db = (dir / "c.sqlite").string();
  const auto frames = dir / "frames";
  fs::create_directories(frames);
  ASSERT_EQ(run_command("ffmpeg -nostdin -v error -f lavfi -i testsrc2=size=160x90:rate=12:duration=1 " + shell_quote((frames / "f%02d.png").string()))
                .exit_code,
            0);
  const std::string corpus = kCli + " corpus --db " + shell_quote(db) + " add ";
  auto r = run_command(corpus + shell_quote(frames.string() + "/"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("added"), std::string::npos) << r.output;
  for (const auto& same : {frames.string(), (frames / "*.png").string()}) {
    r = run_command(corpus + shell_quote(same));
    EXPECT_NE(r.output.find("up to date"), std::string::npos) << same << ": " << r.output;
  }
  ASSERT_EQ(Corpus(db).list().size(), 1u);
  EXPECT_EQ(Corpus(db).list()[0].path, fs::absolute(frames).lexically_normal().string());
  EXPECT_EQ(Corpus(db).list()[0].size, 12);  // images
  // An image in the middle retouched in place: the folder's own time does not change, the film does.
  fs::last_write_time(frames / "f03.png", fs::last_write_time(frames / "f12.png") + std::chrono::seconds(5));
  r = run_command(corpus + shell_quote(frames.string()));
  EXPECT_NE(r.output.find("updated"), std::string::npos) << r.output;
}

TEST(Corpus, TheCautionNamesHowManyCorpusFilmsWereMeasuredOtherwise) {
  using nlohmann::ordered_json;
  ordered_json style = {{"corpus", {{"database", "c.sqlite"}, {"films", 5}, {"measured_otherwise", 0}, {"measured_differences", ordered_json::array()}}}};
  EXPECT_EQ(report::corpus_caution(style, "film.mp4"), "");
  EXPECT_EQ(report::corpus_caution(ordered_json::object(), "film.mp4"), "");  // no corpus asked for
  style["corpus"]["measured_otherwise"] = 2;
  style["corpus"]["measured_differences"] = {"version 2 → 3", "analysis size 240 → 360", "parameters.shots.cut-threshold 0.2 → 0.12",
                                             "parameters.shots.max-hold 1.5 → 2.0"};
  EXPECT_EQ(report::corpus_caution(style, "film.mp4"),
            "2 of the corpus's 5 films were measured otherwise than film.mp4 (version 2 → 3, analysis size 240 → 360, "
            "parameters.shots.cut-threshold 0.2 → 0.12 and 1 more): the distance to its centroid compares unlike measurements");
  style["corpus"]["measured_otherwise"] = 1;
  style["corpus"]["films"] = 1;
  style["corpus"]["measured_differences"] = {"analysis size 240 → 360"};
  EXPECT_EQ(report::corpus_caution(style, "film.mp4"),
            "1 of the corpus's 1 film was measured otherwise than film.mp4 (analysis size 240 → 360): the distance to its centroid "
            "compares unlike measurements");
}

TEST(Corpus, ADistanceToACorpusMeasuredOtherwiseIsFlagged) {
  const auto dir = fresh_dir("distance-otherwise");
  const auto db = (dir / "c.sqlite").string();
  const auto clip = dir / "clip.mp4";
  fs::copy_file(short_clip(), clip);
  ASSERT_EQ(run_command(kCli + " corpus --db " + shell_quote(db) + " add -q --analysis-size 240 " + shell_quote(clip.string())).exit_code, 0);
  const auto analyse = [&](const std::string& flags) {
    const auto r = run_command(kCli + " analyze -q " + flags + " " + shell_quote(clip.string()) + " -o " + shell_quote((dir / "out").string()) +
                               " --corpus " + shell_quote(db));
    EXPECT_EQ(r.exit_code, 0) << r.output;
    std::ifstream in(dir / "out" / "clip.profile.json");
    return std::pair{r.output, nlohmann::json::parse(in)["style"]["corpus"]};
  };
  auto [output, corpus] = analyse("");
  EXPECT_NE(output.find("warning: " + db + ": 1 of the corpus's 1 film was measured otherwise than " + clip.string() +
                        " (analysis size 240 → 360)"),
            std::string::npos)
      << output;
  EXPECT_EQ(corpus["measured_otherwise"], 1);
  EXPECT_EQ(corpus["measured_differences"], nlohmann::json::array({"analysis size 240 → 360"}));
  std::ifstream page(dir / "out" / "clip.report.html");
  const std::string html((std::istreambuf_iterator<char>(page)), std::istreambuf_iterator<char>());
  EXPECT_NE(html.find("1 of the corpus's 1 film was measured otherwise than this film"), std::string::npos);
  // Measured alike: no warning, and the same film is at distance 0 from a corpus of itself.
  std::tie(output, corpus) = analyse("--analysis-size 240");
  EXPECT_EQ(output.find("warning"), std::string::npos) << output;
  EXPECT_EQ(corpus["measured_otherwise"], 0);
  EXPECT_EQ(corpus["corpus.centroid_distance"], 0.0);
}

TEST(Corpus, CommandsAddListShowRemoveAndNoticeAChangedFile) {
  const auto dir = fresh_dir("cli");
  const auto db = (dir / "c.sqlite").string();
  const auto clip = dir / "clip.mp4";
  fs::copy_file(short_clip(), clip);
  const std::string corpus = kCli + " corpus --db " + shell_quote(db);
  auto r = run_command(corpus + " add " + shell_quote(clip.string()));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("added"), std::string::npos) << r.output;
  r = run_command(corpus + " add " + shell_quote(clip.string()));
  EXPECT_NE(r.output.find("up to date"), std::string::npos) << r.output;
  // Touched: analysed again, still one film.
  fs::last_write_time(clip, fs::last_write_time(clip) + std::chrono::seconds(5));
  r = run_command(corpus + " add " + shell_quote(clip.string()));
  EXPECT_NE(r.output.find("updated"), std::string::npos) << r.output;
  r = run_command(corpus + " list");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.output.find(": 1 film\n"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find(fs::absolute(clip).string()), std::string::npos) << r.output;
  // The database may also be named after the action, as after any other flag.
  EXPECT_EQ(run_command(kCli + " corpus list --db " + shell_quote(db)).output, r.output);
  r = run_command(corpus + " show clip.mp4 2>/dev/null");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(nlohmann::json::parse(r.output)["schema"], "stereotype.profile");
  r = run_command(corpus + " show nothing.mp4");
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.output.find("nothing.mp4: not in the corpus"), std::string::npos) << r.output;
  // A bad file among good ones: one line, the others are kept.
  r = run_command(corpus + " add /no/such/film.mp4 " + shell_quote(clip.string()));
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.output.find("/no/such/film.mp4"), std::string::npos);
  r = run_command(corpus + " remove clip.mp4");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(run_command(corpus + " list").output.find("0 films"), std::string::npos);
}

TEST(Corpus, AnalyzeMeasuresTheDistanceToTheCorpusCentroid) {
  const auto dir = fresh_dir("centroid");
  const auto db = (dir / "c.sqlite").string();
  const auto clip = short_clip();
  ASSERT_EQ(run_command(kCli + " corpus --db " + shell_quote(db) + " add -q " + shell_quote(clip)).exit_code, 0);
  // A film in a corpus made of itself sits on the centroid.
  auto r = run_command(kCli + " analyze -q " + shell_quote(clip) + " -o " + shell_quote(dir.string()) + " --corpus " + shell_quote(db));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  std::ifstream in(dir / (fs::path(clip).stem().string() + ".profile.json"));
  const auto profile = nlohmann::json::parse(in);
  const auto& c = profile["style"]["corpus"];
  EXPECT_EQ(c["films"], 1);
  EXPECT_NEAR(c["corpus.centroid_distance"].get<double>(), 0.0, 1e-9);
  EXPECT_NEAR(c["corpus.median_distance"].get<double>(), 0.0, 1e-9);  // the corpus's own film is its centroid
  // Another film is some way off it: three seconds of a street camera against the cartoon.
  const auto street = cached_ffmpeg("vtest-3s.mp4", "-i " + shell_quote(footage::kVtest) + " -t 3 -c:v libx264 -preset veryfast -an");
  r = run_command(kCli + " analyze -q " + shell_quote(street) + " -o " + shell_quote(dir.string()) + " --corpus " + shell_quote(db));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  std::ifstream in2(dir / (fs::path(street).stem().string() + ".profile.json"));
  EXPECT_GT(nlohmann::json::parse(in2)["style"]["corpus"]["corpus.centroid_distance"].get<double>(), 0.5);
  // An empty corpus is an error, not a silent zero.
  const auto empty = (dir / "empty.sqlite").string();
  { Corpus made(empty); }
  r = run_command(kCli + " analyze -q " + shell_quote(clip) + " -o " + shell_quote(dir.string()) + " --corpus " + shell_quote(empty));
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.output.find("the corpus is empty"), std::string::npos) << r.output;
}

// A corpus analysed in pieces: two "machines" each analyse one film into their own folder, and
// their profiles are pooled into one database. Each is stored as the film it measured (its path,
// size and time), so the corpus is the one that adding the films themselves makes: the same
// films, and the same distance to its centroid for a third film. The film itself is then up to
// date; a profile that does not say which film it measured is refused by name, adding nothing.
TEST(Corpus, ProfilesWrittenOnManyMachinesPoolAsTheirFilms) {
  const auto dir = fresh_dir("shards");
  const auto cartoon = dir / "cartoon.mp4", street = dir / "street.mp4";
  fs::copy_file(short_clip(), cartoon);
  fs::copy_file(cached_ffmpeg("vtest-3s.mp4", "-i " + shell_quote(footage::kVtest) + " -t 3 -c:v libx264 -preset veryfast -an"), street);
  for (const auto& [film, machine] : {std::pair{cartoon, "one"}, std::pair{street, "two"}}) {
    const auto r = run_command(kCli + " analyze -q " + shell_quote(film.string()) + " -o " + shell_quote((dir / machine).string()));
    ASSERT_EQ(r.exit_code, 0) << r.output;
  }
  const auto cartoon_profile = dir / "one" / "cartoon.profile.json", street_profile = dir / "two" / "street.profile.json";
  {
    std::ifstream in(cartoon_profile);
    const auto file = nlohmann::json::parse(in)["source"]["file"];
    EXPECT_EQ(file["path"], fs::absolute(cartoon).lexically_normal().string());
    EXPECT_EQ(file["size_bytes"].get<std::int64_t>(), static_cast<std::int64_t>(fs::file_size(cartoon)));
  }
  const auto pooled = (dir / "pooled.sqlite").string(), direct = (dir / "direct.sqlite").string();
  auto r = run_command(kCli + " corpus --db " + shell_quote(pooled) + " add " + shell_quote(cartoon_profile.string()) + " " +
                       shell_quote(street_profile.string()));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("added (1 shot, 2.0 s) in " + pooled + " as " + fs::absolute(cartoon).lexically_normal().string()), std::string::npos)
      << r.output;
  ASSERT_EQ(run_command(kCli + " corpus --db " + shell_quote(direct) + " add -q " + shell_quote(cartoon.string()) + " " +
                        shell_quote(street.string()))
                .exit_code,
            0);
  const auto films = [](const std::string& db) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& e : Corpus(db).list()) out.emplace_back(e.path, e.name);
    return out;
  };
  EXPECT_EQ(films(pooled), films(direct));
  ASSERT_EQ(films(pooled).size(), 2u);
  EXPECT_EQ(films(pooled)[1].second, "street.mp4");
  // The films themselves are up to date in the pooled corpus: nothing is analysed twice.
  r = run_command(kCli + " corpus --db " + shell_quote(pooled) + " add " + shell_quote(cartoon.string()));
  EXPECT_NE(r.output.find("up to date"), std::string::npos) << r.output;
  // A third film measured against either corpus: the same distance to the same centroid.
  const auto third = cached_ffmpeg("tree-2s.mp4", "-i " + shell_quote(footage::kTree) + " -t 2 -c:v libx264 -preset veryfast -an");
  const auto distance = [&](const std::string& db, const std::string& out) {
    const auto a = run_command(kCli + " analyze -q " + shell_quote(third) + " -o " + shell_quote((dir / out).string()) + " --corpus " + shell_quote(db));
    EXPECT_EQ(a.exit_code, 0) << a.output;
    std::ifstream in(dir / out / (fs::path(third).stem().string() + ".profile.json"));
    return nlohmann::json::parse(in)["style"]["corpus"];
  };
  const auto from_pooled = distance(pooled, "against-pooled"), from_direct = distance(direct, "against-direct");
  EXPECT_EQ(from_pooled["films"], 2);
  EXPECT_GT(from_pooled["corpus.centroid_distance"].get<double>(), 0.0);
  EXPECT_DOUBLE_EQ(from_pooled["corpus.centroid_distance"].get<double>(), from_direct["corpus.centroid_distance"].get<double>());
  EXPECT_DOUBLE_EQ(from_pooled["corpus.median_distance"].get<double>(), from_direct["corpus.median_distance"].get<double>());
  // A profile without source.file (as written before it was kept) is refused in one line.
  nlohmann::ordered_json old;
  {
    std::ifstream in(street_profile);
    old = nlohmann::ordered_json::parse(in);
  }
  old["source"].erase("file");
  const auto old_profile = dir / "old.profile.json";
  std::ofstream(old_profile) << old.dump();
  const auto other = (dir / "other.sqlite").string();
  r = run_command(kCli + " corpus --db " + shell_quote(other) + " add " + shell_quote(old_profile.string()));
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.output.find(old_profile.string() + ": the profile does not say which film it measured"), std::string::npos) << r.output;
  EXPECT_TRUE(films(other).empty());
}

TEST(Corpus, InterruptedAddLeavesTheDatabaseAsItWasAndARerunFinishes) {
  const auto dir = fresh_dir("interrupt");
  const auto db = (dir / "c.sqlite").string();
  // vtest's first 20 s take several seconds to analyse: long enough to be interrupted a second in,
  // short enough to rerun (the whole 80 s took four times as long).
  const auto long_clip = dir / "street.avi";
  fs::copy_file(cached_ffmpeg("vtest-20s.avi", "-i " + shell_quote(footage::kVtest) + " -t 20 -c copy"), long_clip);
  ASSERT_EQ(run_command(kCli + " corpus --db " + shell_quote(db) + " add -q " + shell_quote(short_clip())).exit_code, 0);
  for (const int signal : {SIGINT, SIGTERM}) {
    EXPECT_EQ(exit_code_after_signal({kCli, "corpus", "--db", db, "add", "-q", long_clip.string()}, 1000, signal), 130);
    const auto list = run_command(kCli + " corpus --db " + shell_quote(db) + " list");
    EXPECT_NE(list.output.find(": 1 film\n"), std::string::npos) << list.output;
    EXPECT_EQ(list.output.find("street.avi"), std::string::npos) << list.output;
  }
  const auto r = run_command(kCli + " corpus --db " + shell_quote(db) + " add -q " + shell_quote(long_clip.string()));
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(run_command(kCli + " corpus --db " + shell_quote(db) + " list").output.find("2 films"), std::string::npos);
}

}  // namespace
}  // namespace stereotype::test
