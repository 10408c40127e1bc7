#include <doctest/doctest.h>

#include <cstdio>

#include "core/payload/payload_timestamp.hpp"

namespace {
std::string found(std::string_view body) {
  auto timestamp = core::find_payload_timestamp(body);
  REQUIRE_MESSAGE(timestamp.has_value(), timestamp.error());
  return *timestamp;
}
std::string error_of(std::string_view body) {
  auto timestamp = core::find_payload_timestamp(body);
  REQUIRE_FALSE(timestamp.has_value());
  return timestamp.error();
}
}  // namespace

TEST_CASE("core::find_payload_timestamp finds the top-level field only") {
  CHECK(found(R"({"event":"batch.completed","timestamp":"2025-01-31T12:34:56.789Z"})") ==
        "2025-01-31T12:34:56.789Z");
  CHECK(found(R"({"app":{"timestamp":"nested"},"timestamp":"top"})") == "top");
  // Bytes after it that are not JSON are the validator's to report.
  CHECK(found(R"({"timestamp":"first", this is not json after it)") == "first");
}

TEST_CASE("core::find_payload_timestamp reads the last of a key given twice") {
  // As the validator and summarize do: a replay cannot show --max-age a fresh first timestamp.
  CHECK(found(R"({"timestamp":"2026-12-04T00:00:00Z","timestamp":"2020-01-01T00:00:00Z"})") ==
        "2020-01-01T00:00:00Z");
  CHECK(error_of(R"({"timestamp":"2026-12-04T00:00:00Z","timestamp":17})")
            .find("is a number, not a string") != std::string::npos);
  CHECK(found(R"({"timestamp":17,"timestamp":"late"})") == "late");
}

TEST_CASE("core::find_payload_timestamp explains what is missing") {
  CHECK(error_of(R"({"event":"x"})").find("no top-level \"timestamp\"") != std::string::npos);
  CHECK(error_of(R"({"timestamp":17})").find("is a number, not a string") != std::string::npos);
  CHECK(error_of(R"({"timestamp":{}})").find("an object") != std::string::npos);
  CHECK(error_of(R"([1,2])").find("not a JSON object") != std::string::npos);
  CHECK(error_of("not json").find("not valid JSON") != std::string::npos);
  CHECK(error_of("").find("not valid JSON") != std::string::npos);
}

TEST_CASE("core::find_payload_timestamp reads a file") {
  std::FILE* file = std::tmpfile();
  REQUIRE(file != nullptr);
  std::fputs(R"({"timestamp":"2025-01-31T12:34:56Z"})", file);
  std::rewind(file);
  auto timestamp = core::find_payload_timestamp(file);
  std::fclose(file);
  REQUIRE(timestamp.has_value());
  CHECK(*timestamp == "2025-01-31T12:34:56Z");
}
