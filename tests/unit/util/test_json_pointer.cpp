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
  using Values = std::vector<std::string>;
  CHECK(results[0] == Values{"My \"App\"\n"});
  CHECK(results[1] == Values{"{\"n\":[2,{\"x\":null}]}\n"});
  CHECK(results[2].empty());  // no leading zeros in an index
  CHECK(results[3].empty());
  CHECK(results[4] == Values{"1\n"});
  CHECK(results[5] == Values{"{\"app\":{\"name\":\"My "
                             "\\\"App\\\"\"},\"groups\":[{\"n\":1},{\"n\":[2,{\"x\":null}]}]}\n"});
}

TEST_CASE("util::JsonPointerGetter: a * token matches every key or index") {
  std::vector<std::vector<std::string>> pointers;
  for (const char* pointer : {"/groups/*/name", "/groups/*/runs/*/status", "/*", "/groups/*/none"})
    pointers.push_back(util::parse_json_pointer(pointer).value());
  util::JsonPointerGetter getter(pointers);
  util::JsonReader reader(getter);
  REQUIRE(
      reader.parse(R"({"groups":[{"name":"A","runs":[{"status":"passed"},{"status":"failed"}]},)"
                   R"({"name":"B","name":"B2","runs":[{"status":"error"}]}],"n":1})"));
  const auto results = getter.results();
  using Values = std::vector<std::string>;
  CHECK(results[0] == Values{"A\n", "B2\n"});  // of duplicate keys the last counts
  CHECK(results[1] == Values{"passed\n", "failed\n", "error\n"});
  CHECK(results[2].size() == 2);
  CHECK(results[2][1] == "1\n");
  CHECK(results[3].empty());
}
