// The little a store needs of a SQL engine, so that the store's logic is written once for SQLite
// and PostgreSQL: statements with bound values only (payloads are hostile: nothing from them is
// ever spliced into SQL), rows read by column, and transactions. Statements are prepared once per
// connection and kept.
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace store {

// A failure of the store, worded for a person, naming the store by its description only (a
// PostgreSQL connection string may hold a password).
class StoreError : public std::runtime_error {
 public:
  explicit StoreError(const std::string& message, bool busy = false)
      : std::runtime_error(message), busy_(busy) {}
  bool busy() const { return busy_; }  // another writer held the store past the wait

 private:
  bool busy_ = false;
};

// A value bound to a statement. Bytes from payloads and requests are kept as bytes (BLOB,
// BYTEA): they may hold any byte, which PostgreSQL's text cannot. Words are this program's own
// ASCII (a verdict), kept as text so that the database reads well in a SQL shell.
struct Value {
  enum class Kind { null, integer, bytes, word };
  Kind kind = Kind::null;
  std::int64_t integer = 0;
  std::string_view text;  // bytes or word; must outlive the call
};
inline Value null_value() {
  return {};
}
inline Value integer_value(std::int64_t v) {
  return {Value::Kind::integer, v, {}};
}
inline Value bytes_value(std::string_view v) {
  return {Value::Kind::bytes, 0, v};
}
inline Value word_value(std::string_view v) {
  return {Value::Kind::word, 0, v};
}

class Row {
 public:
  virtual ~Row() = default;
  virtual bool is_null(int column) const = 0;
  virtual std::int64_t integer(int column) const = 0;
  virtual std::string_view bytes(int column) const = 0;  // valid until the next row
};
using RowCallback = std::function<void(const Row& row)>;

class Database {
 public:
  virtual ~Database() = default;
  virtual const char* engine() const = 0;  // "sqlite", "postgres"
  // Several statements without values (the schema).
  virtual void execute_script(const std::string& sql) = 0;
  // One statement; "?" marks each value, in order. Rows, if any, go to on_row.
  void run(const std::string& sql, std::initializer_list<Value> values, const RowCallback& on_row) {
    run_values(sql, values.begin(), values.size(), on_row);
  }
  void run(const std::string& sql, std::initializer_list<Value> values) { run(sql, values, {}); }
  void run(const std::string& sql, const std::vector<Value>& values, const RowCallback& on_row) {
    run_values(sql, values.data(), values.size(), on_row);
  }
  // What each engine does: count values from values on.
  virtual void run_values(const std::string& sql, const Value* values, std::size_t count,
                          const RowCallback& on_row) = 0;
  // A write transaction takes the writer's lock at once (SQLite: BEGIN IMMEDIATE), so it waits
  // for another writer (a bounded time) at its start, not half-way through.
  virtual void begin(bool write) = 0;
  virtual void commit() = 0;
  virtual void rollback() noexcept = 0;
  // Bytes the store takes on disk, when the engine can say.
  virtual std::int64_t size_on_disk() = 0;
};

// Commits when done() is called; rolls back if it never is (an exception on the way).
class Transaction {
 public:
  Transaction(Database& database, bool write) : database_(database) { database_.begin(write); }
  ~Transaction() {
    if (!done_) database_.rollback();
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit() {
    database_.commit();
    done_ = true;
  }

 private:
  Database& database_;
  bool done_ = false;
};

}  // namespace store
