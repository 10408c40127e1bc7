#include "util/byte_input.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>

namespace util {

namespace {
constexpr std::size_t chunk_size = 256 * 1024;

std::string describe_errno(int error) { return std::strerror(error); }
}  // namespace

ByteInput::ByteInput(int fd, bool owns_fd, std::string display_name)
    : fd_(fd), owns_fd_(owns_fd), display_name_(std::move(display_name)) {}

ByteInput::ByteInput(ByteInput&& other) noexcept
    : fd_(other.fd_),
      owns_fd_(other.owns_fd_),
      display_name_(std::move(other.display_name_)) {
  other.fd_ = -1;
  other.owns_fd_ = false;
}

ByteInput::~ByteInput() {
  if (owns_fd_ && fd_ >= 0) ::close(fd_);
}

Expected<ByteInput> ByteInput::open(const std::string& path) {
  const bool use_stdin = path.empty() || path == "-";
  const int fd = use_stdin ? STDIN_FILENO : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  const std::string name = use_stdin ? "standard input" : path;
  if (fd < 0) return unexpected("cannot open '" + path + "': " + describe_errno(errno));
  struct stat info {};
  if (::fstat(fd, &info) != 0) {
    const int error = errno;
    if (!use_stdin) ::close(fd);
    return unexpected("cannot read " + name + ": " + describe_errno(error));
  }
  if (S_ISDIR(info.st_mode)) {
    if (!use_stdin) ::close(fd);
    return unexpected("cannot read '" + path + "': it is a directory");
  }
  return ByteInput(fd, !use_stdin, use_stdin ? name : "'" + path + "'");
}

Expected<std::size_t> ByteInput::read_all(const Sink& sink) {
  // Not a zero-filled vector: zeroing would touch every page of the buffer, and on a small body
  // those page faults cost more than the whole HMAC.
  const std::unique_ptr<char[]> buffer(new char[chunk_size]);
  std::size_t total = 0;
  for (;;) {
    const ssize_t got = ::read(fd_, buffer.get(), chunk_size);
    if (got == 0) return total;
    if (got < 0) {
      if (errno == EINTR) continue;
      return unexpected("cannot read " + display_name_ + ": " + describe_errno(errno));
    }
    total += static_cast<std::size_t>(got);
    sink(std::string_view(buffer.get(), static_cast<std::size_t>(got)));
  }
}

Expected<std::string> ByteInput::read_to_string(std::size_t max_bytes) {
  std::string contents;
  bool too_large = false;
  auto read = read_all([&](std::string_view chunk) {
    if (too_large) return;
    if (contents.size() + chunk.size() > max_bytes) {
      too_large = true;
      return;
    }
    contents.append(chunk);
  });
  if (!read) return unexpected(read.error());
  if (too_large)
    return unexpected(display_name_ + " is larger than " + std::to_string(max_bytes) + " bytes");
  return contents;
}

Expected<std::string> read_file(const std::string& path, std::size_t max_bytes) {
  auto input = ByteInput::open(path);
  if (!input) return unexpected(input.error());
  return input->read_to_string(max_bytes);
}

}  // namespace util
