#include <doctest/doctest.h>

#include <set>
#include <string>

#include "core/delivery/conformance_vectors.hpp"
#include "core/signing/hmac.hpp"
#include "core/signing/signature.hpp"

TEST_CASE("core::conformance_cases: unique names, every reason, verdicts that agree") {
  const auto cases = core::conformance_cases();
  std::set<std::string> names, reasons;
  for (const core::ConformanceCase& c : cases) {
    CHECK(names.insert(c.name).second);
    reasons.insert(c.reason);
    CHECK(c.valid == (c.reason == core::reason_ok));
    CHECK(c.secret_index.has_value() == c.valid);
    if (c.secret_index) CHECK(*c.secret_index < c.secrets.size());
    CHECK(c.max_age_seconds.has_value() == c.now.has_value());
  }
  CHECK(reasons == std::set<std::string>{core::reason_ok, core::reason_missing_signature,
                                         core::reason_malformed_signature, core::reason_mismatch,
                                         core::reason_no_secret, core::reason_empty_secret,
                                         core::reason_no_timestamp, core::reason_stale,
                                         core::reason_future});
}

TEST_CASE("core::conformance_cases: GitHub's published signature is what our HMAC computes") {
  for (const core::ConformanceCase& c : core::conformance_cases()) {
    if (c.name != "github_published") continue;
    REQUIRE(c.header);
    CHECK(*c.header == core::format_signature(core::hmac_sha256(c.secrets[0], c.body)));
    return;
  }
  FAIL("no github_published case");
}

TEST_CASE("core::conformance_cases: a valid case's header is the body's signature") {
  for (const core::ConformanceCase& c : core::conformance_cases()) {
    if (!c.valid || c.name != "seed_payload") continue;
    CHECK(*c.header == core::format_signature(core::hmac_sha256(c.secrets[0], c.body)));
  }
}
