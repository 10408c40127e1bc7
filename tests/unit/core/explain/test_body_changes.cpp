#include <doctest/doctest.h>

#include "core/explain/body_changes.hpp"

namespace {
std::string written(const core::BodyChange& change) {
  std::string text;
  change.write([&](std::string_view piece) { text += piece; });
  CHECK(text.size() == change.size);
  return text;
}

std::vector<std::string> all_written(std::string_view body, std::string_view code) {
  const auto shape = core::inspect_json(body);
  std::vector<std::string> texts;
  for (const auto& change : core::body_changes(body, shape))
    if (change.code == code) texts.push_back(written(change));
  return texts;
}
}  // namespace

TEST_CASE("core::body_changes writes each text change") {
  CHECK(all_written("a\r\n", "trailing_crlf_added") == std::vector<std::string>{"a"});
  CHECK(all_written("a\n", "trailing_newline_added") == std::vector<std::string>{"a"});
  CHECK(all_written("a \n\n", "trailing_whitespace_added") ==
        std::vector<std::string>{"a", "a \n"});
  // After the line break the signed body ended with: it is kept.
  CHECK(all_written("a\n \n", "trailing_whitespace_added") == std::vector<std::string>{"a", "a\n"});
  CHECK(all_written("a\n", "trailing_whitespace_added").empty());
  CHECK(all_written("a", "trailing_newline_stripped") == std::vector<std::string>{"a\n"});
  CHECK(all_written("a", "trailing_space_stripped") == std::vector<std::string>{"a "});
  CHECK(all_written("a\r\nb\rc\n", "crlf_line_ends") == std::vector<std::string>{"a\nb\rc\n"});
  CHECK(all_written("a\r\nb\n", "lf_line_ends") == std::vector<std::string>{"a\r\nb\r\n"});
  CHECK(all_written("\xEF\xBB\xBFx", "byte_order_mark_added") == std::vector<std::string>{"x"});
  CHECK(all_written("x", "byte_order_mark_stripped") == std::vector<std::string>{"\xEF\xBB\xBFx"});
  CHECK(all_written("{\n\t\"a\": 1\n}", "tabs_for_spaces") ==
        std::vector<std::string>{"{\n  \"a\": 1\n}", "{\n    \"a\": 1\n}"});
  CHECK(all_written("{\n    \"a\": \"  x\"\n}", "spaces_for_tabs") ==
        std::vector<std::string>{"{\n\t\t\"a\": \"  x\"\n}", "{\n\t\"a\": \"  x\"\n}"});
}

TEST_CASE("core::body_changes tries the JSON styles that differ from the body") {
  const std::string body = "{\"a\":\"x/y\"}";
  const auto shape = core::inspect_json(body);
  std::vector<std::string> texts;
  for (const auto& change : core::body_changes(body, shape))
    if (change.style) texts.push_back(written(change));
  // Nothing non-ASCII: no \u escaping; compact already: compact without escaping is the body.
  CHECK(std::find(texts.begin(), texts.end(), "{\"a\":\"x\\/y\"}") != texts.end());
  CHECK(std::find(texts.begin(), texts.end(), "{\n  \"a\": \"x/y\"\n}") != texts.end());
  CHECK(std::find(texts.begin(), texts.end(), body) == texts.end());
  // Escaped slashes in its own layout, then the 4 other layouts with and without them.
  CHECK(texts.size() == 1 + 4 * 2);
  CHECK(core::body_changes("not json", std::nullopt).size() > 0);
}

TEST_CASE("core::describe_reserialisation names removed line breaks") {
  const std::string body = "{  \"a\": 1}";
  const auto shape = core::inspect_json(body);
  int indented_by_two = 0;  // the checks below must run: the change is among the candidates
  for (const auto& change : core::body_changes(body, shape)) {
    if (!change.style || change.style->layout != core::JsonLayout::indent2 ||
        change.style->escaping)
      continue;
    ++indented_by_two;
    CHECK(core::describe_reserialisation(change, body, false).code == "line_breaks_removed");
    CHECK(core::describe_reserialisation(change, body, true).code == "line_breaks_removed");
    CHECK(core::describe_reserialisation(change, "{\"b\":2}", false)
              .description.ends_with("indented by 2 spaces"));
  }
  CHECK(indented_by_two == 1);
}
