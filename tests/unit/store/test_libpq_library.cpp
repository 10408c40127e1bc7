// store/libpq_library: libpq loaded on first use, every function the engine calls found.
#include <doctest/doctest.h>

#include <string>

#include "store/libpq_library.hpp"

TEST_CASE("store::libpq loads the library once and finds every function") {
  const store::Libpq& first = store::libpq("test store");
  CHECK(bool(first.PQconnectdbParams));
  CHECK(bool(first.PQexecPrepared));
  CHECK(bool(first.PQstatus));
  CHECK(bool(first.PQclear));
  CHECK(&store::libpq("another") == &first);
  // The functions are libpq's own: a connection to nowhere fails as libpq says, not by a crash.
  const char* keywords[] = {"host", "connect_timeout", nullptr};
  const char* values[] = {"/nonexistent-socket-folder", "1", nullptr};
  PGconn* connection = first.PQconnectdbParams(keywords, values, 0);
  REQUIRE(connection != nullptr);
  CHECK(first.PQstatus(connection) == CONNECTION_BAD);
  CHECK(std::string(first.PQerrorMessage(connection)).find("nonexistent-socket-folder") !=
        std::string::npos);
  first.PQfinish(connection);
}
