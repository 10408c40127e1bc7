// The PostgreSQL engine over libpq: one connection, statements prepared by name on first use,
// values sent as binary with their types (int8, bytea, text), results read in binary. libpq's
// header stays in the .cpp.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "store/database.hpp"

namespace store {

struct PostgresSettings {
  std::string connection;                     // a URI or key=value string: never printed
  std::string description;                    // for messages
  std::chrono::milliseconds busy_wait{5000};  // lock_timeout
  std::chrono::seconds connect_timeout{10};
};

std::unique_ptr<Database> open_postgres(const PostgresSettings& settings);

}  // namespace store
