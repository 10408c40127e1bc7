#include "util/spool.hpp"

#include <cerrno>
#include <cstring>
#include <vector>

namespace util {

Spool::~Spool() {
  if (file_ != nullptr) std::fclose(file_);
}

void Spool::append(std::string_view bytes) {
  if (!error_.empty()) return;
  size_ += bytes.size();
  if (file_ == nullptr && memory_.size() + bytes.size() <= memory_limit_ &&
      size_ == memory_.size() + bytes.size()) {
    memory_.append(bytes);
    return;
  }
  if (!spill_to_file_) return;  // counted, not kept
  if (file_ == nullptr) {
    file_ = std::tmpfile();  // unlinked at creation: nothing is left behind on any exit
    if (file_ == nullptr) {
      error_ = std::string("cannot create a temporary file: ") + std::strerror(errno);
      return;
    }
    if (std::fwrite(memory_.data(), 1, memory_.size(), file_) != memory_.size()) {
      error_ = std::string("cannot write a temporary file: ") + std::strerror(errno);
      return;
    }
    std::string().swap(memory_);
  }
  if (std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size())
    error_ = std::string("cannot write a temporary file: ") + std::strerror(errno);
}

std::optional<std::string_view> Spool::memory_view() const {
  if (file_ != nullptr || !error_.empty()) return std::nullopt;
  return std::string_view(memory_);
}

Expected<std::FILE*> Spool::rewound_file() {
  if (!error_.empty()) return unexpected(error_);
  if (file_ == nullptr) return unexpected("the bytes are in memory, not in a file");
  if (std::fflush(file_) != 0 || std::fseek(file_, 0, SEEK_SET) != 0)
    return unexpected(std::string("cannot read a temporary file: ") + std::strerror(errno));
  return file_;
}

Expected<void> Spool::replay(const std::function<void(std::string_view)>& sink) {
  if (!error_.empty()) return unexpected(error_);
  if (file_ == nullptr) {
    if (!memory_.empty()) sink(memory_);
    return {};
  }
  auto file = rewound_file();
  if (!file) return unexpected(file.error());
  std::vector<char> buffer(256 * 1024);
  for (;;) {
    const std::size_t got = std::fread(buffer.data(), 1, buffer.size(), file_);
    if (got > 0) sink(std::string_view(buffer.data(), got));
    if (got < buffer.size()) break;
  }
  if (std::ferror(file_))
    return unexpected(std::string("cannot read a temporary file: ") + std::strerror(errno));
  return {};
}

}  // namespace util
