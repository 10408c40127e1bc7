// util/fmt_implementation: fmt's compiled part, built here instead of linked. Formatting that
// goes through it (integers with widths, floating point, strings) gives fmt's documented output.
#include <doctest/doctest.h>
#include <fmt/core.h>

#include <iterator>
#include <string>

TEST_CASE("fmt formats through the implementation compiled into core") {
  CHECK(fmt::format("{} of {}", 3, std::string("groups")) == "3 of groups");
  CHECK(fmt::format("{:04o}", 0644) == "0644");
  CHECK(fmt::format("{:08x}-{:02X}", 0xabcdefu, 255) == "00abcdef-FF");
  CHECK(fmt::format("{}", 0.1) == "0.1");  // shortest round trip (Dragonbox)
  CHECK(fmt::format("{:.3f}", 2.0 / 3.0) == "0.667");
  CHECK(fmt::format("{:06}", -1) == "-00001");
  std::string out = "x";
  fmt::format_to(std::back_inserter(out), "\\u{:04x}", 0x1fu);
  CHECK(out == "x\\u001f");
}
