// util/utf8: RFC 3629's rules, shared by the JSON reader, the terminal escaper and the writers.
#include <doctest/doctest.h>

#include "util/utf8.hpp"

TEST_CASE("util::valid_utf8_length accepts exactly RFC 3629") {
  CHECK(util::valid_utf8_length("a", 0) == 1);
  CHECK(util::valid_utf8_length("\xC3\xA9", 0) == 2);
  CHECK(util::valid_utf8_length("\xE2\x9C\x93", 0) == 3);
  CHECK(util::valid_utf8_length("\xF0\x9F\x98\x80", 0) == 4);
  CHECK(util::valid_utf8_length("\xC0\xAF", 0) == 0);          // overlong '/'
  CHECK(util::valid_utf8_length("\xE0\x80\xAF", 0) == 0);      // overlong, three bytes
  CHECK(util::valid_utf8_length("\xED\xA0\x80", 0) == 0);      // a surrogate
  CHECK(util::valid_utf8_length("\xF4\x90\x80\x80", 0) == 0);  // past U+10FFFF
  CHECK(util::valid_utf8_length("\xE2\x9C", 0) == 0);          // truncated
  CHECK(util::valid_utf8_length("\x80", 0) == 0);              // a lone continuation byte
  CHECK(util::valid_utf8_length("ab", 2) == 0);                // past the end
}

TEST_CASE("util::utf8_lead and util::utf8_continuation_allowed, byte by byte") {
  const util::Utf8Lead e0 = util::utf8_lead(0xE0);
  CHECK(e0.length == 3);
  CHECK_FALSE(util::utf8_continuation_allowed(e0, 1, 0x9F));
  CHECK(util::utf8_continuation_allowed(e0, 1, 0xA0));
  CHECK(util::utf8_continuation_allowed(e0, 2, 0x80));
  CHECK(util::utf8_lead(0xF5).length == 0);
  CHECK(util::utf8_lead(0xC1).length == 0);
}

TEST_CASE("util::decode_utf8 and util::append_utf8 are inverses") {
  for (const char32_t code : {U'A', U'\u00e9', U'\u2713', U'\U0001F600', U'\U0010FFFF'}) {
    std::string text;
    util::append_utf8(text, code);
    CHECK(util::valid_utf8_length(text, 0) == text.size());
    std::size_t i = 0;
    CHECK(util::decode_utf8(text, i) == code);
    CHECK(i == text.size() - 1);
  }
  std::size_t i = 0;
  (void)util::decode_utf8("\xF0\x9F", i);  // truncated: decodes something, reads nothing past
  CHECK(i == 1);
}

TEST_CASE("util::is_bidi_or_invisible") {
  for (const char32_t code :
       {0x061cu, 0x200bu, 0x200fu, 0x202au, 0x202eu, 0x2066u, 0x2069u, 0xfeffu})
    CHECK(util::is_bidi_or_invisible(code));
  for (const char32_t code : {U'a', U'\u00e9', U'\u05d0', U'\u2013', U'\u2070', U'\U0001F600'})
    CHECK_FALSE(util::is_bidi_or_invisible(code));
}

TEST_CASE("util::valid_utf8_prefix and util::replacing_invalid_utf8") {
  CHECK(util::valid_utf8_prefix("") == 0);
  CHECK(util::valid_utf8_prefix("caf\xC3\xA9 \xE2\x9C\x93") == 9);
  CHECK(util::valid_utf8_prefix("ab\xFF\xC3\xA9") == 2);
  CHECK(util::valid_utf8_prefix("ab\xC3") == 2);        // a sequence cut short
  CHECK(util::valid_utf8_prefix("\xED\xA0\x80") == 0);  // a surrogate
  CHECK(util::replacing_invalid_utf8("caf\xC3\xA9") == "caf\xC3\xA9");
  // Each byte that starts no valid sequence is one U+FFFD; what follows is kept.
  CHECK(util::replacing_invalid_utf8("a\xFF\xFE"
                                     "b\xC3\xA9\xC3") ==
        "a\xEF\xBF\xBD\xEF\xBF\xBD"
        "b\xC3\xA9\xEF\xBF\xBD");
}
