#include <doctest/doctest.h>
#include <zlib.h>

#include <string>

#include "core/content_coding.hpp"
#include "util/decompress.hpp"

namespace {
using Outcome = core::DecodedBody::Outcome;

// zlib's own encoder: window_bits 15 + 16 writes gzip, 15 zlib, -15 raw deflate.
std::string compress(const std::string& data, int window_bits) {
  z_stream stream{};
  REQUIRE(deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, window_bits, 8,
                       Z_DEFAULT_STRATEGY) == Z_OK);
  std::string out(deflateBound(&stream, static_cast<uLong>(data.size())) + 32, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  REQUIRE(deflate(&stream, Z_FINISH) == Z_STREAM_END);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

std::string gzip(const std::string& data) {
  return compress(data, 15 + 16);
}

// `printf 'hello, hello, hello' | brotli -c` (Debian's brotli 1.0.9).
const std::string brotli_hello(
    "\x1f\x12\x00\xf8\x8d\x94\x6e\xde\x44\x09\x52\x86\x96\x6c\x2c\x6f"
    "\x11\x4f\x24\xd0\x71\x00",
    22);

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

TEST_CASE("util::decompress") {
  const std::string text = "{\"event\":\"batch.completed\"}\n";
  CHECK(util::decompress(gzip(text), util::Compression::gzip, 1000).bytes == text);
  CHECK(util::decompress(compress(text, 15), util::Compression::deflate, 1000).bytes == text);
  // Raw deflate, as some senders write "deflate".
  CHECK(util::decompress(compress(text, -15), util::Compression::deflate, 1000).bytes == text);
  CHECK(util::decompress(brotli_hello, util::Compression::brotli, 1000).bytes ==
        "hello, hello, hello");
  // Two gzip members are one body.
  CHECK(util::decompress(gzip("ab") + gzip("cd"), util::Compression::gzip, 1000).bytes == "abcd");

  const std::string zeros(1 << 20, '\0');
  const auto bomb = util::decompress(gzip(zeros), util::Compression::gzip, 4096);
  CHECK(bomb.outcome == util::Decompressed::Outcome::too_large);
  CHECK(bomb.bytes.empty());
  CHECK(util::decompress(gzip(zeros), util::Compression::gzip, zeros.size()).outcome ==
        util::Decompressed::Outcome::done);

  const std::string whole = gzip(text);
  const auto truncated =
      util::decompress(whole.substr(0, whole.size() - 4), util::Compression::gzip, 1000);
  CHECK(truncated.outcome == util::Decompressed::Outcome::corrupt);
  CHECK(truncated.reason == "the compressed data is truncated");
  CHECK(util::decompress(whole + "junk", util::Compression::gzip, 1000).outcome ==
        util::Decompressed::Outcome::corrupt);
  CHECK(util::decompress(text, util::Compression::gzip, 1000).outcome ==
        util::Decompressed::Outcome::corrupt);
  CHECK(util::decompress(brotli_hello.substr(0, 10), util::Compression::brotli, 1000).outcome ==
        util::Decompressed::Outcome::corrupt);
}

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
