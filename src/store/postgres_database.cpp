#include "store/postgres_database.hpp"

#include <array>
#include <cstring>
#include <unordered_map>
#include <vector>

#include "store/libpq_library.hpp"

namespace store {

namespace {
// libpq's functions, once open_postgres (the only way to a connection) has loaded them.
const Libpq& api() {
  return libpq("PostgreSQL");
}

// Type OIDs from PostgreSQL's pg_type.dat; stable across versions.
constexpr Oid bytea_oid = 17;
constexpr Oid int8_oid = 20;
constexpr Oid text_oid = 25;

std::int64_t from_big_endian(const char* data, int length) {
  std::uint64_t value = 0;
  for (int i = 0; i < length; ++i) value = (value << 8) | static_cast<unsigned char>(data[i]);
  // Sign-extend the narrower integers (int2, int4) as well.
  if (length < 8 && length > 0 && (static_cast<unsigned char>(data[0]) & 0x80))
    value |= ~std::uint64_t{0} << (8 * length);
  return static_cast<std::int64_t>(value);
}

class PostgresRow : public Row {
 public:
  PostgresRow(PGresult* result, int row) : result_(result), row_(row) {}
  bool is_null(int column) const override { return api().PQgetisnull(result_, row_, column) != 0; }
  std::int64_t integer(int column) const override {
    if (is_null(column)) return 0;
    return from_big_endian(api().PQgetvalue(result_, row_, column),
                           api().PQgetlength(result_, row_, column));
  }
  std::string_view bytes(int column) const override {
    return {api().PQgetvalue(result_, row_, column),
            static_cast<std::size_t>(api().PQgetlength(result_, row_, column))};
  }

 private:
  PGresult* result_;
  int row_;
};

struct ResultGuard {
  PGresult* result;
  ~ResultGuard() { api().PQclear(result); }
};

// "?" to "$1", "$2", ...: the store's statements never hold a "?" of their own.
std::string numbered_placeholders(const std::string& sql) {
  std::string out;
  int number = 0;
  for (char c : sql) {
    if (c == '?')
      out += "$" + std::to_string(++number);
    else
      out += c;
  }
  return out;
}

// libpq's messages end with a line break and may run over several lines; keep the first.
std::string first_line(const char* message) {
  std::string text = message ? message : "";
  const auto end = text.find('\n');
  if (end != std::string::npos) text.resize(end);
  return text;
}

class PostgresDatabase : public Database {
 public:
  PostgresDatabase(PGconn* connection, PostgresSettings settings)
      : connection_(connection), settings_(std::move(settings)) {}
  ~PostgresDatabase() override { api().PQfinish(connection_); }

  const char* engine() const override { return "postgres"; }
  void apply_session_settings() { execute_script(session_settings()); }

  void execute_script(const std::string& sql) override {
    reconnect_if_lost();
    ResultGuard result{api().PQexec(connection_, sql.c_str())};
    check(result.result);
  }

  void begin(bool) override { execute_script("BEGIN"); }
  void commit() override { execute_script("COMMIT"); }
  void rollback() noexcept override {
    if (api().PQstatus(connection_) == CONNECTION_BAD) return;
    PGresult* result = api().PQexec(connection_, "ROLLBACK");
    api().PQclear(result);
  }

  std::int64_t size_on_disk() override {
    std::int64_t size = -1;
    run("SELECT CAST(pg_database_size(current_database()) AS BIGINT)", {},
        [&](const Row& row) { size = row.integer(0); });
    return size;
  }

 private:
  void check(PGresult* result) {
    const ExecStatusType status = api().PQresultStatus(result);
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return;
    const char* state = api().PQresultErrorField(result, PG_DIAG_SQLSTATE);
    const std::string code = state ? state : "";
    std::string message = first_line(api().PQresultErrorMessage(result));
    if (message.empty()) message = first_line(api().PQerrorMessage(connection_));
    // 55P03 lock_not_available (lock_timeout), 40P01 deadlock, 40001 serialization failure.
    const bool busy = code == "55P03" || code == "40P01" || code == "40001";
    if (api().PQstatus(connection_) == CONNECTION_BAD)
      message = "the connection was lost (" + message + ")";
    throw StoreError(settings_.description + ": " + message, busy);
  }

  const std::string& prepared(const std::string& sql, const Value* values, std::size_t count) {
    auto found = statements_.find(sql);
    if (found != statements_.end()) return found->second;
    const std::string name = "s" + std::to_string(statements_.size() + 1);
    std::vector<Oid> types(count);
    for (std::size_t i = 0; i < count; ++i) types[i] = type_of(values[i]);
    ResultGuard result{api().PQprepare(connection_, name.c_str(),
                                       numbered_placeholders(sql).c_str(), static_cast<int>(count),
                                       types.data())};
    check(result.result);
    return statements_.emplace(sql, name).first->second;
  }

  static Oid type_of(const Value& value) {
    switch (value.kind) {
      case Value::Kind::integer: return int8_oid;
      case Value::Kind::bytes: return bytea_oid;
      case Value::Kind::word: return text_oid;
      case Value::Kind::null: return 0;  // the server infers it
    }
    return 0;
  }

  // A server restarted (or a connection dropped) fails the transaction it ended, with 503 for
  // listen; the next one reconnects. Prepared statements live in the session: made again.
  void reconnect_if_lost() {
    if (api().PQstatus(connection_) != CONNECTION_BAD) return;
    api().PQreset(connection_);
    statements_.clear();
    if (api().PQstatus(connection_) != CONNECTION_OK)
      throw StoreError(settings_.description +
                       ": cannot connect: " + first_line(api().PQerrorMessage(connection_)));
    ResultGuard result{api().PQexec(connection_, session_settings().c_str())};
    check(result.result);
  }

  std::string session_settings() const {
    return "SET lock_timeout = " + std::to_string(settings_.busy_wait.count()) +
           "; SET client_min_messages = warning";
  }

  void run_values(const std::string& sql, const Value* values, std::size_t count,
                  const RowCallback& on_row) override {
    reconnect_if_lost();
    const std::string& name = prepared(sql, values, count);
    std::vector<const char*> data(count);
    std::vector<int> lengths(count), formats(count, 1);
    std::vector<std::array<char, 8>> integers(count);
    for (std::size_t i = 0; i < count; ++i) {
      const Value& value = values[i];
      switch (value.kind) {
        case Value::Kind::null: data[i] = nullptr; break;
        case Value::Kind::integer: {
          auto v = static_cast<std::uint64_t>(value.integer);
          for (int b = 7; b >= 0; --b, v >>= 8)
            integers[i][static_cast<std::size_t>(b)] = static_cast<char>(v & 0xff);
          data[i] = integers[i].data();
          lengths[i] = 8;
          break;
        }
        case Value::Kind::bytes:
        case Value::Kind::word:
          // A pointer is needed even for an empty value: a null one means SQL NULL.
          data[i] = value.text.empty() ? "" : value.text.data();
          lengths[i] = static_cast<int>(value.text.size());
          break;
      }
    }
    ResultGuard result{api().PQexecPrepared(connection_, name.c_str(), static_cast<int>(count),
                                            data.data(), lengths.data(), formats.data(), 1)};
    check(result.result);
    if (!on_row) return;
    const int rows = api().PQntuples(result.result);
    for (int r = 0; r < rows; ++r) on_row(PostgresRow(result.result, r));
  }

  PGconn* connection_;
  PostgresSettings settings_;
  std::unordered_map<std::string, std::string> statements_;
};
}  // namespace

std::unique_ptr<Database> open_postgres(const PostgresSettings& settings) {
  libpq(settings.description);  // loaded here, or one line saying why not
  // The connect timeout and name are ours unless the string names them: what it says comes later,
  // and later keywords win.
  const std::string timeout = std::to_string(settings.connect_timeout.count());
  const char* keywords[] = {"connect_timeout", "application_name", "dbname", nullptr};
  const char* values[] = {timeout.c_str(), "autosana-webhook", settings.connection.c_str(),
                          nullptr};
  PGconn* connection = api().PQconnectdbParams(keywords, values, 1);
  if (!connection) throw StoreError(settings.description + ": out of memory");
  if (api().PQstatus(connection) != CONNECTION_OK) {
    // libpq's message names the host and the reason, never the password.
    const std::string message = first_line(api().PQerrorMessage(connection));
    api().PQfinish(connection);
    throw StoreError(settings.description + ": cannot connect: " + message);
  }
  auto database = std::make_unique<PostgresDatabase>(connection, settings);
  database->apply_session_settings();
  return database;
}

}  // namespace store
