// core/payload_env: shell assignments that are safe to eval whatever the payload holds.
#include <doctest/doctest.h>

#include "core/payload/payload_env.hpp"

namespace {
core::PayloadHeader header() {
  core::PayloadHeader h;
  h.event = "batch.completed";
  h.timestamp = "2025-01-31T12:34:56.789Z";
  h.app = core::App{"com.example", "It's $(rm -rf ~) `x`", "ios", ""};
  h.summary.total_groups = 3;
  return h;
}
}  // namespace

TEST_CASE("core::format_env_assignments quotes every value") {
  const std::string env = core::format_env_assignments(header());
  CHECK(env.find("AUTOSANA_APP_NAME='It'\\''s $(rm -rf ~) `x`'\n") != std::string::npos);
  CHECK(env.find("AUTOSANA_APP_ID='com.example'\n") != std::string::npos);
  CHECK(env.find("AUTOSANA_TOTAL_GROUPS='3'\n") != std::string::npos);
  CHECK(env.find("AUTOSANA_PAYLOAD_KIND='webhook'\n") != std::string::npos);
}

TEST_CASE("core::format_env_assignments always sets the git variables") {
  core::PayloadHeader h = header();
  CHECK(core::format_env_assignments(h).find("AUTOSANA_GIT_BRANCH=''\n") != std::string::npos);
  h.git = core::Git{"abc123", "feature/x"};
  CHECK(core::format_env_assignments(h).find("AUTOSANA_GIT_BRANCH='feature/x'\n") !=
        std::string::npos);
  CHECK(core::format_env_assignments(h).find("AUTOSANA_PASSED_GROUPS") == std::string::npos);
}

TEST_CASE("core::format_env_assignments keeps each value on its line unless asked to keep it") {
  core::PayloadHeader h = header();
  h.app.name = "a\nb\x1b[2J\xe2\x80\xae";
  CHECK(core::format_env_assignments(h).find("AUTOSANA_APP_NAME='a\\x0ab\\x1b[2J\\u202e'\n") !=
        std::string::npos);
  CHECK(core::format_env_assignments(h, true).find(
            "AUTOSANA_APP_NAME='a\nb\x1b[2J\xe2\x80\xae'\n") != std::string::npos);
}
