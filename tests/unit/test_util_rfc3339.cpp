// util/rfc3339
#include <doctest/doctest.h>

#include "util/rfc3339.hpp"

TEST_CASE("util::parse_rfc3339 and util::format_rfc3339") {
  CHECK(util::parse_rfc3339("1970-01-01T00:00:00Z").value() == 0);
  CHECK(util::parse_rfc3339("2025-01-31T12:34:56.789Z").value() == 1738326896789);
  CHECK(util::parse_rfc3339("2025-01-31T14:34:56.789+02:00").value() == 1738326896789);
  CHECK(util::parse_rfc3339("2025-01-31t12:34:56.7891234z").value() == 1738326896789);
  CHECK(util::parse_rfc3339("2024-02-29T00:00:00Z").has_value());
  CHECK_FALSE(util::parse_rfc3339("2025-02-29T00:00:00Z").has_value());
  CHECK_FALSE(util::parse_rfc3339("2025-01-31T12:34:56").has_value());
  CHECK_FALSE(util::parse_rfc3339("2025-01-31").has_value());
  CHECK_FALSE(util::parse_rfc3339("2025-13-01T00:00:00Z").has_value());
  CHECK_FALSE(util::parse_rfc3339("2025-01-31T12:34:56.Z").has_value());
  CHECK_FALSE(util::parse_rfc3339("2025-01-31T12:34:56Zjunk").has_value());
  CHECK(util::format_rfc3339(1738326896789) == "2025-01-31T12:34:56.789Z");
  CHECK(util::format_rfc3339(-1) == "1969-12-31T23:59:59.999Z");
}

TEST_CASE("util::format_local_time") {
  const std::string text = util::format_local_time(1764272485000);  // 2025-11-27T19:41:25Z
  REQUIRE(text.size() == 19);
  CHECK(text.substr(0, 8) == "2025-11-");
  CHECK(text[10] == ' ');
  CHECK(text.substr(16) == ":25");
}
