// util/json_reader: events, paths, positioned errors, limits.
#include <doctest/doctest.h>

#include "json_events.hpp"
#include "util/json_reader.hpp"
#include "util/json_relay.hpp"

#include <algorithm>
#include <optional>
#include <vector>

namespace {
using test::EventLog;

util::JsonSyntaxError syntax_error(std::string_view text, util::JsonLimits limits = {}) {
  EventLog log;
  util::JsonReader reader(log, limits);
  REQUIRE_FALSE(reader.parse(text));
  REQUIRE(reader.error().has_value());
  return *reader.error();
}

// Feeds the text a few bytes at a time, as a pipe would.
std::string events_in_pieces(std::string_view text, std::size_t piece) {
  EventLog log;
  util::JsonReader reader(log);
  std::size_t pos = 0;
  const util::JsonRefill refill = [&](char* buffer, std::size_t capacity) {
    const std::size_t n = std::min({piece, capacity, text.size() - pos});
    std::copy(text.data() + pos, text.data() + pos + n, buffer);
    pos += n;
    return n;
  };
  REQUIRE(reader.parse(refill));
  return log.log;
}
}  // namespace

TEST_CASE("util::JsonReader reports events with their paths") {
  EventLog log;
  util::JsonReader reader(log);
  REQUIRE(reader.parse(R"( {"a": [1, {"b~/c": null}], "e": [], "t": true} )"));
  CHECK(log.log ==
        "{ k:a [/a /a/0=1 {/a/1 k:b~/c /a/1/b~0~1c=null }/a/1#1 ]/a#2 k:e [/e ]/e#0 k:t /t=true "
        "}#3 ");
}

TEST_CASE("util::JsonReader gives the same events however the input is split") {
  const std::string text =
      "{\"name\": \"Caf\xc3\xa9 \\u00e9 \\ud83d\\ude00\", \"n\": [-1.5e+3, 0, 12]}";
  const std::string whole = events_in_pieces(text, 1 << 20);
  CHECK(whole.find("/name=Caf\xc3\xa9 \xc3\xa9 \xf0\x9f\x98\x80 ") != std::string::npos);
  CHECK(whole.find("/n/0=-1.5e+3 ") != std::string::npos);
  for (std::size_t piece : {1u, 2u, 3u, 7u}) CHECK(events_in_pieces(text, piece) == whole);
}

TEST_CASE("util::JsonReader points at syntax errors with line, column and context") {
  const auto error = syntax_error("{\n  \"name\": \"My App\" \"platform\": 1\n}");
  CHECK(error.message == "expected ',' or '}' after an object member, found '\"'");
  CHECK(error.line == 2);
  CHECK(error.column == 20);
  CHECK(error.context == "  \"name\": \"My App\" \"platform\": 1");
  CHECK(error.context.substr(error.caret, 1) == "\"");
}

TEST_CASE("util::JsonReader rejects hostile and broken input clearly") {
  CHECK(syntax_error("").message == "empty input: expected a JSON document");
  CHECK(syntax_error("  \n ").message == "empty input: expected a JSON document");
  CHECK(syntax_error("{} x").message ==
        "unexpected data after the end of the JSON document, found 'x'");
  CHECK(syntax_error("{\"a\":1}\n{\"b\":2}").line == 2);
  CHECK(syntax_error("{\"a\":\"\xff\"}").message ==
        "invalid UTF-8: byte 0xff cannot start a character");
  CHECK(syntax_error("{\"a\":\"\xc3\"}").message.find("continuation byte") != std::string::npos);
  CHECK(syntax_error("{\"a\":\"\xed\xa0\x80\"}").message.find("invalid UTF-8") !=
        std::string::npos);  // a surrogate
  CHECK(syntax_error("{\"a\":\"\xc0\xaf\"}").message.find("invalid UTF-8") !=
        std::string::npos);  // overlong
  CHECK(syntax_error(std::string("{\"a\":\"x\0y\"}", 11)).message ==
        "control character byte 0x00 in a string (it must be escaped)");
  CHECK(syntax_error(std::string("\0", 1)).message == "expected a value, found byte 0x00");
  CHECK(syntax_error("{\"a\":\"\n\"}").message.find("control character") != std::string::npos);
  CHECK(syntax_error("{\"a\":\"x").message == "unterminated string: the input ends inside it");
  CHECK(syntax_error("{\"a\":\"\\ud800\"}").message.find("high surrogate") != std::string::npos);
  CHECK(syntax_error("{\"a\":\"\\udc00\"}").message.find("low surrogate") != std::string::npos);
  CHECK(syntax_error("{\"a\":\"\\x\"}").message.find("invalid escape") != std::string::npos);
  CHECK(syntax_error("[01]").message == "a number cannot have a leading zero");
  CHECK(syntax_error("[1.]").message.find("decimal point") != std::string::npos);
  CHECK(syntax_error("[1e]").message.find("exponent") != std::string::npos);
  CHECK(syntax_error("[-]").message.find("expected a digit") != std::string::npos);
  CHECK(syntax_error("[" + std::string(2000, '9') + "]").message == "a number is too long");
  CHECK(syntax_error("[tru]").message.find("expected 'true'") != std::string::npos);
  CHECK(syntax_error("{a:1}").message.find("member name in double quotes") != std::string::npos);
  CHECK(syntax_error("{\"a\" 1}").message.find("expected ':'") != std::string::npos);
  CHECK(syntax_error("[1,]").message.find("expected a value") != std::string::npos);
  CHECK(syntax_error("[1 2]").message.find("expected ',' or ']'") != std::string::npos);
  CHECK(syntax_error(std::string(200000, '[')).message == "nesting deeper than 512 levels");
  util::JsonLimits small;
  small.max_string_bytes = 10;
  CHECK(syntax_error("[\"" + std::string(100, 'x') + "\"]", small).message ==
        "a string is longer than 10 bytes");
}

TEST_CASE("util::JsonReader context on a long line is a window with an ellipsis") {
  const std::string text = "[\"" + std::string(300, 'a') + "\" \"b\"]";
  const auto error = syntax_error(text);
  CHECK(error.column == 305);
  CHECK(error.context.substr(0, 3) == "...");
  CHECK(error.context.size() < 100);
  CHECK(error.context[error.caret] == '"');
}

TEST_CASE("util::JsonReader skips a byte-order mark and says so") {
  EventLog log;
  util::JsonReader reader(log);
  REQUIRE(reader.parse("\xEF\xBB\xBF{}"));
  CHECK(reader.saw_byte_order_mark());
}

namespace {
// A stream of documents, read a few bytes at a time; each document's events on a line of its own.
std::vector<std::string> sequence_events(std::string_view text,
                                         std::optional<util::JsonSyntaxError>* error = nullptr) {
  EventLog log;
  util::JsonReader reader(log);
  std::size_t offset = 0;
  const util::JsonRefill refill = [&](char* buffer, std::size_t capacity) -> std::size_t {
    const std::size_t n = std::min<std::size_t>({capacity, 3, text.size() - offset});
    std::copy_n(text.data() + offset, n, buffer);
    offset += n;
    return n;
  };
  reader.start_sequence(refill);
  std::vector<std::string> documents;
  while (reader.next_document()) {
    documents.push_back(log.log);
    log.log.clear();
  }
  if (error != nullptr) *error = reader.error();
  return documents;
}
}  // namespace

TEST_CASE(
    "util::JsonReader::next_document reads concatenated, line-separated and RS-separated "
    "documents") {
  CHECK(sequence_events("{\"a\":1}{\"b\":2}") ==
        std::vector<std::string>{"{ k:a /a=1 }#1 ", "{ k:b /b=2 }#1 "});
  CHECK(sequence_events("{\"a\":1}\n{\"b\":2}\n\n") ==
        std::vector<std::string>{"{ k:a /a=1 }#1 ", "{ k:b /b=2 }#1 "});
  CHECK(sequence_events("\x1e{\"a\":1}\n\x1e[true]\n") ==
        std::vector<std::string>{"{ k:a /a=1 }#1 ", "[ /0=true ]#1 "});
  std::optional<util::JsonSyntaxError> error;
  CHECK(sequence_events("", &error).empty());
  CHECK_FALSE(error.has_value());  // an empty stream is the end, not an error
}

TEST_CASE(
    "util::JsonReader::next_document stops at a syntax error, placed from the stream's start") {
  std::optional<util::JsonSyntaxError> error;
  const auto documents = sequence_events("{\"a\":1}\n{\"b\":}\n{\"c\":3}", &error);
  CHECK(documents.size() == 1);
  REQUIRE(error.has_value());
  CHECK(error->line == 2);
  CHECK(error->column == 6);
  CHECK(error->message == "expected a value, found '}'");
}

TEST_CASE("util::JsonRelay hands each document of a stream to the handler set for it") {
  const std::string_view text = "{\"a\":[1]} {\"b\":\"x\"}";
  EventLog first, second;
  util::JsonRelay relay;
  util::JsonReader reader(relay);
  std::size_t offset = 0;
  const util::JsonRefill refill = [&](char* buffer, std::size_t capacity) -> std::size_t {
    const std::size_t n = std::min(capacity, text.size() - offset);
    std::copy_n(text.data() + offset, n, buffer);
    offset += n;
    return n;
  };
  reader.start_sequence(refill);
  relay.target = &first;
  REQUIRE(reader.next_document());
  relay.target = &second;
  REQUIRE(reader.next_document());
  CHECK_FALSE(reader.next_document());
  CHECK(first.log == "{ k:a [/a /a/0=1 ]/a#1 }#1 ");
  CHECK(second.log == "{ k:b /b=x }#1 ");
}
