// Undoing gzip, zlib/deflate and brotli compression, bounded: compressed input can claim any size,
// so the output stops at a limit the caller sets (a few KiB can expand to gigabytes).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace util {

enum class Compression { gzip, deflate, brotli };

struct Decompressed {
  enum class Outcome { done, too_large, corrupt };
  Outcome outcome = Outcome::corrupt;
  std::string bytes;   // Outcome::done
  std::string reason;  // otherwise, for a person
};

// gzip: one or more members (at most 64). deflate: zlib-wrapped as HTTP says, or raw as some
// senders write it. Truncated input and bytes after the end of the stream are corrupt.
Decompressed decompress(std::string_view input, Compression kind, std::size_t max_size);

}  // namespace util
