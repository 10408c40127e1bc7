// The small helpers under src/util/, one TEST_CASE group per file there.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <unistd.h>

#include "util/base64.hpp"
#include "util/byte_input.hpp"
#include "util/byte_size.hpp"
#include "util/duration.hpp"
#include "util/hex.hpp"
#include "util/rfc3339.hpp"
#include "util/shell_quote.hpp"
#include "util/spool.hpp"

TEST_CASE("util::to_hex and util::from_hex") {
  CHECK(util::to_hex(std::string("\x00\xff\x10", 3)) == "00ff10");
  CHECK(util::from_hex("00FF10") == std::string("\x00\xff\x10", 3));
  CHECK_FALSE(util::from_hex("abc").has_value());
  CHECK_FALSE(util::from_hex("zz").has_value());
}

TEST_CASE("util::from_base64") {
  CHECK(util::from_base64("aGVsbG8=") == "hello");
  CHECK(util::from_base64("aGVsbG8") == "hello");
  CHECK(util::from_base64("-_8=") == std::string("\xfb\xff"));
  CHECK_FALSE(util::from_base64("a").has_value());
  CHECK_FALSE(util::from_base64("a b=").has_value());
  CHECK_FALSE(util::from_base64("").has_value());
}

TEST_CASE("util::parse_byte_size") {
  CHECK(util::parse_byte_size("10MiB").value() == 10u << 20);
  CHECK(util::parse_byte_size("512k").value() == 512u << 10);
  CHECK(util::parse_byte_size("1G").value() == std::uint64_t{1} << 30);
  CHECK(util::parse_byte_size("2000000").value() == 2000000u);
  CHECK(util::parse_byte_size("0").value() == 0u);
  CHECK_FALSE(util::parse_byte_size("").has_value());
  CHECK_FALSE(util::parse_byte_size("MiB").has_value());
  CHECK_FALSE(util::parse_byte_size("10 MiB").has_value());
  CHECK_FALSE(util::parse_byte_size("10TiB").has_value());
  CHECK_FALSE(util::parse_byte_size("99999999999999999999").has_value());
  CHECK_FALSE(util::parse_byte_size("17179869184G").has_value());
}

TEST_CASE("util::parse_duration") {
  CHECK(util::parse_duration("300s").value() == 300'000);
  CHECK(util::parse_duration("5m").value() == 300'000);
  CHECK(util::parse_duration("1h30m").value() == 5'400'000);
  CHECK(util::parse_duration("2d").value() == 172'800'000);
  CHECK(util::parse_duration("250ms").value() == 250);
  CHECK_FALSE(util::parse_duration("5").has_value());
  CHECK_FALSE(util::parse_duration("").has_value());
  CHECK_FALSE(util::parse_duration("5x").has_value());
  CHECK_FALSE(util::parse_duration("-5m").has_value());
  CHECK_FALSE(util::parse_duration("m").has_value());
  CHECK(util::parse_duration("99999999999999999999s").error().find("too long") !=
        std::string::npos);
}

TEST_CASE("util::format_duration") {
  CHECK(util::format_duration(0) == "0ms");
  CHECK(util::format_duration(999) == "999ms");
  CHECK(util::format_duration(61'000) == "1m 1s");
  CHECK(util::format_duration(3 * 3'600'000 + 2 * 60'000 + 5'000) == "3h 2m");
  CHECK(util::format_duration(3'600'000 + 5'000) == "1h");
  CHECK(util::format_duration(-90'000) == "1m 30s");
}

TEST_CASE("util::parse_rfc3339 and util::format_rfc3339") {
  CHECK(util::parse_rfc3339("1970-01-01T00:00:00Z").value() == 0);
  CHECK(util::parse_rfc3339("2025-01-31T12:34:56.789Z").value() == 1738326896789);
  CHECK(util::parse_rfc3339("2025-01-31T14:34:56.789+02:00").value() == 1738326896789);
  CHECK(util::parse_rfc3339("2025-01-31t12:34:56.7891234z").value() == 1738326896789);
  CHECK(util::parse_rfc3339("2024-02-29T00:00:00Z").has_value());
  CHECK_FALSE(util::parse_rfc3339("2025-02-29T00:00:00Z").has_value());
  CHECK_FALSE(util::parse_rfc3339("2025-01-31T12:34:56").has_value());
  CHECK_FALSE(util::parse_rfc3339("2025-01-31").has_value());
  CHECK_FALSE(util::parse_rfc3339("2025-13-01T00:00:00Z").has_value());
  CHECK_FALSE(util::parse_rfc3339("2025-01-31T12:34:56.Z").has_value());
  CHECK_FALSE(util::parse_rfc3339("2025-01-31T12:34:56Zjunk").has_value());
  CHECK(util::format_rfc3339(1738326896789) == "2025-01-31T12:34:56.789Z");
  CHECK(util::format_rfc3339(-1) == "1969-12-31T23:59:59.999Z");
}

TEST_CASE("util::shell_quote and util::printf_literal") {
  CHECK(util::shell_quote("it's") == "'it'\\''s'");
  CHECK(util::printf_literal(std::string("a\0\\%'\n\xff", 7)) ==
        "'a\\000\\134\\045\\047\\012\\377'");
}

TEST_CASE("util::Spool replays from memory and from its file") {
  for (std::size_t limit : {std::size_t{1} << 20, std::size_t{8}}) {
    util::Spool spool(limit);
    spool.append("hello ");
    spool.append("spooled ");
    spool.append("world");
    std::string replayed;
    REQUIRE(spool.replay([&](std::string_view chunk) { replayed.append(chunk); }).has_value());
    CHECK(replayed == "hello spooled world");
    CHECK(spool.size() == 19);
    CHECK(spool.memory_view().has_value() == (limit > 19));
  }
}

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
