// The store's tables, one migration per schema version, applied on open in one transaction; a
// store written by a newer program (a later version than this one knows) is refused.
#pragma once

#include "store/database.hpp"

namespace store {

inline constexpr int latest_schema_version = 2;

// Brings the database to the latest version (or to an earlier one, which tests of the
// migrations start from); throws StoreError when it is not a store of ours or is newer than
// this program.
void migrate(Database& database, const std::string& description,
             int target_version = latest_schema_version);

}  // namespace store
