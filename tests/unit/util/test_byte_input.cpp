// util/byte_input
#include <doctest/doctest.h>

#include <fcntl.h>
#include <unistd.h>

#include "util/byte_input.hpp"

TEST_CASE("util::ByteInput reads files exactly and names failures") {
  char path[] = "/tmp/autosana-input-XXXXXX";
  const int fd = mkstemp(path);
  REQUIRE(fd >= 0);
  const std::string contents("line\r\n\0binary\xff", 14);
  REQUIRE(write(fd, contents.data(), contents.size()) == 14);
  close(fd);
  auto input = util::ByteInput::open(path);
  REQUIRE(input.has_value());
  CHECK(input->read_to_string(100).value() == contents);
  auto limited = util::ByteInput::open(path);
  CHECK(limited->read_to_string(5).error().find("larger than 5 bytes") != std::string::npos);
  unlink(path);

  // Large enough for the read-ahead thread: every byte arrives, in order.
  std::string large(5 * 1024 * 1024 + 7, '\0');
  for (std::size_t i = 0; i < large.size(); ++i) large[i] = static_cast<char>((i * 131) >> 3);
  char large_path[] = "/tmp/autosana-large-XXXXXX";
  const int large_fd = mkstemp(large_path);
  REQUIRE(large_fd >= 0);
  REQUIRE(write(large_fd, large.data(), large.size()) == static_cast<ssize_t>(large.size()));
  close(large_fd);
  auto large_input = util::ByteInput::open(large_path);
  std::string read_back;
  std::size_t chunks = 0;
  auto count = large_input->read_all([&](std::string_view chunk) {
    read_back.append(chunk);
    ++chunks;
  });
  REQUIRE(count.has_value());
  CHECK(*count == large.size());
  CHECK(read_back == large);
  CHECK(chunks > 1);
  unlink(large_path);

  CHECK(util::ByteInput::open("/nonexistent/x").error() ==
        "cannot open '/nonexistent/x': No such file or directory");
  CHECK(util::ByteInput::open("/tmp").error() == "cannot read '/tmp': it is a directory");
}

TEST_CASE("util::ByteInput::read_to_string stops at its cap on an endless input") {
  // /dev/zero never ends: reading it to the end first would never return.
  auto zeros = util::ByteInput::open("/dev/zero");
  REQUIRE(zeros.has_value());
  const auto read = zeros->read_to_string(64 * 1024);
  REQUIRE_FALSE(read.has_value());
  CHECK(read.error() == "'/dev/zero' is larger than 65536 bytes");
  CHECK(util::read_file("/dev/zero", 10).error() == "'/dev/zero' is larger than 10 bytes");
  auto exact = util::read_file("/dev/null", 0);
  REQUIRE(exact.has_value());
  CHECK(exact->empty());
}

TEST_CASE("util::ByteInput::read_all stops at its cap, with and without the read-ahead thread") {
  for (std::uint64_t cap : {std::uint64_t{100000}, std::uint64_t{3} << 20}) {
    auto zeros = util::ByteInput::open("/dev/zero");
    REQUIRE(zeros.has_value());
    std::uint64_t seen = 0;
    const auto read = zeros->read_all([&](std::string_view chunk) { seen += chunk.size(); }, cap);
    REQUIRE_FALSE(read.has_value());
    CHECK(read.error() == "'/dev/zero' is larger than " + std::to_string(cap) + " bytes");
    CHECK(seen > cap);
    CHECK(seen <= cap + 1024 * 1024);  // at most a chunk more
  }
  auto empty = util::ByteInput::open("/dev/null");
  CHECK(empty->read_all([](std::string_view) {}, 0).value() == 0);
}

TEST_CASE("util::ByteInput::refill hands over every byte, then 0, and names a read error") {
  char path[] = "/tmp/autosana-refill-XXXXXX";
  const int fd = mkstemp(path);
  REQUIRE(fd >= 0);
  REQUIRE(write(fd, "0123456789", 10) == 10);
  close(fd);
  auto input = util::ByteInput::open(path);
  REQUIRE(input.has_value());
  std::string error;
  const auto refill = input->refill(error);
  char buffer[4];
  std::string read_back;
  for (std::size_t got; (got = refill(buffer, sizeof buffer)) > 0;) read_back.append(buffer, got);
  CHECK(read_back == "0123456789");
  CHECK(error.empty());
  unlink(path);

  // Reading /proc/self/mem at offset 0 fails (EIO): the end and the error are told apart.
  auto failing = util::ByteInput::open("/proc/self/mem");
  REQUIRE(failing.has_value());
  const auto failing_refill = failing->refill(error);
  CHECK(failing_refill(buffer, sizeof buffer) == 0);
  CHECK(error.find("/proc/self/mem") != std::string::npos);
}
