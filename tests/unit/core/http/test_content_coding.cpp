// core/content_coding: undoing a request body's Content-Encoding.
#include <doctest/doctest.h>

#include <string>

#include "compression_fixtures.hpp"
#include "core/http/content_coding.hpp"

namespace {
using Outcome = core::DecodedBody::Outcome;
using test::brotli_hello;
using test::compress;
using test::gzip;

core::HttpRequest request_with(std::string body, core::HeaderList headers) {
  core::HttpRequest request;
  request.method = "POST";
  request.target = "/";
  request.version = "HTTP/1.1";
  request.headers = std::move(headers);
  request.body = std::move(body);
  return request;
}
}  // namespace

TEST_CASE("core::unsupported_content_coding") {
  CHECK_FALSE(core::unsupported_content_coding({}));
  CHECK_FALSE(core::unsupported_content_coding(
      {{"content-encoding", "GZIP, x-gzip"}, {"Content-Encoding", "br, deflate, identity"}}));
  CHECK(core::unsupported_content_coding({{"Content-Encoding", "gzip, zstd"}}) ==
        "Content-Encoding 'zstd' is not supported (gzip, deflate and br are)");
}

TEST_CASE("core::decode_content") {
  const std::string text = "payload";
  CHECK(core::decode_content(request_with(text, {}), 100).body == text);
  CHECK(
      core::decode_content(request_with(gzip(text), {{"Content-Encoding", "x-gzip"}}), 100).body ==
      text);
  // Applied in the order listed, across headers, and so undone last first.
  const auto stacked = core::decode_content(
      request_with(gzip(compress(text, 15)),
                   {{"Content-Encoding", "deflate"}, {"Content-Encoding", "identity, GZip"}}),
      100);
  CHECK(stacked.outcome == Outcome::done);
  CHECK(stacked.body == text);
  // The wrong order does not decode.
  CHECK(core::decode_content(
            request_with(gzip(compress(text, 15)), {{"Content-Encoding", "gzip, deflate"}}), 100)
            .outcome == Outcome::corrupt);

  const auto unknown =
      core::decode_content(request_with(text, {{"Content-Encoding", "zstd"}}), 100);
  CHECK(unknown.outcome == Outcome::unsupported);

  const auto large = core::decode_content(
      request_with(gzip(std::string(1000, 'a')), {{"Content-Encoding", "gzip"}}), 999);
  CHECK(large.outcome == Outcome::too_large);
  CHECK(large.reason == "Content-Encoding gzip: decompressed, it is larger than 999 bytes");
}
