#include <doctest/doctest.h>

#include "core/delivery/delivery_fixture.hpp"

TEST_CASE("core::parse_url") {
  auto url = core::parse_url("https://Example.test:8443/hooks/autosana?x=1#frag");
  REQUIRE(url.has_value());
  CHECK(url->scheme == "https");
  CHECK(url->host == "Example.test:8443");
  CHECK(url->path == "/hooks/autosana?x=1");
  auto bare = core::parse_url("http://localhost:8787");
  REQUIRE(bare.has_value());
  CHECK(bare->path == "/");
  auto query = core::parse_url("http://h?x=1");
  REQUIRE(query.has_value());
  CHECK(query->path == "/?x=1");
  CHECK_FALSE(core::parse_url("localhost:8787/x").has_value());
  CHECK_FALSE(core::parse_url("ftp://h/x").has_value());
  CHECK_FALSE(core::parse_url("http:///x").has_value());
  CHECK_FALSE(core::parse_url("http://h/a b").has_value());
  CHECK_FALSE(core::parse_url("http://h/a\r\nX-Injected: 1").has_value());
}

TEST_CASE("core::format_request_head") {
  auto url = core::parse_url("http://localhost:3000/hooks");
  REQUIRE(url.has_value());
  CHECK(core::format_request_head(*url, 42, "sha256=ab") ==
        "POST /hooks HTTP/1.1\r\nHost: localhost:3000\r\nContent-Type: application/json\r\n"
        "Content-Length: 42\r\nX-Autosana-Signature-256: sha256=ab\r\n\r\n");
}

TEST_CASE("core::format_curl_command") {
  CHECK(core::format_curl_command("http://h/x", "sha256=ab", std::string("it's.json"), "") ==
        "curl --fail-with-body -sS -X POST 'http://h/x' -H 'Content-Type: application/json' "
        "-H 'X-Autosana-Signature-256: sha256=ab' --data-binary '@it'\\''s.json'\n");
  CHECK(core::format_curl_command("http://h/x", "sha256=ab", std::nullopt, "a%\n") ==
        "printf 'a\\045\\012' | curl --fail-with-body -sS -X POST 'http://h/x' -H "
        "'Content-Type: application/json' -H 'X-Autosana-Signature-256: sha256=ab' --data-binary "
        "'@-'\n");
}
