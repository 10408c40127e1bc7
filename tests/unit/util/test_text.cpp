// util/text: trimming, ASCII case folding, replacing.
#include <doctest/doctest.h>

#include "util/text.hpp"

TEST_CASE("util::trim_whitespace") {
  CHECK(util::trim_whitespace(" \t\r\n sha256=ab \v\f\n") == "sha256=ab");
  CHECK(util::trim_whitespace("   ").empty());
  CHECK(util::trim_whitespace("").empty());
  CHECK(util::trim_whitespace("a b") == "a b");  // inner whitespace stays
}

TEST_CASE("util::to_lower_ascii folds ASCII only, whatever the locale") {
  CHECK(util::to_lower_ascii("Content-ENCODING") == "content-encoding");
  CHECK(util::to_lower_ascii("\xC3\x89T\xC3\x89") == "\xC3\x89t\xC3\x89");  // É stays
  CHECK(util::to_lower_ascii('I') == 'i');  // not the Turkish dotless i
  CHECK(util::to_lower_ascii('[') == '[');
  CHECK(util::to_upper_ascii("total_groups-\xC3\xA9") == "TOTAL_GROUPS-\xC3\xA9");
}

TEST_CASE("util::equal_ignoring_case and util::starts_with_ignoring_case") {
  CHECK(util::equal_ignoring_case("X-Autosana-Signature-256", "x-autosana-signature-256"));
  CHECK_FALSE(util::equal_ignoring_case("gzip", "gzip "));
  CHECK_FALSE(util::equal_ignoring_case("@", "`"));  // 0x40 and 0x60 differ by the case bit only
  CHECK(util::starts_with_ignoring_case("SHA256=abc", "sha256="));
  CHECK_FALSE(util::starts_with_ignoring_case("sha", "sha256="));
}

TEST_CASE("util::replace_all") {
  CHECK(util::replace_all("a\r\nb\r\n", "\r\n", "\n") == "a\nb\n");
  CHECK(util::replace_all("aaa", "a", "aa") == "aaaaaa");  // left to right, no rescanning
  CHECK(util::replace_all("abc", "x", "y") == "abc");
  CHECK(util::replace_all("abc", "", "y") == "abc");  // an empty pattern replaces nothing
}

TEST_CASE("util::parse_decimal reads digits only, within 64 bits") {
  CHECK(util::parse_decimal("0") == 0u);
  CHECK(util::parse_decimal("007") == 7u);
  CHECK(util::parse_decimal("18446744073709551615") == 18446744073709551615u);
  for (const char* bad : {"", "-1", "+1", " 1", "1 ", "0x10", "1e3", "18446744073709551616", "abc"})
    CHECK_MESSAGE(!util::parse_decimal(bad), bad);
}

TEST_CASE("util::find_named_value in a query or a Cookie field") {
  CHECK(util::find_named_value("a=1&token=xyz&b=2", '&', "token") == "xyz");
  CHECK(util::find_named_value("tokens=1&token=2", '&', "token") ==
        "2");  // a longer name is not it
  CHECK(util::find_named_value("a=1; session=s; b=2", ';', "session") == "s");
  CHECK(util::find_named_value("token=first&token=second", '&', "token") == "first");
  CHECK(util::find_named_value("token&x=1", '&', "token") == std::nullopt);  // no value: none
  CHECK(util::find_named_value("", '&', "token") == std::nullopt);
  CHECK(util::find_named_value("token=", '&', "token") == "");  // empty, but there
}
