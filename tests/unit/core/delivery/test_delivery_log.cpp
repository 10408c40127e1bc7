// core/delivery_log: the line or JSON record listen prints for each request.
#include <doctest/doctest.h>

#include "core/delivery/delivery_check.hpp"
#include "core/delivery/delivery_log.hpp"
#include "delivery_fixtures.hpp"

namespace {
const auto& payload = test::delivery_payload;
using test::signed_with;
}  // namespace

TEST_CASE("core::render_delivery_line and core::render_delivery_json") {
  core::DeliveryRecord record;
  record.time = "2026-11-27 19:41:25";
  record.time_utc = "2026-11-27T19:41:25.000Z";
  record.remote = "127.0.0.1";
  record.method = "POST";
  record.target = "/";
  record.status = 200;
  record.outcome = core::DeliveryOutcome::verified;
  record.reason = "--secret-env S";
  record.bytes = payload.size();
  record.summary = core::check_delivery(payload, std::nullopt, {}).summary;
  record.saved_file = "d/1.http";
  record.forward = core::ForwardResult{202, "", 3.25};

  const std::string line = core::render_delivery_line(record, {});
  CHECK(line.rfind("2026-11-27 19:41:25  200  verified    Shop \\x1b[31mApp on main: 1 of 2 groups "
                   "passed, 1 failed  (",
                   0) == 0);
  CHECK(line.find(", saved d/1.http, forwarded: 202 in 3.2 ms\n") != std::string::npos);
  CHECK(line.find('\x1b') == std::string::npos);  // the app's escape sequence is neutralised

  core::TextStyle toned;
  toned.tone_start[static_cast<std::size_t>(core::Tone::good)] = "<good>";
  toned.tone_start[static_cast<std::size_t>(core::Tone::bad)] = "<bad>";
  toned.tone_end = "</>";
  const std::string coloured = core::render_delivery_line(record, toned);
  CHECK(coloured.find("<good>verified  </>") != std::string::npos);
  CHECK(coloured.find("<bad>1 of 2 groups passed, 1 failed</>") != std::string::npos);

  const std::string json = core::render_delivery_json(record);
  CHECK(json.find("\"verdict\":\"verified\"") != std::string::npos);
  CHECK(json.find("\"groups\":{\"total\":2,\"passed\":1,\"failed\":1,\"in_progress\":0}") !=
        std::string::npos);
  CHECK(json.find("\"forward\":{\"status\":202,\"milliseconds\":3.25}") != std::string::npos);
  CHECK(json.back() == '\n');
  CHECK(json.find('\n') == json.size() - 1);

  record.outcome = core::DeliveryOutcome::rejected;
  record.status = 401;
  record.summary.reset();
  record.reason = "signature does not match";
  record.forward.reset();
  record.saved_file.clear();
  CHECK(core::render_delivery_line(record, {}) ==
        "2026-11-27 19:41:25  401  rejected    signature does not match  (" +
            std::to_string(payload.size()) + " bytes from 127.0.0.1)\n");

  // The store's row, a retry of a stored delivery, and a store that could not take one.
  record.stored = 42;
  CHECK(core::render_delivery_line(record, {}).find(", stored #42\n") != std::string::npos);
  CHECK(core::render_delivery_json(record).find("\"stored\":42") != std::string::npos);
  record.stored_before = true;
  CHECK(core::render_delivery_line(record, {}).find(", stored #42 (a retry)\n") !=
        std::string::npos);
  CHECK(core::render_delivery_json(record).find("\"stored_before\":true") != std::string::npos);
  record.stored.reset();
  record.store_error = "store.db: the disk is full";
  CHECK(core::render_delivery_line(record, {}).find(", not stored: store.db: the disk is full\n") !=
        std::string::npos);
  CHECK(core::render_delivery_json(record).find("\"store_error\":\"store.db: the disk is full\"") !=
        std::string::npos);
  record.store_error.clear();

  record.outcome = core::DeliveryOutcome::refused;
  record.status = 411;
  record.reason = "no Content-Length";
  CHECK(core::render_delivery_line(record, {}) ==
        "2026-11-27 19:41:25  411  refused     POST /: no Content-Length  (from 127.0.0.1)\n");
  record.method.clear();  // a request line too broken to name either
  record.target.clear();
  record.status = 400;
  record.reason = "malformed request";
  CHECK(core::render_delivery_line(record, {}) ==
        "2026-11-27 19:41:25  400  refused     malformed request  (from 127.0.0.1)\n");
}

TEST_CASE("core::render_explanation_lines and core::render_explanation_json") {
  core::DeliveryRecord record;
  record.time = "2026-11-27 19:41:25";
  record.time_utc = "2026-11-27T19:41:25.000Z";
  record.remote = "127.0.0.1\x1b[31m";
  record.method = "POST";
  record.target = "/";
  const std::vector<core::Finding> findings{
      {"trailing_newline_added", "this body has a trailing newline", "verify the raw body"},
      {"keys_sorted", "keys\x1b]0;sorted", ""}};
  CHECK(core::render_explanation_lines(record, findings) ==
        "  diagnosis of the delivery at 2026-11-27 19:41:25 from 127.0.0.1\\x1b[31m:\n"
        "    explain: this body has a trailing newline\n"
        "    advice: verify the raw body\n"
        "    explain: keys\\x1b]0;sorted\n");
  const std::string json = core::render_explanation_json(record, findings);
  CHECK(json.find("\"explanation_of\":\"2026-11-27T19:41:25.000Z\"") != std::string::npos);
  CHECK(json.find("{\"code\":\"trailing_newline_added\",\"text\":\"this body has a trailing "
                  "newline\",\"advice\":\"verify the raw body\"}") != std::string::npos);
  CHECK(json.find('\n') == json.size() - 1);
}

TEST_CASE("core::format_response_time") {
  CHECK(core::format_response_time(0.04) == "0.0 ms");
  CHECK(core::format_response_time(3.25) == "3.2 ms");
  CHECK(core::format_response_time(48.4) == "48 ms");
  CHECK(core::format_response_time(1250) == "1.25 s");
}
