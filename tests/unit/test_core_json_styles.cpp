#include <doctest/doctest.h>

#include "core/json_styles.hpp"

namespace {
std::string rendering(std::string_view body, core::JsonStyle style) {
  for (const auto& candidate : core::render_json_styles(body))
    if (candidate.style.layout == style.layout &&
        candidate.style.ascii_escapes == style.ascii_escapes &&
        candidate.style.escaped_slashes == style.escaped_slashes &&
        candidate.style.sorted_keys == style.sorted_keys)
      return candidate.text;
  FAIL("style not rendered");
  return {};
}
}  // namespace

TEST_CASE("core::render_json_styles writes the common serialisers' output") {
  const std::string body =
      R"({"b": [1, {"u": "a/b"}], "a": "\u00e9\ud83d\ude00", "e": [], "o": {}})";
  using core::JsonLayout;
  CHECK(rendering(body, {JsonLayout::compact, false, false, false}) ==
        "{\"b\":[1,{\"u\":\"a/b\"}],\"a\":\"\xc3\xa9\xf0\x9f\x98\x80\",\"e\":[],\"o\":{}}");
  CHECK(rendering(body, {JsonLayout::spaced, true, false, true}) ==
        R"({"a": "\u00e9\ud83d\ude00", "b": [1, {"u": "a/b"}], "e": [], "o": {}})");
  CHECK(rendering(body, {JsonLayout::compact, false, true, false}) ==
        "{\"b\":[1,{\"u\":\"a\\/b\"}],\"a\":\"\xc3\xa9\xf0\x9f\x98\x80\",\"e\":[],\"o\":{}}");
  CHECK(rendering(R"({"a":[1,2],"b":{}})", {JsonLayout::indent2, false, false, false}) ==
        "{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": {}\n}");
  CHECK(rendering(R"({"a":1})", {JsonLayout::indent4, false, false, false}) ==
        "{\n    \"a\": 1\n}");
  CHECK(rendering(R"(["\n\u0001\""])", {JsonLayout::compact, false, false, false}) ==
        R"(["\n\u0001\""])");
}

TEST_CASE("core::render_json_styles gives nothing for what is not JSON") {
  CHECK(core::render_json_styles("not json").empty());
  CHECK(core::render_json_styles("{\"a\":1} trailing").empty());
  CHECK(core::render_json_styles(std::string(100000, '[') + std::string(100000, ']')).empty());
}

TEST_CASE("core::JsonStyle::describe") {
  CHECK(core::JsonStyle{core::JsonLayout::compact, true, true, true}.describe() ==
        "compact (no spaces), with \\uXXXX escapes for non-ASCII characters, slashes escaped as "
        "\\/ and keys sorted");
  CHECK(core::JsonStyle{core::JsonLayout::indent2, false, false, false}.describe() ==
        "indented by 2 spaces");
}
