// The SQLite engine: one file, WAL mode (readers never wait for the writer), every commit synced
// (a 2xx from listen means the delivery is on disk), a bounded wait for another writer's lock.
// SQLite's header stays in the .cpp.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "store/database.hpp"

namespace store {

struct SqliteSettings {
  std::string path;
  std::string description;  // for messages
  bool create = true;       // make the file (mode 600) when missing
  std::chrono::milliseconds busy_wait{5000};
};

// Opens (or creates) the file; throws StoreError with one line when it cannot, or when the file
// is not a database.
std::unique_ptr<Database> open_sqlite(const SqliteSettings& settings);

}  // namespace store
