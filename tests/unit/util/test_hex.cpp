// util/hex
#include <doctest/doctest.h>

#include "util/hex.hpp"

TEST_CASE("util::to_hex and util::from_hex") {
  CHECK(util::to_hex(std::string("\x00\xff\x10", 3)) == "00ff10");
  CHECK(util::from_hex("00FF10") == std::string("\x00\xff\x10", 3));
  CHECK_FALSE(util::from_hex("abc").has_value());
  CHECK_FALSE(util::from_hex("zz").has_value());
}
