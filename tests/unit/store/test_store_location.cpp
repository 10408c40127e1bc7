#include <doctest/doctest.h>

#include "store/store_location.hpp"

TEST_CASE("store::parse_store_location") {
  auto sqlite = store::parse_store_location("sqlite:deliveries/store.db");
  REQUIRE(sqlite);
  CHECK(sqlite->engine == store::Engine::sqlite);
  CHECK(sqlite->target == "deliveries/store.db");
  CHECK(sqlite->description == "deliveries/store.db");
  auto absolute = store::parse_store_location("sqlite:///var/lib/a.db");
  REQUIRE(absolute);
  CHECK(absolute->target == "/var/lib/a.db");
  CHECK_FALSE(store::parse_store_location("sqlite:"));
  CHECK_FALSE(store::parse_store_location("mysql://db/x"));
  CHECK_FALSE(store::parse_store_location("store.db"));

  // The password never reaches the description, nor the error.
  auto uri = store::parse_store_location(
      "postgresql://ci:hunter2@db.example:5432/autosana?sslmode=require");
  REQUIRE(uri);
  CHECK(uri->engine == store::Engine::postgres);
  CHECK(uri->description == "PostgreSQL database 'autosana' on db.example:5432");
  CHECK(uri->description.find("hunter2") == std::string::npos);
  CHECK(uri->description.find("ci") == std::string::npos);
  auto socket = store::parse_store_location("postgres:///autosana?host=/run/postgresql");
  REQUIRE(socket);
  CHECK(socket->description == "PostgreSQL database 'autosana' on /run/postgresql");
  auto pairs = store::parse_store_location("host=/tmp/pg dbname=store1 user=me password=hunter2");
  REQUIRE(pairs);
  CHECK(pairs->engine == store::Engine::postgres);
  CHECK(pairs->description == "PostgreSQL database 'store1' on /tmp/pg");
  auto bare = store::parse_store_location("password=hunter2");
  REQUIRE(bare);
  CHECK(bare->description == "PostgreSQL database on the default host");
  const auto wrong = store::parse_store_location("hunter2");
  REQUIRE_FALSE(wrong);
  CHECK(wrong.error().find("hunter2") == std::string::npos);
}

TEST_CASE("store::default_store_location") {
  auto xdg = store::default_store_location("/data", "/home/me");
  REQUIRE(xdg);
  CHECK(xdg->target == "/data/autosana-webhook/store.db");
  CHECK(xdg->is_default);
  // A relative XDG_DATA_HOME is ignored, as the XDG specification says.
  auto relative = store::default_store_location("data", "/home/me");
  REQUIRE(relative);
  CHECK(relative->target == "/home/me/.local/share/autosana-webhook/store.db");
  CHECK_FALSE(store::default_store_location(nullptr, nullptr));
}
