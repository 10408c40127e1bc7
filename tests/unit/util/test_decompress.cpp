// util/decompress: gzip, zlib or raw deflate, and brotli, bounded.
#include <doctest/doctest.h>

#include "compression_fixtures.hpp"
#include "util/decompress.hpp"

namespace {
using test::brotli_hello;
using test::compress;
using test::gzip;
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

TEST_CASE("util::decompress bounds the gzip members of one body") {
  // A flood of empty members (20 bytes each) cost a restart apiece: 10 MiB of them took half a
  // second on listen's event loop.
  std::string members;
  for (int i = 0; i < 64; ++i) members += test::gzip("");
  CHECK(util::decompress(members, util::Compression::gzip, 1000).outcome ==
        util::Decompressed::Outcome::done);
  members += test::gzip("");
  const auto flood = util::decompress(members, util::Compression::gzip, 1000);
  CHECK(flood.outcome == util::Decompressed::Outcome::corrupt);
  CHECK(flood.reason == "more than 64 gzip members");
}
