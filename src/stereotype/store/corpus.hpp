#pragma once
// The corpus: film profiles kept in one SQLite file, so a "database average" can be measured and a
// corpus analysed on many machines can be pooled (a profile depends only on its own file). Every
// change is one transaction: an interrupted `corpus add` leaves the database as it was.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

struct sqlite3;

namespace stereotype::store {

struct CorpusEntry {
  std::int64_t id = 0;
  std::string path;       // absolute path of the analysed file (the key)
  std::string name;       // file name shown to people
  std::int64_t size = 0;  // bytes, and modification time (ns), to notice a changed file
  std::int64_t mtime_ns = 0;
  std::string added;      // UTC, ISO 8601
  int shots = 0;
  double duration_s = 0;
};

enum class Freshness { Missing, Changed, Current };

// Adding films makes the database where it is missing; reading one (list, show, remove, the
// distance to the centroid) must not leave an empty database behind a mistyped path.
enum class Opening { CreateIfMissing, MustExist };

class Corpus {
 public:
  // Opens the database, or with CreateIfMissing creates it (and its folder). Refuses, without
  // touching it, a file that is not a stereotype corpus (another program's SQLite database
  // included). Throws stereotype::Error naming the file.
  explicit Corpus(const std::string& path, Opening opening = Opening::CreateIfMissing);
  ~Corpus();
  Corpus(const Corpus&) = delete;
  Corpus& operator=(const Corpus&) = delete;

  Freshness freshness(const std::string& path, std::int64_t size, std::int64_t mtime_ns) const;
  // Inserts or replaces the film with this path, in one transaction.
  void put(const CorpusEntry& entry, const std::string& profile_json);
  std::vector<CorpusEntry> list() const;
  // By id, path or name (a name must be unique in the corpus).
  std::optional<CorpusEntry> find(const std::string& key) const;
  std::string profile(std::int64_t id) const;
  bool remove(std::int64_t id);
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  sqlite3* db_ = nullptr;
};

// $STEREOTYPE_CORPUS, else $XDG_DATA_HOME/stereotype/corpus.sqlite, else ~/.local/share/stereotype/corpus.sqlite.
std::string default_corpus_path();

}  // namespace stereotype::store
