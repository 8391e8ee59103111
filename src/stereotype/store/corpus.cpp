#include "stereotype/store/corpus.hpp"

#include <cstdlib>
#include <filesystem>

#include <fmt/format.h>
#include <sqlite3.h>

#include "stereotype/error.hpp"

namespace stereotype::store {

namespace {

class Statement {
 public:
  Statement(sqlite3* db, const char* sql, const std::string& subject) : subject_(subject) {
    if (sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr) != SQLITE_OK)
      throw Error(ErrorKind::InputInvalid, subject, fmt::format("corpus database: {}", sqlite3_errmsg(db)));
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  sqlite3_stmt* get() { return stmt_; }
  bool step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw Error(ErrorKind::Output, subject_, fmt::format("corpus database: {}", sqlite3_errmsg(sqlite3_db_handle(stmt_))));
  }
  void bind(int i, const std::string& v) { sqlite3_bind_text(stmt_, i, v.c_str(), static_cast<int>(v.size()), SQLITE_TRANSIENT); }
  void bind(int i, std::int64_t v) { sqlite3_bind_int64(stmt_, i, v); }
  void bind(int i, double v) { sqlite3_bind_double(stmt_, i, v); }
  std::string text(int i) {
    const auto* p = sqlite3_column_text(stmt_, i);
    return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(stmt_, i))) : std::string();
  }
  std::int64_t integer(int i) { return sqlite3_column_int64(stmt_, i); }
  double real(int i) { return sqlite3_column_double(stmt_, i); }

 private:
  sqlite3_stmt* stmt_ = nullptr;
  std::string subject_;
};

void exec(sqlite3* db, const char* sql, const std::string& subject) {
  char* message = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
    const std::string text = message ? message : "unknown error";
    sqlite3_free(message);
    throw Error(ErrorKind::Output, subject, "corpus database: " + text);
  }
}

constexpr const char* kColumns = "id, path, name, size, mtime_ns, added, shots, duration_s";

CorpusEntry read_entry(Statement& s) {
  CorpusEntry e;
  e.id = s.integer(0);
  e.path = s.text(1);
  e.name = s.text(2);
  e.size = s.integer(3);
  e.mtime_ns = s.integer(4);
  e.added = s.text(5);
  e.shots = static_cast<int>(s.integer(6));
  e.duration_s = s.real(7);
  return e;
}

}  // namespace

Corpus::Corpus(const std::string& path, Opening opening) : path_(path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const bool create = opening == Opening::CreateIfMissing;
  if (!create && !fs::exists(path, ec))
    throw Error(ErrorKind::InputMissing, path, "no such corpus database (films are added to one with 'stereotype corpus add')");
  const fs::path parent = fs::path(path).parent_path();
  if (create && !parent.empty()) fs::create_directories(parent, ec);
  if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0), nullptr) != SQLITE_OK) {
    const std::string why = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    db_ = nullptr;
    throw Error(ErrorKind::Output, path, "cannot open the corpus database: " + why);
  }
  sqlite3_busy_timeout(db_, 5000);
  try {
    // A database with tables of its own is ours only if it says so; only an empty one is made ours.
    const bool blank = [&] {
      // Finalized before anything is written: an open read would hold a lock another opener waits on.
      Statement tables(db_, "SELECT count(*) FROM sqlite_master", path);
      return tables.step() && tables.integer(0) == 0;
    }();
    if (blank && !create) throw Error(ErrorKind::InputInvalid, path, "not a stereotype corpus database (it is empty)");
    if (blank) {
      // In one transaction, and harmless twice: two `corpus add`s may make the same new database at
      // once, and neither may see it half made. The rollback journal (the default) keeps each
      // transaction all-or-nothing even if the process dies.
      exec(db_,
           "BEGIN IMMEDIATE;"
           "CREATE TABLE IF NOT EXISTS films ("
           " id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE, name TEXT NOT NULL, size INTEGER NOT NULL,"
           " mtime_ns INTEGER NOT NULL, added TEXT NOT NULL, shots INTEGER NOT NULL, duration_s REAL NOT NULL,"
           " profile TEXT NOT NULL);"
           "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
           "INSERT OR IGNORE INTO meta VALUES ('schema', 'stereotype.corpus'), ('version', '1');"
           "COMMIT;",
           path);
    }
    Statement has_meta(db_, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('meta', 'films')", path);
    if (!has_meta.step() || has_meta.integer(0) != 2) throw Error(ErrorKind::InputInvalid, path, "not a stereotype corpus database");
    Statement check(db_, "SELECT value FROM meta WHERE key = 'schema'", path);
    if (!check.step() || check.text(0) != "stereotype.corpus") throw Error(ErrorKind::InputInvalid, path, "not a stereotype corpus database");
  } catch (const Error&) {
    sqlite3_close(db_);
    db_ = nullptr;
    throw;
  }
}

Corpus::~Corpus() { sqlite3_close(db_); }

Freshness Corpus::freshness(const std::string& path, std::int64_t size, std::int64_t mtime_ns) const {
  Statement s(db_, "SELECT size, mtime_ns FROM films WHERE path = ?", path_);
  s.bind(1, path);
  if (!s.step()) return Freshness::Missing;
  return s.integer(0) == size && s.integer(1) == mtime_ns ? Freshness::Current : Freshness::Changed;
}

void Corpus::put(const CorpusEntry& e, const std::string& profile_json) {
  exec(db_, "BEGIN IMMEDIATE", path_);
  try {
    Statement s(db_,
                "INSERT INTO films (path, name, size, mtime_ns, added, shots, duration_s, profile) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT(path) DO UPDATE SET name = excluded.name, size = excluded.size, mtime_ns = excluded.mtime_ns,"
                " added = excluded.added, shots = excluded.shots, duration_s = excluded.duration_s, profile = excluded.profile",
                path_);
    s.bind(1, e.path);
    s.bind(2, e.name);
    s.bind(3, e.size);
    s.bind(4, e.mtime_ns);
    s.bind(5, e.added);
    s.bind(6, static_cast<std::int64_t>(e.shots));
    s.bind(7, e.duration_s);
    s.bind(8, profile_json);
    s.step();
    exec(db_, "COMMIT", path_);
  } catch (...) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

std::vector<CorpusEntry> Corpus::list() const {
  Statement s(db_, fmt::format("SELECT {} FROM films ORDER BY id", kColumns).c_str(), path_);
  std::vector<CorpusEntry> out;
  while (s.step()) out.push_back(read_entry(s));
  return out;
}

std::optional<CorpusEntry> Corpus::find(const std::string& key) const {
  std::vector<CorpusEntry> hits;
  for (auto& e : list()) {
    if (std::to_string(e.id) == key || e.path == key || e.name == key) hits.push_back(e);
  }
  if (hits.size() > 1) throw Error(ErrorKind::Usage, key, fmt::format("{} films in the corpus have this name; use the id", hits.size()));
  if (hits.empty()) return std::nullopt;
  return hits.front();
}

std::string Corpus::profile(std::int64_t id) const {
  Statement s(db_, "SELECT profile FROM films WHERE id = ?", path_);
  s.bind(1, id);
  if (!s.step()) throw Error(ErrorKind::InputMissing, path_, fmt::format("no film with id {}", id));
  return s.text(0);
}

bool Corpus::remove(std::int64_t id) {
  Statement s(db_, "DELETE FROM films WHERE id = ?", path_);
  s.bind(1, id);
  s.step();
  return sqlite3_changes(db_) > 0;
}

std::string default_corpus_path() {
  if (const char* p = std::getenv("STEREOTYPE_CORPUS"); p && *p) return p;
  if (const char* p = std::getenv("XDG_DATA_HOME"); p && *p) return std::string(p) + "/stereotype/corpus.sqlite";
  if (const char* p = std::getenv("HOME"); p && *p) return std::string(p) + "/.local/share/stereotype/corpus.sqlite";
  return "stereotype-corpus.sqlite";
}

}  // namespace stereotype::store
