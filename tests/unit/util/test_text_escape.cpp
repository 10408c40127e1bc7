// util/text_escape: the terminal safety boundary. Whatever a name or URL from the network holds,
// what reaches the terminal cannot drive it.
#include <doctest/doctest.h>

#include "util/text_escape.hpp"

TEST_CASE("util::escape_for_terminal keeps printable text and UTF-8") {
  CHECK(util::escape_for_terminal("Checkout flow (iOS)") == "Checkout flow (iOS)");
  CHECK(util::escape_for_terminal("caf\xC3\xA9 \xE2\x9C\x93 \xF0\x9F\x98\x80") ==
        "caf\xC3\xA9 \xE2\x9C\x93 \xF0\x9F\x98\x80");
  CHECK(util::escape_for_terminal("").empty());
}

TEST_CASE("util::escape_for_terminal escapes C0, DEL and C1 controls") {
  CHECK(util::escape_for_terminal("\x1b]0;pwned\x07") == "\\x1b]0;pwned\\x07");
  CHECK(util::escape_for_terminal("a\r\nb\tc") == "a\\x0d\\x0ab\\x09c");
  CHECK(util::escape_for_terminal(std::string("\x00", 1)) == "\\x00");
  CHECK(util::escape_for_terminal("\x7f") == "\\x7f");
  CHECK(util::escape_for_terminal("\xC2\x9B"
                                  "2J") == "\\xc2\\x9b2J");    // CSI as a C1 control
  CHECK(util::escape_for_terminal("\xC2\xA0") == "\xC2\xA0");  // no-break space is text
}

TEST_CASE("util::escape_for_terminal escapes bytes that are not UTF-8") {
  CHECK(util::escape_for_terminal("\xff\xfe") == "\\xff\\xfe");
  CHECK(util::escape_for_terminal("\xC0\xAF") == "\\xc0\\xaf");           // overlong
  CHECK(util::escape_for_terminal("\xED\xA0\x80") == "\\xed\\xa0\\x80");  // surrogate
  CHECK(util::escape_for_terminal("ok\xE2\x9C") == "ok\\xe2\\x9c");       // truncated at the end
  // Whatever the input, the output is printable ASCII or valid UTF-8 without controls.
  std::string every_byte;
  for (int b = 0; b < 256; ++b) every_byte += static_cast<char>(b);
  for (char c : util::escape_for_terminal(every_byte)) {
    const auto byte = static_cast<unsigned char>(c);
    CHECK((byte >= 0x20 && byte != 0x7f));
  }
}

TEST_CASE("util::escape_for_terminal shows bidirectional and invisible characters as escapes") {
  // "evil\u202Eexe.txt" would read as "evil" + "txt.exe" reversed; a zero-width space hides.
  CHECK(util::escape_for_terminal("evil\xE2\x80\xAE"
                                  "exe.txt") == "evil\\u202eexe.txt");
  CHECK(util::escape_for_terminal("a\xE2\x81\xA6"
                                  "b\xE2\x81\xA9") == "a\\u2066b\\u2069");
  CHECK(util::escape_for_terminal("zero\xE2\x80\x8Bwidth") == "zero\\u200bwidth");
  CHECK(util::escape_for_terminal("\xEF\xBB\xBF"
                                  "bom") == "\\ufeffbom");
  CHECK(util::escape_for_terminal("\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D") ==
        "\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D");  // Hebrew text itself stays
}
