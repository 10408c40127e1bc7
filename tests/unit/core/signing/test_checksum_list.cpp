#include <doctest/doctest.h>

#include "core/signing/checksum_list.hpp"

TEST_CASE("core::format_checksum_line") {
  CHECK(core::format_checksum_line("sha256=ab", "a b.json") == "sha256=ab  a b.json\n");
  CHECK(core::format_checksum_line("sha256=ab", "new\nline\\x") ==
        "\\sha256=ab  new\\nline\\\\x\n");
}

TEST_CASE("core::parse_checksum_list reads what format_checksum_line writes") {
  const std::string text = core::format_checksum_line("sha256=aa", "plain.json") + "\n" +
                           core::format_checksum_line("sha256=bb", "odd\nname\\here") +
                           "sha256=cc *binary.json\r\n";
  auto entries = core::parse_checksum_list(text);
  REQUIRE(entries.has_value());
  REQUIRE(entries->size() == 3);
  CHECK((*entries)[0].signature == "sha256=aa");
  CHECK((*entries)[0].file == "plain.json");
  CHECK((*entries)[1].file == "odd\nname\\here");
  CHECK((*entries)[1].line_number == 3);
  CHECK((*entries)[2].file == "binary.json");
}

TEST_CASE("core::parse_checksum_list names the malformed line") {
  auto bad = core::parse_checksum_list("sha256=aa  ok.json\nsha256=bb\n");
  REQUIRE_FALSE(bad.has_value());
  CHECK(bad.error() == "line 2 of the list is not 'sha256=<hex>  FILE'");
  CHECK_FALSE(core::parse_checksum_list("sha256=aa x.json\n").has_value());
  CHECK_FALSE(core::parse_checksum_list("sha256=aa  \n").has_value());
  CHECK_FALSE(core::parse_checksum_list(" sha256=aa  x\n").has_value());
  // Found by fuzzing: a backslash in the signature made the escaping ambiguous.
  CHECK_FALSE(core::parse_checksum_list("\\\\  0  0").has_value());
  CHECK_FALSE(core::parse_checksum_list("sha256=a\\b  x\n").has_value());
}
