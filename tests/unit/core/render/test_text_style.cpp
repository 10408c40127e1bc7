// core/text_style: tones marked as the output device says, plain by default.
#include <doctest/doctest.h>

#include "core/render/text_style.hpp"

TEST_CASE("core::TextStyle::toned") {
  core::TextStyle plain;
  CHECK(plain.toned(core::Tone::bad, "FAIL") == "FAIL");

  core::TextStyle marked;
  marked.tone_start[static_cast<std::size_t>(core::Tone::good)] = "<g>";
  marked.tone_end = "</>";
  CHECK(marked.toned(core::Tone::good, "ok") == "<g>ok</>");
  CHECK(marked.toned(core::Tone::bad, "FAIL") == "FAIL");  // a tone without a mark stays plain
  CHECK(marked.toned(core::Tone::good, "") == "<g></>");
}
