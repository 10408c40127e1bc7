// util/spool
#include <doctest/doctest.h>

#include "util/spool.hpp"

TEST_CASE("util::Spool replays from memory and from its file") {
  for (std::size_t limit : {std::size_t{1} << 20, std::size_t{8}}) {
    util::Spool spool(limit);
    spool.append("hello ");
    spool.append("spooled ");
    spool.append("world");
    std::string replayed;
    REQUIRE(spool.replay([&](std::string_view chunk) { replayed.append(chunk); }).has_value());
    CHECK(replayed == "hello spooled world");
    CHECK(spool.size() == 19);
    CHECK(spool.memory_view().has_value() == (limit > 19));
  }
}

TEST_CASE("util::Spool without a file keeps what fits and counts the rest") {
  util::Spool spool(8, false);
  spool.append("hello");
  CHECK(spool.complete());
  spool.append(" world");
  spool.append("!");  // fits in the limit again, but the spool no longer holds a prefix
  CHECK(spool.size() == 12);
  CHECK_FALSE(spool.complete());
  CHECK(spool.memory_view().value() == "hello");
}
