#include <doctest/doctest.h>

#include "constant_time_probe.hpp"
#include "core/signing/signature.hpp"
#include "core/signing/signature_check.hpp"

namespace {
const std::vector<core::Secret> rotation{{"--secret-env NEW", "new-secret"},
                                         {"--secret-file old.txt", "old-secret"}};
std::string signed_with(std::string_view secret, std::string_view body) {
  return core::format_signature(core::hmac_sha256(secret, body));
}
}  // namespace

TEST_CASE("core::check_signature") {
  const std::string body = "{\"event\":\"batch.completed\"}";
  SUBCASE("either secret of a rotation matches, and is named") {
    auto check = core::check_signature(body, signed_with("old-secret", body), rotation);
    CHECK(check.verdict == core::SignatureVerdict::matches);
    REQUIRE(check.secret != nullptr);
    CHECK(check.secret->source == "--secret-file old.txt");
    check = core::check_signature(body, signed_with("new-secret", body), rotation);
    CHECK(check.secret->source == "--secret-env NEW");
  }
  SUBCASE("a change of one byte does not match") {
    const auto check = core::check_signature(body + " ", signed_with("new-secret", body), rotation);
    CHECK(check.verdict == core::SignatureVerdict::mismatch);
    CHECK(check.secret == nullptr);
  }
  SUBCASE("missing and malformed are told apart") {
    CHECK(core::check_signature(body, std::nullopt, rotation).verdict ==
          core::SignatureVerdict::missing);
    CHECK(core::check_signature(body, "sha256=xyz", rotation).verdict ==
          core::SignatureVerdict::malformed);
  }
}

TEST_CASE("core::check_signature compares digests in constant time") {
  // A timing side channel would let a prober find a valid signature byte by byte: every secret's
  // digest is compared with CRYPTO_memcmp, matching or not.
  const std::string body = "{}";
  const long before = test::constant_time_compares();
  const auto check = core::check_signature(body, signed_with("other", body), rotation);
  CHECK(check.verdict == core::SignatureVerdict::mismatch);
  CHECK(test::constant_time_compares() == before + static_cast<long>(rotation.size()));
}

TEST_CASE("core::HmacPerSecret over a stream equals one shot") {
  core::HmacPerSecret hmacs(rotation);
  hmacs.update("{\"a\":");
  hmacs.update("1}");
  const auto expected = core::hmac_sha256("old-secret", "{\"a\":1}");
  const core::Secret* match = hmacs.matching(expected);
  REQUIRE(match != nullptr);
  CHECK(match->value == "old-secret");
}
