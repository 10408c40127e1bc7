// Keeps a copy of bytes that stream past once (from a pipe) so they can be replayed: in memory up
// to a limit, then in an unlinked temporary file, so a large body never has to fit in memory.
#pragma once

#include <cstddef>
#include <cstdio>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "util/expected.hpp"

namespace util {

class Spool {
 public:
  // Without spill_to_file, bytes past the memory limit are counted but not kept (complete() is
  // then false): for a caller that only wants bodies up to a size.
  explicit Spool(std::size_t memory_limit = 4 * 1024 * 1024, bool spill_to_file = true)
      : memory_limit_(memory_limit), spill_to_file_(spill_to_file) {}
  Spool(const Spool&) = delete;
  Spool& operator=(const Spool&) = delete;
  ~Spool();

  // Errors are kept and reported by replay(), so append() fits a streaming sink.
  void append(std::string_view bytes);
  std::size_t size() const { return size_; }
  bool complete() const { return size_ == memory_.size() || file_ != nullptr; }
  Expected<void> replay(const std::function<void(std::string_view)>& sink);
  // For readers that want the bytes whole: the memory copy, or else the file rewound to its start.
  std::optional<std::string_view> memory_view() const;
  Expected<std::FILE*> rewound_file();

 private:
  std::size_t memory_limit_;
  bool spill_to_file_;
  std::size_t size_ = 0;
  std::string memory_;
  std::FILE* file_ = nullptr;
  std::string error_;
};

}  // namespace util
