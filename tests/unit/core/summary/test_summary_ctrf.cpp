// core/summary_ctrf: the Common Test Report Format, a test per run.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "core/summary/summary_render.hpp"
#include "summary_fixtures.hpp"

namespace {
using test::build;
using test::group;
}  // namespace

TEST_CASE("core::CtrfReport: a test per run, its group as suite, statuses mapped") {
  core::CtrfReport report;
  report.add(build({group("Checkout", "failed", {{"pay", "failed"}, {"cart", "passed"}}),
                    group("Later", "running", {{"wait", "queued"}, {"odd", "exploded"}})},
                   {false, true}));
  const auto document = nlohmann::json::parse(report.finish("autosana-webhook 1.0"));
  CHECK(document["reportFormat"] == "CTRF");
  CHECK(document["specVersion"] == "0.0.0");
  CHECK(document["generatedBy"] == "autosana-webhook 1.0");
  const auto& tests = document["results"]["tests"];
  REQUIRE(tests.size() == 4);
  CHECK(tests[0]["suite"] == nlohmann::json::array({"Checkout"}));
  CHECK(tests[0]["status"] == "failed");
  CHECK(tests[0]["message"] == "Checkout \xE2\x80\xBA pay: failed https://autosana.ai/r/pay");
  CHECK(tests[1]["status"] == "passed");
  CHECK_FALSE(tests[1].contains("message"));
  CHECK(tests[2]["status"] == "pending");
  CHECK(tests[3]["status"] == "failed");  // an unknown status fails, as it fails the gate
  CHECK(tests[3]["rawStatus"] == "exploded");
  const auto& summary = document["results"]["summary"];
  CHECK(summary["tests"] == 4);
  CHECK(summary["failed"] == 2);
  CHECK(summary["pending"] == 1);
  CHECK(summary["suites"] == 2);
  CHECK(summary["start"] == 1738326896789);
  CHECK(document["results"]["environment"]["branchName"] == "main");
}

TEST_CASE("core::CtrfReport: invalid UTF-8 in a name is replaced, never an exception") {
  core::CtrfReport report;
  report.add(build({group("G\xff", "failed", {{"r\xc3", "failed"}})}, {false, true}));
  const std::string text = report.finish("x");
  CHECK(nlohmann::json::parse(text)["results"]["tests"][0]["suite"][0] == "G\xEF\xBF\xBD");
}
