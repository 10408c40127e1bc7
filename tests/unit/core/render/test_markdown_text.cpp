// core/markdown_text: untrusted text and links in GitHub Markdown.
#include <doctest/doctest.h>

#include "core/render/markdown_text.hpp"

TEST_CASE("core::escape_markdown keeps tables, lists and HTML intact") {
  CHECK(core::escape_markdown("a | b") == "a \\| b");
  CHECK(core::escape_markdown("<img src=x>") == "&lt;img src=x&gt;");
  // C1 controls are controls: U+009D (OSC in 8-bit terminals) becomes U+FFFD (issue found by
  // fuzzing).
  CHECK(core::escape_markdown("a\xC2\x9D"
                              "b\xC2\x85"
                              "c\xC2\xA0\xCA\x9E") ==
        "a\xEF\xBF\xBD"
        "b\xEF\xBF\xBD"
        "c\xC2\xA0\xCA\x9E");
  CHECK(core::escape_markdown("x\xFFy") == "x\xEF\xBF\xBDy");
  CHECK(core::escape_markdown("[x](y)") == "\\[x\\]\\(y\\)");
  CHECK(core::escape_markdown("line\nbreak") == "line break");
  CHECK(core::escape_markdown("rtl\xE2\x80\xAE") == "rtl\xEF\xBF\xBD");
}

TEST_CASE("core::markdown_link_target takes http(s) only, percent-encoding what would end a link") {
  CHECK(core::markdown_link_target("https://x/(a)") == "https://x/%28a%29");
  CHECK(core::markdown_link_target("javascript:alert(1)").empty());
  CHECK(core::markdown_link_target("https://x/a b").empty());
}
