#include <doctest/doctest.h>

#include "core/explain/digest_search.hpp"

namespace {
core::BodyWriter writes(std::string text) {
  return [text](const core::ByteSink& sink) {
    sink(text.substr(0, text.size() / 2));
    sink(text.substr(text.size() / 2));
  };
}
}  // namespace

TEST_CASE("core::DigestSearch::try_candidate finds the key and the final newline") {
  const auto expected = core::hmac_sha256("second", "body\n");
  core::DigestSearch search(expected, 1000);
  CHECK_FALSE(search.try_candidate(writes("other"), 5, {"first", "second"}).has_value());
  const auto exact = search.try_candidate(writes("body\n"), 5, {"first", "second"});
  REQUIRE(exact.has_value());
  CHECK(exact->key == 1);
  CHECK_FALSE(exact->with_newline);
  const auto extended = search.try_candidate(writes("body"), 4, {"first", "second"}, true);
  REQUIRE(extended.has_value());
  CHECK(extended->key == 1);
  CHECK(extended->with_newline);
  CHECK(search.candidates_tried() == 3);
  CHECK(search.hashed_bytes() == 5 * 2 + 5 * 2 + 5 * 2);
  CHECK_FALSE(search.incomplete());
}

TEST_CASE("core::DigestSearch::try_candidate skips what the budget cannot pay for") {
  const auto expected = core::hmac_sha256("key", "body");
  core::DigestSearch search(expected, 10);
  bool written = false;
  const auto result = search.try_candidate(
      [&](const core::ByteSink& sink) {
        written = true;
        sink("body");
      },
      4, {"a", "b", "key"});
  CHECK_FALSE(result.has_value());  // 12 bytes to hash: over the budget
  CHECK_FALSE(written);
  CHECK(search.incomplete());
  CHECK(search.try_candidate(writes("body"), 4, {"key"}).has_value());
  CHECK(search.hashed_bytes() == 4);
}
