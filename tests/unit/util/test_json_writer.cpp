// util/json_writer: normalised and flat output from the reader's events.
#include <doctest/doctest.h>

#include "util/json_reader.hpp"
#include "util/json_writer.hpp"

namespace {
std::string pretty(std::string_view text, bool indent = true) {
  std::string out;
  util::JsonWriter writer([&](std::string_view bytes) { out.append(bytes); }, indent);
  util::JsonReader reader(writer);
  REQUIRE(reader.parse(text));
  writer.flush();
  return out;
}
}  // namespace

TEST_CASE("util::JsonWriter normalises layout and keeps everything else") {
  CHECK(
      pretty(R"({"b":[1,2.50,{"x":"\u00e9\n\u0001\/"}],"a":{},"e":[]})") ==
      "{\n  \"b\": [\n    1,\n    2.50,\n    {\n      \"x\": \"\xc3\xa9\\n\\u0001/\"\n    }\n  ],\n"
      "  \"a\": {},\n  \"e\": []\n}\n");
  CHECK(pretty(" { \"a\" : [ 1 , true ] } ", false) == "{\"a\":[1,true]}\n");
  CHECK(pretty("\"just a string\"") == "\"just a string\"\n");
  CHECK(pretty(R"({"dup":1,"dup":2})", false) == "{\"dup\":1,\"dup\":2}\n");
}

TEST_CASE("util::JsonFlatWriter writes one pointer line per value") {
  std::string out;
  util::JsonFlatWriter flat([&](std::string_view bytes) { out.append(bytes); });
  util::JsonReader reader(flat);
  REQUIRE(reader.parse(R"({"a":{"b/c":[1,"x"]},"e":[],"o":{}})"));
  flat.flush();
  CHECK(out == "/a/b~1c/0 = 1\n/a/b~1c/1 = \"x\"\n/e = []\n/o = {}\n");
}

TEST_CASE("util::JsonFlatWriter escapes keys: no forged line, nothing for the terminal") {
  std::string out;
  util::JsonFlatWriter flat([&](std::string_view bytes) { out.append(bytes); });
  util::JsonReader reader(flat);
  // A key "\n/summary/failed_groups = 0" would otherwise print a line of its own for grep.
  REQUIRE(reader.parse(
      R"({"a\n/summary/failed_groups = 0":1,"\u001b]52;c;eA==\u0007\u001b[2J":2,"b\\n":3,)"
      R"("\u007f\u009b":4,"caf\u00e9 \u2713":5})"));
  flat.flush();
  CHECK(out ==
        "/a\\n~1summary~1failed_groups = 0 = 1\n"
        "/\\u001b]52;c;eA==\\u0007\\u001b[2J = 2\n"
        "/b\\\\n = 3\n"
        "/\\u007f\\u009b = 4\n"
        "/caf\xC3\xA9 \xE2\x9C\x93 = 5\n");
}
