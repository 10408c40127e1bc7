// util/base64
#include <doctest/doctest.h>

#include "util/base64.hpp"

TEST_CASE("util::from_base64") {
  CHECK(util::from_base64("aGVsbG8=") == "hello");
  CHECK(util::from_base64("aGVsbG8") == "hello");
  CHECK(util::from_base64("-_8=") == std::string("\xfb\xff"));
  CHECK_FALSE(util::from_base64("a").has_value());
  CHECK_FALSE(util::from_base64("a b=").has_value());
  CHECK_FALSE(util::from_base64("").has_value());
}
