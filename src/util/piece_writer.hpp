// Collects streamed output in a buffer and hands it on in pieces of about 64 KiB, so a writer
// can put one byte at a time while its reader (a hash, a comparison) sees few, large calls, and
// nothing the size of the whole output is ever kept.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace util {

// Receives bytes in pieces.
using ByteSink = std::function<void(std::string_view)>;

class PieceWriter {
 public:
  static constexpr std::size_t piece_size = 64 * 1024;

  explicit PieceWriter(const ByteSink& sink) : sink_(sink) { buffer_.reserve(piece_size + 4096); }
  PieceWriter(const PieceWriter&) = delete;
  PieceWriter& operator=(const PieceWriter&) = delete;

  // For appenders that write into a std::string; call flush_when_full() after them.
  std::string& buffer() { return buffer_; }

  void put(char c) {
    buffer_ += c;
    flush_when_full();
  }
  void put(std::string_view text) {
    while (!text.empty()) {
      const std::size_t part = std::min(text.size(), piece_size);
      buffer_.append(text.substr(0, part));
      text.remove_prefix(part);
      flush_when_full();
    }
  }
  void put_repeated(char c, std::uint64_t count) {
    while (count > 0) {
      const auto part = static_cast<std::size_t>(std::min<std::uint64_t>(count, piece_size));
      buffer_.append(part, c);
      count -= part;
      flush_when_full();
    }
  }
  void flush_when_full() {
    if (buffer_.size() >= piece_size) flush();
  }
  // Hands on what is left; the writer's owner calls it once at the end.
  void flush() {
    if (!buffer_.empty()) sink_(buffer_);
    buffer_.clear();
  }

 private:
  const ByteSink& sink_;
  std::string buffer_;
};

}  // namespace util
