// util/json_string: the one JSON string escaper, in the styles serialisers differ by.
#include <doctest/doctest.h>

#include "util/json_string.hpp"

namespace {
std::string quoted(std::string_view text, util::JsonStringStyle style = {}) {
  std::string out;
  util::append_json_string(out, text, style);
  return out;
}
}  // namespace

TEST_CASE("util::append_json_string, shortest form") {
  CHECK(quoted("plain") == "\"plain\"");
  CHECK(quoted("a\"b\\c") == "\"a\\\"b\\\\c\"");
  CHECK(quoted("\b\f\n\r\t") == "\"\\b\\f\\n\\r\\t\"");
  CHECK(quoted(std::string("\x00\x01\x1f", 3)) == "\"\\u0000\\u0001\\u001f\"");
  CHECK(quoted("\x7f/\xC3\xA9") == "\"\x7f/\xC3\xA9\"");  // DEL, slash and UTF-8 kept
}

TEST_CASE("util::append_json_string, as PHP and Python write it") {
  CHECK(quoted("a/b", {true, false}) == "\"a\\/b\"");
  CHECK(quoted("\xC3\xA9\xE2\x9C\x93", {false, true}) == "\"\\u00e9\\u2713\"");
  CHECK(quoted("\xF0\x9F\x98\x80", {false, true}) == "\"\\ud83d\\ude00\"");  // a surrogate pair
  CHECK(quoted("x", {true, true}) == "\"x\"");
  std::string appended = "[";
  util::append_json_string(appended, "a");
  CHECK(appended == "[\"a\"");  // appends, keeps what was there
}
