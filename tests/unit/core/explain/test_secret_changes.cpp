#include <doctest/doctest.h>

#include "core/explain/secret_changes.hpp"

namespace {
std::string key_for(std::string value, std::string_view code) {
  for (const auto& change : core::secret_changes({"--secret-file s", value}))
    if (change.code == code) return change.key;
  return "(none)";
}
}  // namespace

TEST_CASE("core::secret_changes reads .env lines, quotes and whitespace") {
  CHECK(key_for("NAME=value", "secret_env_line") == "value");
  CHECK(key_for("export NAME=\"va lue\"\n", "secret_env_line") == "va lue");
  CHECK(key_for("NAME='value'", "secret_env_line") == "value");
  CHECK(key_for("1NAME=value", "secret_env_line") == "(none)");  // not a variable name
  CHECK(key_for("'value'", "secret_quoted") == "value");
  CHECK(key_for("value\n\n", "secret_whitespace") == "value");
  CHECK(key_for("value", "secret_whitespace") == "(none)");  // nothing to trim
  CHECK(key_for("value", "sender_secret_newline") == "value\n");
  CHECK(key_for("value", "sender_secret_crlf") == "value\r\n");
}

TEST_CASE("core::secret_changes describes by source, once per key, never by value") {
  const auto changes = core::secret_changes({"--secret-file s", "\"value\""});
  for (const auto& change : changes) {
    CHECK(change.description.find("--secret-file s") != std::string::npos);
    CHECK(change.description.find("value\"") == std::string::npos);
    CHECK_FALSE(change.key.empty());
    CHECK_FALSE(change.advice.empty());
  }
  // "value" is both the quoted and the trimmed reading: said once, as the quotes.
  CHECK(std::count_if(changes.begin(), changes.end(),
                      [](const auto& change) { return change.key == "value"; }) == 1);
  CHECK(changes.front().code == "secret_quoted");
  const auto breaks = core::secret_changes({"--secret-env S", "v\n\n\n"});
  CHECK(breaks.front().description ==
        "the secret from --secret-env S ends with 3 line breaks "
        "that are not part of it");
}
