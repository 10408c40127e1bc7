#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>
#include <cstdio>
#include <fstream>
#include <map>

#include "core/signing/secret.hpp"

namespace {
core::EnvironmentLookup fake_environment(std::map<std::string, std::string> values) {
  return [values](const std::string& name) -> std::optional<std::string> {
    auto found = values.find(name);
    if (found == values.end()) return std::nullopt;
    return found->second;
  };
}

std::string temporary_file(const std::string& contents, mode_t mode) {
  char path[] = "/tmp/autosana-secret-XXXXXX";
  const int fd = mkstemp(path);
  REQUIRE(fd >= 0);
  REQUIRE(write(fd, contents.data(), contents.size()) == static_cast<ssize_t>(contents.size()));
  close(fd);
  chmod(path, mode);
  return path;
}
}  // namespace

TEST_CASE("core::secret_from_file_contents says what it removed") {
  std::string removed = "unchanged";
  CHECK(core::secret_from_file_contents("abc\r\n", &removed) == "abc");
  CHECK(removed == "\r\n");
  CHECK(core::secret_from_file_contents("abc\n", &removed) == "abc");
  CHECK(removed == "\n");
  CHECK(core::secret_from_file_contents("abc", &removed) == "abc");
  CHECK(removed.empty());
  const std::string path = temporary_file("s3cret\n", 0600);
  auto loaded = core::load_secrets({{core::SecretOrigin::file, path, "--secret-file f"}},
                                   fake_environment({}));
  REQUIRE(loaded);
  CHECK(loaded->secrets.front().removed_line_break == "\n");
  REQUIRE(loaded->notes.size() == 1);
  CHECK(loaded->notes.front().find("--secret-file f ends with a line break") == 0);
  CHECK(loaded->notes.front().find("s3cret") == std::string::npos);
  std::remove(path.c_str());
}

TEST_CASE("core::secret_from_file_contents removes one line end, nothing else") {
  CHECK(core::secret_from_file_contents("abc\n") == "abc");
  CHECK(core::secret_from_file_contents("abc\r\n") == "abc");
  CHECK(core::secret_from_file_contents("abc\n\n") == "abc\n");
  CHECK(core::secret_from_file_contents(" abc ") == " abc ");
  CHECK(core::secret_from_file_contents("abc\r") == "abc\r");
  CHECK(core::secret_from_file_contents("abc") == "abc");
}

TEST_CASE("core::load_secrets keeps order and names sources, never values") {
  const std::string path = temporary_file("from-file\n", 0600);
  std::vector<core::SecretSource> sources{
      {core::SecretOrigin::environment, "NEW_SECRET", "--secret-env NEW_SECRET"},
      {core::SecretOrigin::file, path, "--secret-file " + path},
      {core::SecretOrigin::command_line, "from-command-line", "--secret #1"}};
  auto loaded = core::load_secrets(sources, fake_environment({{"NEW_SECRET", "from-env"}}));
  REQUIRE(loaded.has_value());
  REQUIRE(loaded->secrets.size() == 3);
  CHECK(loaded->secrets[0].source == "--secret-env NEW_SECRET");
  CHECK(loaded->secrets[0].value == "from-env");
  CHECK(loaded->secrets[1].source == "--secret-file " + path);
  CHECK(loaded->secrets[1].value == "from-file");
  CHECK(loaded->secrets[0].origin == core::SecretOrigin::environment);
  CHECK(loaded->secrets[0].location == "NEW_SECRET");
  CHECK(loaded->secrets[1].location == path);
  CHECK(loaded->secrets[2].source == "--secret #1");
  CHECK(loaded->secrets[2].location.empty());  // a location would be the secret itself
  CHECK(loaded->warnings.empty());             // the file is 0600
  std::remove(path.c_str());
}

TEST_CASE("core::load_secrets refuses missing and empty secrets") {
  auto unset = core::load_secrets({{core::SecretOrigin::environment, "NOPE", "--secret-env NOPE"}},
                                  fake_environment({}));
  REQUIRE_FALSE(unset.has_value());
  CHECK(unset.error().find("NOPE is not set") != std::string::npos);

  auto empty =
      core::load_secrets({{core::SecretOrigin::environment, "EMPTY", "--secret-env EMPTY"}},
                         fake_environment({{"EMPTY", ""}}));
  REQUIRE_FALSE(empty.has_value());
  CHECK(empty.error() == "the secret from --secret-env EMPTY is empty");

  const std::string newline_only = temporary_file("\n", 0600);
  auto from_file =
      core::load_secrets({{core::SecretOrigin::file, newline_only, "f"}}, fake_environment({}));
  REQUIRE_FALSE(from_file.has_value());
  CHECK(from_file.error().find("is empty") != std::string::npos);
  std::remove(newline_only.c_str());

  auto missing = core::load_secrets({{core::SecretOrigin::file, "/nonexistent/secret", "f"}},
                                    fake_environment({}));
  REQUIRE_FALSE(missing.has_value());
  CHECK(missing.error().find("cannot open '/nonexistent/secret'") != std::string::npos);
}

TEST_CASE("core::load_secrets warns about a secret file others can read") {
  const std::string path = temporary_file("shared-secret", 0644);
  auto loaded = core::load_secrets({{core::SecretOrigin::file, path, "f"}}, fake_environment({}));
  REQUIRE(loaded.has_value());
  REQUIRE(loaded->warnings.size() == 1);
  CHECK(loaded->warnings[0].find("mode 0644") != std::string::npos);
  CHECK(loaded->warnings[0].find("shared-secret") == std::string::npos);
  std::remove(path.c_str());
}
