#include <doctest/doctest.h>

#include "core/http/body_framing.hpp"

using Kind = core::BodyFraming::Kind;

TEST_CASE("core::read_body_framing") {
  const auto framing = [](std::vector<std::string> codings, std::vector<std::string> lengths) {
    return core::read_body_framing(codings, lengths);
  };

  CHECK(framing({}, {})->kind == Kind::unstated);

  const auto length = framing({}, {"1955", "1955"});
  REQUIRE(length.has_value());
  CHECK(length->kind == Kind::length);
  CHECK(length->length == 1955);

  const auto chunked = framing({" Chunked "}, {});
  REQUIRE(chunked.has_value());
  CHECK(chunked->kind == Kind::chunked);
  CHECK(chunked->only_chunked);
  const auto layered = framing({"gzip", "chunked"}, {});  // two headers are one list
  REQUIRE(layered.has_value());
  CHECK(layered->kind == Kind::chunked);
  CHECK_FALSE(layered->only_chunked);

  CHECK(framing({"gzip"}, {}).error() == "Transfer-Encoding other than chunked: 'gzip'");
  CHECK(framing({"chunked", "gzip"}, {}).error() ==
        "Transfer-Encoding other than chunked: 'chunked, gzip'");
  CHECK(framing({"chunked"}, {"3"}).error() == "both Content-Length and Transfer-Encoding");
  CHECK(framing({}, {"2", "3"}).error() == "two different Content-Length values");
  for (const char* text : {"banana", "", "-1", "+3", "3 ", "0x10", "99999999999999999999999"})
    CHECK(framing({}, {text}).error() ==
          "Content-Length is not a number: '" + std::string(text) + "'");
}
