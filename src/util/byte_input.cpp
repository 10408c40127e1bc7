#include "util/byte_input.hpp"

#include <fcntl.h>
#include <fmt/core.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace util {

namespace {
constexpr std::size_t chunk_size = 128 * 1024;

std::string describe_errno(int error) {
  return std::strerror(error);
}
}  // namespace

ByteInput::ByteInput(int fd, bool owns_fd, std::string display_name)
    : fd_(fd), owns_fd_(owns_fd), display_name_(std::move(display_name)) {}

ByteInput::ByteInput(ByteInput&& other) noexcept
    : fd_(other.fd_), owns_fd_(other.owns_fd_), display_name_(std::move(other.display_name_)) {
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

namespace {
// Copying bytes out of the kernel costs about a tenth of SHA-256's time. Past this much input,
// a second thread reads ahead into a few buffers so that the copy overlaps the hashing; smaller
// inputs (every webhook body) never pay for starting a thread.
constexpr std::size_t read_ahead_threshold = 1024 * 1024;
constexpr std::size_t read_ahead_buffers = 4;
constexpr std::size_t read_ahead_chunk_size = 256 * 1024;  // measured: 64 KiB and 1 MiB are slower

class ReadAhead {
 public:
  explicit ReadAhead(int fd) : fd_(fd) {
    for (auto& buffer : buffers_) free_.push_back(buffer.data.get());
    reader_ = std::thread([this] { read_loop(); });
  }
  ReadAhead(const ReadAhead&) = delete;
  ReadAhead& operator=(const ReadAhead&) = delete;
  ~ReadAhead() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    changed_.notify_all();
    reader_.join();
  }

  // Hands each chunk to sink in order; returns the bytes read, or the read error's errno as
  // negative (-EFBIG once more than max_bytes came, having stopped there).
  long long drain(const ByteInput::Sink& sink, std::size_t total, std::uint64_t max_bytes) {
    for (;;) {
      if (total > max_bytes) return -EFBIG;
      std::unique_lock<std::mutex> lock(mutex_);
      changed_.wait(lock, [this] { return !filled_.empty() || finished_; });
      if (filled_.empty()) return error_ != 0 ? -error_ : static_cast<long long>(total);
      const Chunk chunk = filled_.front();
      filled_.pop_front();
      lock.unlock();
      sink(std::string_view(chunk.data, chunk.size));
      total += chunk.size;
      lock.lock();
      free_.push_back(chunk.data);
      lock.unlock();
      changed_.notify_all();
    }
  }

 private:
  struct Buffer {
    std::unique_ptr<char[]> data{new char[read_ahead_chunk_size]};
  };
  struct Chunk {
    char* data;
    std::size_t size;
  };

  void read_loop() {
    for (;;) {
      std::unique_lock<std::mutex> lock(mutex_);
      changed_.wait(lock, [this] { return !free_.empty() || stopping_; });
      if (stopping_) break;
      char* data = free_.back();
      free_.pop_back();
      lock.unlock();
      ssize_t got;
      do got = ::read(fd_, data, read_ahead_chunk_size);
      while (got < 0 && errno == EINTR);
      lock.lock();
      if (got <= 0) {
        if (got < 0) error_ = errno;
        break;
      }
      filled_.push_back({data, static_cast<std::size_t>(got)});
      lock.unlock();
      changed_.notify_all();
    }
    std::lock_guard<std::mutex> lock(mutex_);
    finished_ = true;
    changed_.notify_all();
  }

  int fd_;
  Buffer buffers_[read_ahead_buffers];
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<char*> free_;
  std::deque<Chunk> filled_;
  bool stopping_ = false;
  bool finished_ = false;
  int error_ = 0;
  std::thread reader_;
};
}  // namespace

Expected<std::size_t> ByteInput::read_all(const Sink& sink, std::uint64_t max_bytes) {
  // Not a zero-filled vector: zeroing would touch every page of the buffer, and on a small body
  // those page faults cost more than the whole HMAC.
  const std::unique_ptr<char[]> buffer(new char[chunk_size]);
  std::size_t total = 0;
  const auto too_large = [&] {
    return unexpected(fmt::format("{} is larger than {} bytes", display_name_, max_bytes));
  };
  for (;;) {
    if (total > max_bytes) return too_large();
    if (total >= read_ahead_threshold) {
      const long long all = ReadAhead(fd_).drain(sink, total, max_bytes);
      if (all == -EFBIG) return too_large();
      if (all < 0)
        return unexpected("cannot read " + display_name_ + ": " +
                          describe_errno(static_cast<int>(-all)));
      return static_cast<std::size_t>(all);
    }
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

Expected<std::size_t> ByteInput::read_some(char* buffer, std::size_t capacity) {
  for (;;) {
    const ssize_t got = ::read(fd_, buffer, capacity);
    if (got >= 0) return static_cast<std::size_t>(got);
    if (errno != EINTR)
      return unexpected("cannot read " + display_name_ + ": " + describe_errno(errno));
  }
}

std::function<std::size_t(char*, std::size_t)> ByteInput::refill(std::string& error) {
  return [this, &error](char* buffer, std::size_t capacity) -> std::size_t {
    auto got = read_some(buffer, capacity);
    if (!got) {
      error = got.error();
      return 0;
    }
    return *got;
  };
}

Expected<std::string> ByteInput::read_to_string(std::size_t max_bytes) {
  std::string contents;
  for (;;) {
    // Never more than one byte past the cap: enough to know the input is too large, so an
    // endless one (/dev/zero, a pipe that is never closed) fails at the cap instead of being read
    // for ever.
    const std::size_t room = max_bytes - std::min(max_bytes, contents.size()) + 1;
    const std::size_t old_size = contents.size();
    contents.resize(old_size + std::min(chunk_size, room));
    auto got = read_some(contents.data() + old_size, contents.size() - old_size);
    if (!got) return unexpected(got.error());
    contents.resize(old_size + *got);
    if (*got == 0) return contents;
    if (contents.size() > max_bytes)
      return unexpected(fmt::format("{} is larger than {} bytes", display_name_, max_bytes));
  }
}

Expected<std::string> read_file(const std::string& path, std::size_t max_bytes) {
  auto input = ByteInput::open(path);
  if (!input) return unexpected(input.error());
  return input->read_to_string(max_bytes);
}

}  // namespace util
