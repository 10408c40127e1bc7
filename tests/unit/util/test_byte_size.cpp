// util/byte_size
#include <doctest/doctest.h>

#include "util/byte_size.hpp"

TEST_CASE("util::parse_byte_size") {
  CHECK(util::parse_byte_size("10MiB").value() == 10u << 20);
  CHECK(util::parse_byte_size("512k").value() == 512u << 10);
  CHECK(util::parse_byte_size("1G").value() == std::uint64_t{1} << 30);
  CHECK(util::parse_byte_size("2000000").value() == 2000000u);
  CHECK(util::parse_byte_size("0").value() == 0u);
  CHECK_FALSE(util::parse_byte_size("").has_value());
  CHECK_FALSE(util::parse_byte_size("MiB").has_value());
  CHECK_FALSE(util::parse_byte_size("10 MiB").has_value());
  CHECK_FALSE(util::parse_byte_size("10TiB").has_value());
  CHECK_FALSE(util::parse_byte_size("99999999999999999999").has_value());
  CHECK_FALSE(util::parse_byte_size("17179869184G").has_value());
}
