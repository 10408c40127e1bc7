// core/delivery_inspection: the JSON the inspector page reads.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "core/delivery/delivery_check.hpp"
#include "core/delivery/delivery_inspection.hpp"
#include "delivery_fixtures.hpp"

namespace {
using Json = nlohmann::json;

core::InspectedDelivery accepted_delivery(std::string body) {
  core::HttpRequest request;
  request.method = "POST";
  request.target = "/hook";
  request.version = "HTTP/1.1";
  request.headers = {{"Host", "127.0.0.1"},
                     {"X-Autosana-Signature-256", test::signed_with("s3cret", body)}};
  request.body = std::move(body);
  core::InspectedDelivery delivery;
  delivery.id = 7;
  delivery.version = 9;
  delivery.record.time = "2026-11-27 19:41:25";
  delivery.record.status = 200;
  delivery.record.outcome = core::DeliveryOutcome::verified;
  delivery.record.reason = "--secret-env S";
  delivery.record.bytes = request.body.size();
  delivery.record.summary = core::check_delivery(request.body, std::nullopt, {}).summary;
  delivery.request = std::make_shared<const core::HttpRequest>(std::move(request));
  return delivery;
}
}  // namespace

TEST_CASE("core::render_inspected_row") {
  const Json row =
      Json::parse(core::render_inspected_row(accepted_delivery(test::delivery_payload)));
  CHECK(row["id"] == 7);
  CHECK(row["version"] == 9);
  CHECK(row["verdict"] == "verified");
  CHECK(row["app"] == "Shop \x1b[31mApp");  // as text: the page shows the escape, never obeys it
  CHECK(row["branch"] == "main");
  CHECK(row["groups_failed"] == 1);
  CHECK(row["groups_passed"] == 1);
  CHECK_FALSE(row.contains("forward_status"));
}

TEST_CASE("core::render_inspected_details") {
  core::ReplayCommands commands{"http://127.0.0.1:8787/hook", true, false, nullptr};

  SUBCASE("an accepted batch: failed groups first, every run, the request as received") {
    core::InspectedDelivery delivery = accepted_delivery(test::delivery_payload);
    delivery.record.saved_file = "saved/1.http";
    const Json details = Json::parse(core::render_inspected_details(delivery, commands));
    const Json& groups = details["body"]["batch"]["groups"];
    REQUIRE(groups.size() == 2);
    CHECK(groups[0]["name"] == "g2");
    CHECK(groups[0]["runs"][0]["status"] == "failed");
    CHECK(groups[1]["runs"][0]["url"] == "https://x");
    CHECK(details["request_line"] == "POST /hook HTTP/1.1");
    CHECK(details["headers"][1][0] == "X-Autosana-Signature-256");
    CHECK(details["body"]["pretty"].get<std::string>().find("\n  \"event\": ") !=
          std::string::npos);
    CHECK(details["can_replay"] == true);
    CHECK(details["send"] ==
          "autosana-webhook send --as-is --request 'saved/1.http' 'http://127.0.0.1:8787/hook'");
    CHECK(details["curl"].get<std::string>().find("curl --fail-with-body") != std::string::npos);
    CHECK(details["raw_hex"].get<std::string>().rfind("00000000  50 4f 53 54", 0) == 0);
  }

  SUBCASE("a rejected body's batch is not read") {
    core::InspectedDelivery delivery = accepted_delivery(test::delivery_payload);
    delivery.record.outcome = core::DeliveryOutcome::rejected;
    const Json details = Json::parse(core::render_inspected_details(delivery, commands));
    CHECK_FALSE(details["body"].contains("batch"));
  }

  SUBCASE("a syntax error at its line and column") {
    const Json details = Json::parse(
        core::render_inspected_details(accepted_delivery("{\n  \"a\": [1,, 2]\n}"), commands));
    CHECK(details["body"]["syntax_error"]["line"] == 2);
    CHECK(details["body"]["syntax_error"]["column"] == 11);
    CHECK_FALSE(details["body"].contains("pretty"));
  }

  SUBCASE("bytes that are not UTF-8 keep the JSON valid") {
    const Json details = Json::parse(
        core::render_inspected_details(accepted_delivery("{\"a\":\"\xff\xfe\"}"), commands));
    CHECK(details["body"]["problem"] == "not UTF-8 text: see the raw bytes");
  }

  SUBCASE("every text goes through the redaction") {
    commands.redact = [](std::string text) {
      const auto at = text.find("Shop");
      if (at != std::string::npos) text.replace(at, 4, "[redacted]");
      return text;
    };
    const std::string details =
        core::render_inspected_details(accepted_delivery(test::delivery_payload), commands);
    CHECK(details.find("Shop") == std::string::npos);
    CHECK(details.find("[redacted]") != std::string::npos);
  }
}

TEST_CASE("core::hex_dump") {
  CHECK(core::hex_dump("AB\n", 100) ==
        "00000000  41 42 0a                                          |AB.|\n");
  const std::string dump = core::hex_dump(std::string(40, 'x'), 20);
  CHECK(dump.find("00000010  78 78 78 78") != std::string::npos);
  CHECK(dump.find("... the first 20 of 40 bytes\n") != std::string::npos);
}

TEST_CASE("core::note_unverified_claim: a rejected row says what its body claims, marked") {
  struct Case {
    const char* name;
    core::DeliveryOutcome outcome;
    std::string body;
    bool claimed;
  };
  const Case cases[] = {
      {"rejected, a payload", core::DeliveryOutcome::rejected, test::delivery_payload, true},
      {"rejected, not JSON", core::DeliveryOutcome::rejected, "not json", false},
      {"rejected, JSON but no payload", core::DeliveryOutcome::rejected, "{\"a\":1}", false},
      {"verified: its batch speaks", core::DeliveryOutcome::verified, test::delivery_payload,
       false},
  };
  for (const Case& c : cases) {
    CAPTURE(std::string(c.name));
    core::InspectedDelivery delivery = accepted_delivery(c.body);
    delivery.record.outcome = c.outcome;
    if (c.outcome == core::DeliveryOutcome::rejected) delivery.record.summary.reset();
    core::note_unverified_claim(delivery, 1 << 20);
    CHECK(delivery.claimed.has_value() == c.claimed);
    const Json row = Json::parse(core::render_inspected_row(delivery));
    CHECK(row.contains("claimed") == c.claimed);
    if (c.claimed) {
      CHECK(row["app"] == "Shop \x1b[31mApp");
      CHECK(row["branch"] == "main");
      CHECK_FALSE(row.contains("groups"));  // never what a forged batch says of its flows
    }
  }
}
