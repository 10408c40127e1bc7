#include <doctest/doctest.h>

#include "core/explain/json_styles.hpp"

namespace {
using core::JsonLayout;
using core::StringEscaping;

// The rendering, checked to be exactly as long as rendered_size() promised and to arrive in
// pieces no larger than the writer's.
std::string rendering(std::string_view body, core::JsonStyle style) {
  const auto shape = core::inspect_json(body);
  REQUIRE(shape.has_value());
  std::string text;
  core::render_json(body, *shape, style, [&](std::string_view piece) {
    CHECK(piece.size() <= util::PieceWriter::piece_size + 4096);
    text += piece;
  });
  CHECK(text.size() == core::rendered_size(*shape, style));
  return text;
}
}  // namespace

TEST_CASE("core::render_json writes the common serialisers' output") {
  const std::string body =
      R"({"b": [1, {"u": "a/b"}], "a": "\u00e9\ud83d\ude00", "e": [], "o": {}})";
  CHECK(rendering(body, {JsonLayout::compact, StringEscaping{false, false}}) ==
        "{\"b\":[1,{\"u\":\"a/b\"}],\"a\":\"\xc3\xa9\xf0\x9f\x98\x80\",\"e\":[],\"o\":{}}");
  CHECK(rendering(body, {JsonLayout::spaced, StringEscaping{true, false}}) ==
        R"({"b": [1, {"u": "a/b"}], "a": "\u00e9\ud83d\ude00", "e": [], "o": {}})");
  CHECK(rendering(body, {JsonLayout::compact, StringEscaping{false, true}}) ==
        "{\"b\":[1,{\"u\":\"a\\/b\"}],\"a\":\"\xc3\xa9\xf0\x9f\x98\x80\",\"e\":[],\"o\":{}}");
  CHECK(rendering(R"({"a":[1,2],"b":{}})", {JsonLayout::indent2, std::nullopt}) ==
        "{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": {}\n}");
  CHECK(rendering(R"({"a":1})", {JsonLayout::indent4, std::nullopt}) == "{\n    \"a\": 1\n}");
  CHECK(rendering(R"({"a":[1]})", {JsonLayout::tabs, std::nullopt}) ==
        "{\n\t\"a\": [\n\t\t1\n\t]\n}");
  CHECK(rendering(R"(["\n\u0001\"", "\u0041"])", {JsonLayout::compact, StringEscaping{}}) ==
        R"(["\n\u0001\"","A"])");
  // As received: the whitespace and the strings kept exactly, only what is asked changed.
  CHECK(rendering(" {\"a\" :\t\"\\u00e9/\"}\n", {JsonLayout::as_received, std::nullopt}) ==
        " {\"a\" :\t\"\\u00e9/\"}\n");
  CHECK(rendering(" {\"a\" :\t\"\\u00e9/\"}\n", {JsonLayout::as_received, StringEscaping{}}) ==
        " {\"a\" :\t\"\xc3\xa9/\"}\n");
}

TEST_CASE("core::render_json streams a long string in pieces") {
  std::string long_text;
  for (int i = 0; i < 100000; ++i) long_text += "\xc3\xa9/";
  const std::string body = "[\"" + long_text + "\"]";
  const std::string text = rendering(body, {JsonLayout::compact, StringEscaping{true, true}});
  CHECK(text.size() == 2 + 2 + 100000 * (6 + 2));
  CHECK(text.substr(0, 16) == "[\"\\u00e9\\/\\u00e9");
}

TEST_CASE("core::inspect_json reads the layout, the escaping and the key order") {
  auto shape = core::inspect_json("{\n  \"a\": [\n    1\n  ],\n  \"b\": \"\\u00e9\"\n}");
  REQUIRE(shape.has_value());
  CHECK(shape->layout == JsonLayout::indent2);
  CHECK_FALSE(shape->outer_whitespace);
  CHECK(shape->has_non_ascii);
  CHECK_FALSE(shape->has_slash);
  CHECK(shape->escaping_as_received == std::array<bool, 4>{false, true, false, true});
  CHECK(shape->keys_sorted);
  CHECK(shape->objects_with_several_keys == 1);

  shape = core::inspect_json("{\"b\":1,\"a\":\"x/y\"}\n");
  REQUIRE(shape.has_value());
  CHECK(shape->layout == JsonLayout::compact);
  CHECK(shape->outer_whitespace);
  CHECK(shape->has_slash);
  CHECK_FALSE(shape->keys_sorted);
  CHECK(shape->escaping_as_received == std::array<bool, 4>{true, true, false, false});

  shape = core::inspect_json("{\"a\":  1}");
  REQUIRE(shape.has_value());
  CHECK_FALSE(shape->layout.has_value());  // no common layout
}

TEST_CASE("core::inspect_json gives nothing for what is not JSON") {
  CHECK_FALSE(core::inspect_json("not json").has_value());
  CHECK_FALSE(core::inspect_json("{\"a\":1} trailing").has_value());
  CHECK_FALSE(core::inspect_json("[\"\\ud800\"]").has_value());
  CHECK_FALSE(core::inspect_json(std::string(100000, '[') + std::string(100000, ']')).has_value());
}

TEST_CASE("core::describe_layout") {
  CHECK(core::describe_layout(JsonLayout::compact) == "compact (no spaces)");
  CHECK(core::describe_layout(JsonLayout::indent2) == "indented by 2 spaces");
  CHECK(core::describe_layout(JsonLayout::tabs) == "indented with tabs");
}
