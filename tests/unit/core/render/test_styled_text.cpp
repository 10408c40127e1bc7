// core/styled_text: the pieces of a text report, escaped and toned as the style says.
#include <doctest/doctest.h>

#include "core/render/styled_text.hpp"

TEST_CASE("core::StyledText escapes untrusted text and leaves the program's words alone") {
  const core::TextStyle plain;
  core::StyledText out(plain);
  out.plain("name: ").text("evil\x1b[2J").plain(out.dash()).styled("ok", core::Tone::good);
  CHECK(out.take() == "name: evil\\x1b[2J - ok");
}

TEST_CASE("core::StyledText::mark picks the glyph or the word, in its tone") {
  const core::Mark failed{"\xE2\x9C\x97", "[FAIL]", core::Tone::bad};
  core::TextStyle ascii;
  ascii.tone_start[static_cast<std::size_t>(core::Tone::bad)] = "<bad>";
  ascii.tone_end = "</>";
  CHECK(core::StyledText(ascii).mark(failed).take() == "<bad>[FAIL]</>");
  core::TextStyle unicode = ascii;
  unicode.unicode = true;
  core::StyledText out(unicode);
  CHECK(out.mark(failed).plain(out.dash()).take() == "<bad>\xE2\x9C\x97</> \xE2\x80\x94 ");
}
