// Where a store is: "sqlite:PATH", "postgres://..." / "postgresql://...", or a libpq
// "key=value" string; and the default, an SQLite file in $XDG_DATA_HOME/autosana-webhook/. Only
// a description (the file, or the host and database) is ever printed: a connection string may
// hold a password.
#pragma once

#include <string>
#include <string_view>

#include "util/expected.hpp"

namespace store {

enum class Engine { sqlite, postgres };

struct StoreLocation {
  Engine engine = Engine::sqlite;
  std::string target;       // the SQLite file, or the libpq connection string (secret)
  std::string description;  // safe to print: "store.db", "PostgreSQL database 'ci' on db.example"
  bool is_default = false;  // the default file, made (with its folder) when missing
};

// Parses what --store or AUTOSANA_WEBHOOK_STORE says; the error never repeats the text.
util::Expected<StoreLocation> parse_store_location(std::string_view text);

// $XDG_DATA_HOME/autosana-webhook/store.db, or ~/.local/share/... when XDG_DATA_HOME is not set
// (or not absolute, as the XDG specification says).
util::Expected<StoreLocation> default_store_location(const char* xdg_data_home, const char* home);

}  // namespace store
