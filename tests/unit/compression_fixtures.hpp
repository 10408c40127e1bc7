// Test helpers: bodies compressed by zlib's own encoder, and one by brotli.
#pragma once

#include <doctest/doctest.h>
#include <zlib.h>

#include <string>

namespace test {

// zlib's own encoder: window_bits 15 + 16 writes gzip, 15 zlib, -15 raw deflate.
inline std::string compress(const std::string& data, int window_bits) {
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

inline std::string gzip(const std::string& data) {
  return compress(data, 15 + 16);
}

// `printf 'hello, hello, hello' | brotli -c` (Debian's brotli 1.0.9).
inline const std::string brotli_hello(
    "\x1f\x12\x00\xf8\x8d\x94\x6e\xde\x44\x09\x52\x86\x96\x6c\x2c\x6f"
    "\x11\x4f\x24\xd0\x71\x00",
    22);

}  // namespace test
