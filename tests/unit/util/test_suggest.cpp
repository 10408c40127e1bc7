#include <doctest/doctest.h>

#include "util/suggest.hpp"

TEST_CASE("util::edit_distance") {
  CHECK(util::edit_distance("verify", "verify") == 0);
  CHECK(util::edit_distance("verfy", "verify") == 1);   // a letter left out
  CHECK(util::edit_distance("vreify", "verify") == 1);  // two neighbours swapped
  CHECK(util::edit_distance("sumarize", "summarize") == 1);
  CHECK(util::edit_distance("SIGN", "sign") == 0);  // ASCII case folded
  CHECK(util::edit_distance("", "abc") == 3);
  CHECK(util::edit_distance("kitten", "sitting") == 3);
}

TEST_CASE("util::nearest suggests only what is likely") {
  const std::vector<std::string> commands{"sign",   "verify", "parse", "summarize",
                                          "sample", "listen", "send"};
  CHECK(util::nearest("verfy", commands) == "verify");
  CHECK(util::nearest("sumarize", commands) == "summarize");
  CHECK(util::nearest("lsiten", commands) == "listen");
  CHECK_FALSE(util::nearest("validate", commands).has_value());
  CHECK_FALSE(util::nearest("xyz", commands).has_value());
  const std::vector<std::string> options{"--signature", "--secret", "--secret-env", "--request"};
  CHECK(util::nearest("--sig", options) == "--signature");
  CHECK(util::nearest("--secert", options) == "--secret");
  CHECK(util::nearest("--requets", options) == "--request");
}
