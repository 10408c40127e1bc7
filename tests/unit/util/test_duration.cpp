// util/duration
#include <doctest/doctest.h>

#include "util/duration.hpp"

TEST_CASE("util::parse_duration") {
  CHECK(util::parse_duration("300s").value() == 300'000);
  CHECK(util::parse_duration("5m").value() == 300'000);
  CHECK(util::parse_duration("1h30m").value() == 5'400'000);
  CHECK(util::parse_duration("2d").value() == 172'800'000);
  CHECK(util::parse_duration("250ms").value() == 250);
  CHECK_FALSE(util::parse_duration("5").has_value());
  CHECK_FALSE(util::parse_duration("").has_value());
  CHECK_FALSE(util::parse_duration("5x").has_value());
  CHECK_FALSE(util::parse_duration("-5m").has_value());
  CHECK_FALSE(util::parse_duration("m").has_value());
  CHECK(util::parse_duration("99999999999999999999s").error().find("too long") !=
        std::string::npos);
}

TEST_CASE("util::format_duration") {
  CHECK(util::format_duration(0) == "0ms");
  CHECK(util::format_duration(999) == "999ms");
  CHECK(util::format_duration(61'000) == "1m 1s");
  CHECK(util::format_duration(3 * 3'600'000 + 2 * 60'000 + 5'000) == "3h 2m");
  CHECK(util::format_duration(3'600'000 + 5'000) == "1h");
  CHECK(util::format_duration(-90'000) == "1m 30s");
}
