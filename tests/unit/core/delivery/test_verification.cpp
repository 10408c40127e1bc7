// core/verification: where the signature comes from, and verify's verdict on a body.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <map>

#include "core/delivery/verification.hpp"
#include "core/signing/hmac.hpp"
#include "core/signing/signature.hpp"

namespace {
const std::vector<core::Secret> secrets{{"--secret-env OLD", "old-secret"},
                                        {"--secret-file new.txt", "new-secret"}};
const std::string body = R"({"event":"batch.completed","timestamp":"2025-01-31T12:34:56.789Z"})";
const std::int64_t signed_at = 1738326896789;  // the body's timestamp
const std::int64_t minute = 60'000;

core::Sha256Digest digest_with(std::string_view secret, std::string_view bytes) {
  return core::hmac_sha256(secret, bytes);
}

core::EnvironmentLookup environment(std::map<std::string, std::string> values) {
  return [values](const std::string& name) -> std::optional<std::string> {
    const auto found = values.find(name);
    if (found == values.end()) return std::nullopt;
    return found->second;
  };
}

// The body in a file of its own, open for reading (and already unlinked), as verify streams it.
util::ByteInput body_as_file() {
  char path[] = "/tmp/autosana-verify-XXXXXX";
  const int fd = mkstemp(path);
  REQUIRE(fd >= 0);
  close(fd);
  std::ofstream(path, std::ios::binary) << body;
  auto input = util::ByteInput::open(path);
  std::remove(path);
  REQUIRE(input.has_value());
  return std::move(*input);
}

core::HttpRequest request_with(core::HeaderList headers) {
  core::HttpRequest request;
  request.headers = std::move(headers);
  return request;
}
}  // namespace

TEST_CASE("core::find_signature: the option, else the request, else the CGI variable") {
  const auto cgi = environment({{"HTTP_X_AUTOSANA_SIGNATURE_256", "sha256=cgi"}});
  const auto request = request_with({{"x-autosana-signature-256", "sha256=header"}});
  auto given = core::find_signature(std::string("sha256=given"), &request, cgi);
  REQUIRE(given.has_value());
  CHECK(given->value == "sha256=given");
  CHECK(given->source == core::SignatureSource::option);

  auto from_request = core::find_signature(std::nullopt, &request, cgi);
  REQUIRE(from_request.has_value());
  CHECK(from_request->value == "sha256=header");
  CHECK(from_request->source == core::SignatureSource::request);

  auto from_cgi = core::find_signature(std::nullopt, nullptr, cgi);
  REQUIRE(from_cgi.has_value());
  CHECK(from_cgi->source == core::SignatureSource::cgi);

  auto none = core::find_signature(std::nullopt, nullptr, environment({}));
  REQUIRE_FALSE(none.has_value());
  CHECK(none.error() == "no signature was given");
}

TEST_CASE("core::find_signature: two headers count as none; a near miss is named") {
  const auto twice = request_with(
      {{"X-Autosana-Signature-256", "sha256=a"}, {"X-Autosana-Signature-256", "sha256=b"}});
  auto two = core::find_signature(std::nullopt, &twice, environment({}));
  REQUIRE_FALSE(two.has_value());
  CHECK(two.error() == "the request has 2 X-Autosana-Signature-256 headers");

  const auto near_miss = request_with({{"X-Signature", "sha256=a"}, {"Host", "x"}});
  auto missing = core::find_signature(std::nullopt, &near_miss, environment({}));
  REQUIRE_FALSE(missing.has_value());
  CHECK(missing.error() ==
        "the request has no X-Autosana-Signature-256 header (it has X-Signature)");
  // A request without the header does not fall back to the CGI variable: it is the request's.
  auto not_cgi = core::find_signature(
      std::nullopt, &near_miss, environment({{"HTTP_X_AUTOSANA_SIGNATURE_256", "sha256=cgi"}}));
  CHECK_FALSE(not_cgi.has_value());
}

TEST_CASE("core::verify_body: which secret matched, or every secret tried") {
  const auto matched = core::verify_body(body, digest_with("new-secret", body), secrets, {});
  CHECK(matched.valid);
  REQUIRE(matched.secret != nullptr);
  CHECK(matched.secret->source == "--secret-file new.txt");
  CHECK(matched.reason == "signature matches (secret from --secret-file new.txt)");
  CHECK(matched.bytes == body.size());
  CHECK_FALSE(matched.timestamp.has_value());  // no age asked for: not even read

  const auto mismatch = core::verify_body(body, digest_with("other", body), secrets, {});
  CHECK_FALSE(mismatch.valid);
  CHECK(mismatch.secret == nullptr);
  CHECK(mismatch.reason ==
        "signature does not match (tried --secret-env OLD, --secret-file new.txt)");
}

TEST_CASE("core::verify_body with a maximum age") {
  core::VerificationPolicy policy{5 * minute, signed_at + 2 * minute};
  const auto fresh = core::verify_body(body, digest_with("old-secret", body), secrets, policy);
  CHECK(fresh.valid);
  CHECK(fresh.reason ==
        "signature matches (secret from --secret-env OLD); timestamp is 2m old (limit 5m)");
  CHECK(fresh.timestamp == "2025-01-31T12:34:56.789Z");
  CHECK(fresh.age_milliseconds == 2 * minute);

  policy.now_milliseconds = signed_at + 10 * minute;
  const auto stale = core::verify_body(body, digest_with("old-secret", body), secrets, policy);
  CHECK_FALSE(stale.valid);
  CHECK(stale.secret != nullptr);  // the signature itself matched
  CHECK(stale.reason ==
        "signature matches (secret from --secret-env OLD) but timestamp is 10m old (limit 5m)");

  const auto forged = core::verify_body(body, digest_with("other", body), secrets, policy);
  CHECK_FALSE(forged.timestamp.has_value());  // a forged payload's claims are not read
}

TEST_CASE("core::verify_stream keeps the very bytes it verified") {
  auto input = body_as_file();
  util::Spool kept;
  const core::VerificationPolicy policy{5 * minute, signed_at};
  auto verdict =
      core::verify_stream(input, digest_with("new-secret", body), secrets, policy, &kept);
  REQUIRE(verdict.has_value());
  CHECK(verdict->valid);
  CHECK(verdict->bytes == body.size());
  CHECK(verdict->timestamp == "2025-01-31T12:34:56.789Z");
  std::string replayed;
  REQUIRE(kept.replay([&](std::string_view chunk) { replayed.append(chunk); }).has_value());
  CHECK(replayed == body);
}

TEST_CASE("core::verify_stream with a maximum age and nothing to keep spools for itself") {
  auto input = body_as_file();
  const core::VerificationPolicy policy{minute, signed_at + 2 * minute};
  auto verdict =
      core::verify_stream(input, digest_with("old-secret", body), secrets, policy, nullptr);
  REQUIRE(verdict.has_value());
  CHECK_FALSE(verdict->valid);
  CHECK(verdict->timestamp == "2025-01-31T12:34:56.789Z");
  CHECK(verdict->reason.ends_with("but timestamp is 2m old (limit 1m)"));
}
