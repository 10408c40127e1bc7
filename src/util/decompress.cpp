#include "util/decompress.hpp"

#include <brotli/decode.h>
#include <fmt/core.h>
#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <memory>

namespace util {

namespace {
constexpr std::size_t step = std::size_t{64} << 10;
// A gzip body may hold several members, but a sender writes one (or a few, when it appends): a
// flood of empty 20-byte members costs a restart each and kept listen's event loop busy for half a
// second per 10 MiB, so past this many the body is refused as corrupt.
constexpr std::size_t max_gzip_members = 64;

Decompressed corrupt(std::string reason) {
  return Decompressed{Decompressed::Outcome::corrupt, {}, std::move(reason)};
}

Decompressed too_large(std::size_t max_size) {
  return Decompressed{Decompressed::Outcome::too_large,
                      {},
                      fmt::format("decompressed, it is larger than {} bytes", max_size)};
}

// window_bits as zlib takes them: 15 + 16 gzip, 15 zlib, -15 raw deflate.
Decompressed inflate_all(std::string_view input, int window_bits, std::size_t max_size) {
  z_stream stream{};
  if (inflateInit2(&stream, window_bits) != Z_OK) return corrupt("cannot start zlib");
  const std::unique_ptr<z_stream, int (*)(z_stream*)> cleanup(&stream, inflateEnd);
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
  stream.avail_in = static_cast<uInt>(input.size());
  std::string output;
  std::size_t members = 0;
  for (;;) {
    const std::size_t before = output.size();
    const std::size_t room = std::min(step, max_size + 1 - before);
    output.resize(before + room);
    stream.next_out = reinterpret_cast<Bytef*>(output.data() + before);
    stream.avail_out = static_cast<uInt>(room);
    const int status = inflate(&stream, Z_NO_FLUSH);
    output.resize(before + room - stream.avail_out);
    if (output.size() > max_size) return too_large(max_size);
    if (status == Z_STREAM_END) {
      // A gzip file may hold several members, one after another.
      if (stream.avail_in > 0 && window_bits > 15) {
        if (++members >= max_gzip_members)
          return corrupt(fmt::format("more than {} gzip members", max_gzip_members));
        if (inflateReset(&stream) != Z_OK) return corrupt("cannot restart zlib");
        continue;
      }
      if (stream.avail_in > 0) return corrupt("bytes after the end of the compressed data");
      return Decompressed{Decompressed::Outcome::done, std::move(output), {}};
    }
    if (status == Z_BUF_ERROR && stream.avail_in == 0)
      return corrupt("the compressed data is truncated");
    if (status != Z_OK && status != Z_BUF_ERROR)
      return corrupt(stream.msg != nullptr ? stream.msg : "invalid compressed data");
  }
}

Decompressed unbrotli(std::string_view input, std::size_t max_size) {
  const std::unique_ptr<BrotliDecoderState, void (*)(BrotliDecoderState*)> state(
      BrotliDecoderCreateInstance(nullptr, nullptr, nullptr), BrotliDecoderDestroyInstance);
  if (!state) return corrupt("cannot start brotli");
  const auto* next_in = reinterpret_cast<const std::uint8_t*>(input.data());
  std::size_t available_in = input.size();
  std::string output;
  for (;;) {
    const std::size_t before = output.size();
    const std::size_t room = std::min(step, max_size + 1 - before);
    output.resize(before + room);
    auto* next_out = reinterpret_cast<std::uint8_t*>(output.data() + before);
    std::size_t available_out = room;
    const BrotliDecoderResult result = BrotliDecoderDecompressStream(
        state.get(), &available_in, &next_in, &available_out, &next_out, nullptr);
    output.resize(before + room - available_out);
    if (output.size() > max_size) return too_large(max_size);
    switch (result) {
      case BROTLI_DECODER_RESULT_SUCCESS:
        if (available_in > 0) return corrupt("bytes after the end of the compressed data");
        return Decompressed{Decompressed::Outcome::done, std::move(output), {}};
      case BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT: continue;
      case BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT:
        return corrupt("the compressed data is truncated");
      default: return corrupt(BrotliDecoderErrorString(BrotliDecoderGetErrorCode(state.get())));
    }
  }
}
}  // namespace

Decompressed decompress(std::string_view input, Compression kind, std::size_t max_size) {
  switch (kind) {
    case Compression::gzip: return inflate_all(input, 15 + 16, max_size);
    case Compression::deflate: {
      Decompressed zlib = inflate_all(input, 15, max_size);
      if (zlib.outcome != Decompressed::Outcome::corrupt) return zlib;
      Decompressed raw = inflate_all(input, -15, max_size);
      return raw.outcome == Decompressed::Outcome::corrupt ? zlib : raw;
    }
    case Compression::brotli: return unbrotli(input, max_size);
  }
  return corrupt("unknown compression");
}

}  // namespace util
