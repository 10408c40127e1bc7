// One input of raw bytes: a file, or standard input for "-" or an empty path. Bytes are passed on
// exactly as read (no newline or encoding conversion) and in bounded chunks, so any size streams.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <string_view>

#include "util/expected.hpp"

namespace util {

class ByteInput {
 public:
  using Sink = std::function<void(std::string_view chunk)>;

  static Expected<ByteInput> open(const std::string& path);
  ByteInput(ByteInput&& other) noexcept;
  ByteInput& operator=(ByteInput&&) = delete;
  ByteInput(const ByteInput&) = delete;
  ByteInput& operator=(const ByteInput&) = delete;
  ~ByteInput();

  bool is_stdin() const { return owns_fd_ == false; }

  // Reads what is available, up to capacity; 0 at the end.
  Expected<std::size_t> read_some(char* buffer, std::size_t capacity);
  // read_some for readers that pull bytes (util::JsonReader): 0 at the end or on a read error,
  // whose message goes to `error`. Both this input and `error` must outlive the function.
  std::function<std::size_t(char* buffer, std::size_t capacity)> refill(std::string& error);
  // Feeds every remaining byte to sink; returns the number of bytes read. Past max_bytes it stops
  // and fails (the sink may have had up to one chunk more), so an endless input ends.
  Expected<std::size_t> read_all(
      const Sink& sink, std::uint64_t max_bytes = std::numeric_limits<std::uint64_t>::max());
  // Reads every remaining byte into memory; fails past max_bytes so hostile input stays bounded.
  Expected<std::string> read_to_string(std::size_t max_bytes);

 private:
  ByteInput(int fd, bool owns_fd, std::string display_name);

  int fd_;
  bool owns_fd_;
  std::string display_name_;
};

// Reads a whole file (or stdin for "-") into memory, for small inputs such as secret files.
Expected<std::string> read_file(const std::string& path, std::size_t max_bytes);

}  // namespace util
