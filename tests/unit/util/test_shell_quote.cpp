// util/shell_quote
#include <doctest/doctest.h>

#include "util/shell_quote.hpp"

TEST_CASE("util::shell_quote and util::printf_literal") {
  CHECK(util::shell_quote("it's") == "'it'\\''s'");
  CHECK(util::printf_literal(std::string("a\0\\%'\n\xff", 7)) ==
        "'a\\000\\134\\045\\047\\012\\377'");
}
