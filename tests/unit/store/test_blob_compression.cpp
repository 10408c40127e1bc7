#include <doctest/doctest.h>

#include <string>

#include "store/blob_compression.hpp"

TEST_CASE("store::deflate_blob and store::inflate_blob") {
  std::string payload;
  for (int i = 0; i < 100; ++i)
    payload += R"({"name":"run )" + std::to_string(i) + R"(","status":"passed"},)";
  const std::string stored = store::deflate_blob(payload);
  CHECK(stored.size() * 4 < payload.size());  // JSON of many runs shrinks
  CHECK(store::inflate_blob(stored).value() == payload);
  CHECK(store::inflate_blob(store::deflate_blob("")).value().empty());
  std::string any(256, '\0');
  for (int i = 0; i < 256; ++i) any[static_cast<std::size_t>(i)] = static_cast<char>(i);
  CHECK(store::inflate_blob(store::deflate_blob(any)).value() == any);
  // Damaged stored bytes are an error, never a crash or a partial value.
  CHECK_FALSE(store::inflate_blob(stored.substr(0, stored.size() / 2)));
  CHECK_FALSE(store::inflate_blob("not deflate at all"));
}
