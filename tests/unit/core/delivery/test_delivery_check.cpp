// core/delivery_check: what listen decides about one delivery.
#include <doctest/doctest.h>

#include "core/delivery/delivery_check.hpp"
#include "delivery_fixtures.hpp"

namespace {
const auto& secrets = test::delivery_secrets;
const auto& payload = test::delivery_payload;
using test::signed_with;
}  // namespace

TEST_CASE("core::check_delivery") {
  SUBCASE("a verified delivery is summarized") {
    const auto check = core::check_delivery(payload, signed_with("s3cret", payload), secrets);
    CHECK(check.verdict == core::DeliveryVerdict::verified);
    REQUIRE(check.summary);
    CHECK(check.summary->group_count == 2);
    CHECK(check.summary->groups_failed == 1);
    CHECK(check.summary->header.git->branch == "main");
  }
  SUBCASE("a rejected one is not read at all") {
    const auto check = core::check_delivery(payload, signed_with("other", payload), secrets);
    CHECK(check.verdict == core::DeliveryVerdict::rejected);
    CHECK(check.signature.verdict == core::SignatureVerdict::mismatch);
    CHECK_FALSE(check.summary);
    CHECK(check.payload_problem.empty());
  }
  SUBCASE("without secrets it is accepted unverified, signature or not") {
    const auto check = core::check_delivery(payload, std::nullopt, {});
    CHECK(check.verdict == core::DeliveryVerdict::unverified);
    CHECK(check.summary);
  }
  SUBCASE("a body that is not a payload says why in one line") {
    auto check = core::check_delivery("[1,", std::nullopt, {});
    CHECK_FALSE(check.summary);
    CHECK(check.payload_problem.rfind("not JSON: ", 0) == 0);
    check = core::check_delivery("{}", std::nullopt, {});
    CHECK(check.payload_problem.rfind("not a valid payload: ", 0) == 0);
  }
}

namespace {
core::HttpRequest delivery(std::string body, core::HeaderList headers) {
  core::HttpRequest request;
  request.method = "POST";
  request.target = "/";
  request.headers = std::move(headers);
  request.body = std::move(body);
  return request;
}
core::DeliveryPolicy policy(std::optional<std::int64_t> max_age = std::nullopt) {
  core::DeliveryPolicy p;
  p.max_body = 1 << 20;
  p.max_age_milliseconds = max_age;
  p.now_milliseconds = 1767225600000;  // 2026-01-01T00:00:00Z, the payload's time
  return p;
}
}  // namespace

TEST_CASE("core::judge_delivery: outcome, status and reason") {
  const std::string good = signed_with("s3cret", payload);
  const auto verified = core::judge_delivery(
      delivery(payload, {{"X-Autosana-Signature-256", good}}), secrets, policy());
  CHECK(verified.outcome == core::DeliveryOutcome::verified);
  CHECK(verified.status == 200);
  CHECK(verified.reason == "--secret-env S");
  CHECK(verified.summary.has_value());
  CHECK(verified.bytes == payload.size());

  const auto unverified = core::judge_delivery(delivery(payload, {}), {}, policy());
  CHECK(unverified.outcome == core::DeliveryOutcome::unverified);
  CHECK(unverified.status == 200);

  const auto forged = core::judge_delivery(
      delivery(payload, {{"X-Autosana-Signature-256", signed_with("guess", payload)}}), secrets,
      policy());
  CHECK(forged.outcome == core::DeliveryOutcome::rejected);
  CHECK(forged.status == 401);
  CHECK(forged.reason == "signature does not match");
  CHECK_FALSE(forged.summary.has_value());
  CHECK(forged.signature.has_value());  // kept for --explain
  CHECK(forged.body == payload);

  const auto twice = core::judge_delivery(
      delivery(payload, {{"X-Autosana-Signature-256", good}, {"X-Autosana-Signature-256", good}}),
      secrets, policy());
  CHECK(twice.status == 401);
  CHECK(twice.reason == "2 X-Autosana-Signature-256 headers");
  CHECK_FALSE(twice.signature.has_value());
}

TEST_CASE("core::judge_delivery: Content-Encoding and --max-age") {
  const auto unknown =
      core::judge_delivery(delivery("x", {{"Content-Encoding", "zstd"}}), secrets, policy());
  CHECK(unknown.outcome == core::DeliveryOutcome::refused);
  CHECK(unknown.status == 415);
  const auto corrupt =
      core::judge_delivery(delivery("not gzip", {{"Content-Encoding", "gzip"}}), secrets, policy());
  CHECK(corrupt.status == 400);
  CHECK(corrupt.bytes == 8);

  const std::string good = signed_with("s3cret", payload);
  const auto fresh = core::judge_delivery(delivery(payload, {{"X-Autosana-Signature-256", good}}),
                                          secrets, policy(60'000));
  CHECK(fresh.outcome == core::DeliveryOutcome::verified);
  core::DeliveryPolicy later = policy(60'000);
  later.now_milliseconds += 3'600'000;
  const auto stale =
      core::judge_delivery(delivery(payload, {{"X-Autosana-Signature-256", good}}), secrets, later);
  CHECK(stale.outcome == core::DeliveryOutcome::rejected);
  CHECK(stale.status == 401);
  CHECK(stale.reason ==
        "signature matches (secret from --secret-env S) but timestamp is 1h old (limit 1m)");
  CHECK(stale.secret != nullptr);  // the signature held: nothing to explain
  CHECK_FALSE(stale.summary.has_value());
}
