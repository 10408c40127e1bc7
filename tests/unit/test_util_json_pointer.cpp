// util/json_pointer: RFC 6901 pointers, and values picked from the stream.
#include <doctest/doctest.h>

#include "util/json_pointer.hpp"
#include "util/json_reader.hpp"

TEST_CASE("util::parse_json_pointer") {
  CHECK(util::parse_json_pointer("").value().empty());
  CHECK(util::parse_json_pointer("/a~1b/~0c/0").value() ==
        std::vector<std::string>{"a/b", "~c", "0"});
  CHECK(util::parse_json_pointer("/").value() == std::vector<std::string>{""});
  CHECK_FALSE(util::parse_json_pointer("app/name").has_value());
  CHECK_FALSE(util::parse_json_pointer("/a~2").has_value());
}

TEST_CASE("util::JsonPointerGetter picks values out of the stream") {
  std::vector<std::vector<std::string>> pointers;
  for (const char* pointer :
       {"/app/name", "/groups/1", "/groups/01", "/missing", "/groups/0/n", ""})
    pointers.push_back(util::parse_json_pointer(pointer).value());
  util::JsonPointerGetter getter(pointers);
  util::JsonReader reader(getter);
  REQUIRE(reader.parse(R"({"app":{"name":"My \"App\""},"groups":[{"n":1},{"n":[2,{"x":null}]}]})"));
  const auto results = getter.results();
  CHECK(results[0] == "My \"App\"\n");
  CHECK(results[1] == "{\"n\":[2,{\"x\":null}]}\n");
  CHECK_FALSE(results[2].has_value());  // no leading zeros in an index
  CHECK_FALSE(results[3].has_value());
  CHECK(results[4] == "1\n");
  CHECK(
      results[5] ==
      "{\"app\":{\"name\":\"My \\\"App\\\"\"},\"groups\":[{\"n\":1},{\"n\":[2,{\"x\":null}]}]}\n");
}
