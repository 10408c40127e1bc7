// core/payload_validator, core/payload and core/payload_env.
#include <doctest/doctest.h>

#include <memory>

#include "core/payload/payload_env.hpp"
#include "core/payload/payload_validator.hpp"
#include "util/json_reader.hpp"

namespace {
const std::string valid_webhook = R"({
  "event": "batch.completed",
  "timestamp": "2025-01-31T12:34:56.789Z",
  "app": {"id": "com.example.myapp", "name": "My App", "platform": "android", "url": "https://x.test/app.apk"},
  "git": {"commit_sha": "a1b2c3", "branch": "main"},
  "summary": {"total_groups": 2, "passed_groups": 1, "failed_groups": 1, "total_flows": 3, "failed_flows": 1},
  "run_groups": [
    {"name": "Login", "status": "passed", "url": "https://x.test/g/1", "runs": [
      {"name": "sign in", "status": "passed", "url": "https://x.test/r/1"},
      {"name": "sign out", "status": "passed", "url": "https://x.test/r/2", "id": "r2"}]},
    {"name": "Checkout", "status": "failed", "url": "https://x.test/g/2", "runs": [
      {"name": "pay", "status": "failed", "url": "https://x.test/r/3"}]}
  ],
  "extra": {"anything": [1, 2]}
})";

struct Outcome {
  core::PayloadValidator validator;
  std::vector<core::RunGroup> groups;
  std::string problems;  // "E /pointer: message" lines
};

std::unique_ptr<Outcome> validate(std::string_view text, bool strict = false) {
  auto outcome = std::make_unique<Outcome>(Outcome{core::PayloadValidator({strict, 100}), {}, {}});
  Outcome* raw = outcome.get();
  outcome->validator = core::PayloadValidator(
      {strict, 100}, [raw](core::RunGroup&& group, const core::PayloadHeader&) {
        raw->groups.push_back(std::move(group));
      });
  util::JsonReader reader(outcome->validator);
  REQUIRE_MESSAGE(reader.parse(text), (reader.error() ? reader.error()->message : ""));
  outcome->validator.finish();
  for (const auto& problem : outcome->validator.problems())
    outcome->problems += std::string(problem.is_error ? "E " : "W ") + problem.pointer + ": " +
                         problem.message + "\n";
  return outcome;
}

std::string replace(std::string text, const std::string& from, const std::string& to) {
  const auto pos = text.find(from);
  REQUIRE(pos != std::string::npos);
  return text.replace(pos, from.size(), to);
}
}  // namespace

TEST_CASE("core::PayloadValidator accepts the webhook payload and builds the model") {
  const auto outcome = validate(valid_webhook);
  CHECK(outcome->problems == "");
  CHECK(outcome->validator.valid());
  const auto& header = outcome->validator.header();
  CHECK(header.kind == core::PayloadKind::webhook);
  CHECK(header.app.name == "My App");
  CHECK(header.git->branch == "main");
  CHECK(header.summary.total_groups == 2);
  CHECK(header.summary.failed_flows == 1);
  CHECK_FALSE(header.summary.error_flows.has_value());
  REQUIRE(outcome->groups.size() == 2);
  CHECK(outcome->groups[1].name == "Checkout");
  CHECK(outcome->groups[0].runs[1].id == "r2");
  CHECK(outcome->groups[1].runs[0].status == "failed");
}

TEST_CASE("core::PayloadValidator accepts the run-status response") {
  std::string text = replace(valid_webhook, "\"event\": \"batch.completed\",",
                             "\"batch_id\": \"b-1\", \"is_complete\": false,");
  const auto outcome = validate(text);
  CHECK(outcome->problems == "");
  CHECK(outcome->validator.header().kind == core::PayloadKind::run_status);
  CHECK(outcome->validator.header().is_complete == false);
  const auto missing = validate(replace(text, "\"is_complete\": false,", ""));
  CHECK(missing->problems == "E /is_complete: missing\n");
}

TEST_CASE("core::PayloadValidator lists every problem with its pointer") {
  std::string text = replace(valid_webhook, "\"name\": \"My App\", ", "");
  text = replace(text, "\"total_groups\": 2", "\"total_groups\": -2");
  text = replace(text, "2025-01-31T12:34:56.789Z", "yesterday");
  text = replace(text, "\"status\": \"passed\", \"url\": \"https://x.test/g/1\"",
                 "\"status\": 7, \"url\": \"https://x.test/g/1\"");
  text = replace(text, "\"failed_groups\": 1", "\"failed_groups\": 1.5");
  text = replace(text, "\"runs\": [\n      {\"name\": \"pay\"",
                 "\"runs\": {}, \"x\": [\n      {\"name\": \"pay\"");
  const auto outcome = validate(text);
  CHECK_FALSE(outcome->validator.valid());
  CHECK(outcome->problems ==
        "E /timestamp: 'yesterday' is not an RFC 3339 time (like 2025-01-31T12:34:56.789Z)\n"
        "E /app/name: missing\n"
        "E /summary/total_groups: a count cannot be negative, got -2\n"
        "E /summary/failed_groups: expected a non-negative integer, got 1.5\n"
        "E /run_groups/0/status: expected a string, got a number\n"
        "E /run_groups/1/runs: expected an array, got an object\n"
        "W /summary/passed_groups: says 1 but 0 groups have status passed\n"  // the status was not
                                                                              // a string
        "W /summary/total_flows: says 3 but 2 runs are listed\n"
        "W /summary/failed_flows: says 1 but 0 runs have status failed\n");
}

TEST_CASE("core::PayloadValidator checks the document's shape") {
  CHECK(validate("[1]")->problems == "E : expected an object, got an array\n");
  CHECK(validate("\"text\"")->problems == "E : expected an object, got a string\n");
  CHECK(validate("{}")->problems ==
        "E /event: missing (a webhook payload has /event, a run-status response /batch_id)\n");
  CHECK(validate(R"({"event":"batch.completed"})")->problems ==
        "E /timestamp: missing\nE /app: missing\nE /summary: missing\nE /run_groups: missing\n");
  CHECK(validate(
            replace(valid_webhook, "\"total_groups\": 2", "\"total_groups\": 99999999999999999999"))
            ->problems == "E /summary/total_groups: the count 99999999999999999999 is too large\n");
  CHECK(
      validate(replace(valid_webhook, "\"git\": {\"commit_sha\": \"a1b2c3\", \"branch\": \"main\"}",
                       "\"git\": null"))
          ->problems == "");
}

TEST_CASE("core::PayloadValidator warns when the summary disagrees with the groups") {
  const std::string text = replace(valid_webhook, "\"passed_groups\": 1", "\"passed_groups\": 2");
  const auto lenient = validate(text);
  CHECK(lenient->validator.valid());
  CHECK(lenient->problems == "W /summary/passed_groups: says 2 but 1 group has status passed\n");
  const auto strict = validate(text, true);
  CHECK_FALSE(strict->validator.valid());
  CHECK(strict->problems ==
        "E /extra: unknown field\n"
        "E /summary/passed_groups: says 2 but 1 group has status passed\n");
}

TEST_CASE("core::PayloadValidator --strict flags unknown fields, statuses, events and duplicates") {
  std::string text =
      replace(valid_webhook, "\"status\": \"failed\", \"url\": \"https://x.test/g/2\"",
              "\"status\": \"flaky\", \"url\": \"https://x.test/g/2\"");
  text = replace(text, "\"event\": \"batch.completed\"",
                 "\"event\": \"batch.started\", \"event\": \"batch.started\"");
  const auto lenient = validate(text);
  CHECK(lenient->validator.valid());
  CHECK(lenient->problems ==
        "W /event: duplicate key (the last one counts)\n"
        "W /event: unknown event 'batch.started' (expected batch.completed)\n"
        "W /summary/failed_groups: says 1 but 0 groups have status failed\n");
  const auto strict = validate(text, true);
  CHECK(strict->problems ==
        "E /event: duplicate key (the last one counts)\n"
        "E /run_groups/1/status: unknown status 'flaky'\n"
        "E /extra: unknown field\n"
        "E /event: unknown event 'batch.started' (expected batch.completed)\n"
        "E /summary/failed_groups: says 1 but 0 groups have status failed\n");
}

TEST_CASE("core::PayloadValidator caps the problems it keeps") {
  std::string text =
      "{\"event\":\"batch.completed\",\"timestamp\":\"2025-01-31T12:34:56Z\",\"app\":{\"id\":\"a\","
      "\"name\":\"n\",\"platform\":\"web\"},"
      "\"summary\":{\"total_groups\":0,\"passed_groups\":0,\"failed_groups\":0},\"run_groups\":[";
  for (int i = 0; i < 150; ++i)
    text += std::string(i ? "," : "") + "{\"name\":1,\"status\":\"passed\",\"runs\":[]}";
  text += "]}";
  const auto outcome = validate(text);
  CHECK(outcome->validator.problems().size() == 100);
  // 50 more names, and the total_groups and passed_groups warnings
  CHECK(outcome->validator.problems_not_kept() == 52);
}

TEST_CASE("core::format_env_assignments") {
  const auto outcome = validate(replace(valid_webhook, "\"name\": \"My App\"",
                                        R"("name": "It's $(rm -rf /) `x` \"q\"\nnext")"));
  const std::string env = core::format_env_assignments(outcome->validator.header(), true);
  CHECK(env.find("AUTOSANA_PAYLOAD_KIND='webhook'\nAUTOSANA_EVENT='batch.completed'\n") == 0);
  CHECK(env.find("AUTOSANA_APP_NAME='It'\\''s $(rm -rf /) `x` \"q\"\nnext'\n") !=
        std::string::npos);
  CHECK(env.find("AUTOSANA_GIT_BRANCH='main'\n") != std::string::npos);
  CHECK(env.find("AUTOSANA_TOTAL_FLOWS='3'\n") != std::string::npos);
  CHECK(env.find("AUTOSANA_ERROR_FLOWS") == std::string::npos);
  CHECK(env.find("AUTOSANA_BATCH_ID") == std::string::npos);
}

TEST_CASE("core::is_known_status") {
  CHECK(core::is_known_status("passed"));
  CHECK(core::is_known_status("terminated"));
  CHECK_FALSE(core::is_known_status("flaky"));
  CHECK_FALSE(core::is_known_status("PASSED"));
}
