// core/check_list: each file of a checksum list, verified against the secrets in use.
#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>

#include "core/signing/check_list.hpp"
#include "core/signing/hmac.hpp"
#include "core/signing/signature.hpp"

namespace {
const std::vector<core::Secret> secrets{{"--secret-env OLD", "old-secret"},
                                        {"--secret-env NEW", "new-secret"}};

std::string file_with(const std::string& contents) {
  char path[] = "/tmp/autosana-check-XXXXXX";
  const int fd = mkstemp(path);
  REQUIRE(fd >= 0);
  std::ofstream(path, std::ios::binary) << contents;
  return path;
}
}  // namespace

TEST_CASE("core::check_list_entry: a match names its secret, a mismatch none") {
  const std::string path = file_with("{\"a\":1}");
  const auto signed_new = core::format_signature(core::hmac_sha256("new-secret", "{\"a\":1}"));
  const core::CheckedEntry matched = core::check_list_entry({signed_new, path, 1}, secrets);
  CHECK(matched.result == core::EntryResult::matches);
  REQUIRE(matched.secret != nullptr);
  CHECK(matched.secret->source == "--secret-env NEW");

  const auto signed_other = core::format_signature(core::hmac_sha256("other", "{\"a\":1}"));
  const core::CheckedEntry mismatch = core::check_list_entry({signed_other, path, 2}, secrets);
  CHECK(mismatch.result == core::EntryResult::mismatch);
  CHECK(mismatch.secret == nullptr);
  CHECK(core::describe_entry_result(mismatch) == "signature does not match");
  std::remove(path.c_str());
}

TEST_CASE("core::check_list_entry: a malformed signature and an unreadable file say why") {
  const core::CheckedEntry malformed =
      core::check_list_entry({"sha256=xyz", "/dev/null", 1}, secrets);
  CHECK(malformed.result == core::EntryResult::malformed_signature);
  CHECK(core::describe_entry_result(malformed).starts_with("invalid signature: "));

  const auto any = core::format_signature(core::hmac_sha256("x", ""));
  const core::CheckedEntry missing =
      core::check_list_entry({any, "/nonexistent/fixture.json", 1}, secrets);
  CHECK(missing.result == core::EntryResult::unreadable);
  CHECK(missing.problem.find("/nonexistent/fixture.json") != std::string::npos);
  CHECK(core::describe_entry_result(missing) == "open or read");
}
