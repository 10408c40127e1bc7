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

TEST_CASE("util::to_base64: RFC 4648's vectors, and back") {
  CHECK(util::to_base64("") == "");
  CHECK(util::to_base64("f") == "Zg==");
  CHECK(util::to_base64("fo") == "Zm8=");
  CHECK(util::to_base64("foo") == "Zm9v");
  CHECK(util::to_base64("foob") == "Zm9vYg==");
  CHECK(util::to_base64("fooba") == "Zm9vYmE=");
  CHECK(util::to_base64("foobar") == "Zm9vYmFy");
  std::string every;
  for (int byte = 0; byte < 256; ++byte) every += static_cast<char>(byte);
  CHECK(util::from_base64(util::to_base64(every)) == every);
}
