// core/flow_pattern: how hand-written files name flows.
#include <doctest/doctest.h>

#include "core/summary/flow_pattern.hpp"

TEST_CASE("core::matches_flow_pattern") {
  CHECK(core::matches_flow_pattern("Checkout / pay", "Checkout / pay"));
  CHECK_FALSE(core::matches_flow_pattern("Checkout / pay", "Checkout / pay again"));
  CHECK(core::matches_flow_pattern("Checkout / *", "Checkout / pay again"));
  CHECK(core::matches_flow_pattern("* / pay*", "Checkout / pay by card"));
  CHECK(core::matches_flow_pattern("*a*b*c", "xxaxxbxxc"));
  CHECK_FALSE(core::matches_flow_pattern("*a*b*c", "xxaxxcxxb"));
  CHECK(core::matches_flow_pattern("*", ""));
  CHECK_FALSE(core::matches_flow_pattern("", "x"));
}

TEST_CASE("core::flow_path") {
  CHECK(core::flow_path("Checkout", "pay") == "Checkout / pay");
  CHECK(core::flow_path("", "") == " / ");
}

TEST_CASE("core::listed_lines: trimmed, numbered, blanks and comments skipped") {
  const auto lines =
      core::listed_lines("# a comment\n\n  Checkout / pay  \r\n\t# indented comment\nlast");
  REQUIRE(lines.size() == 2);
  CHECK(lines[0].text == "Checkout / pay");
  CHECK(lines[0].number == 3);
  CHECK(lines[1].text == "last");
  CHECK(lines[1].number == 5);
  CHECK(core::listed_lines("").empty());
}
