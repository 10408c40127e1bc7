// core/history_json: the documented, versioned shape for scripts.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "core/history/history_render.hpp"
#include "history_fixtures.hpp"

TEST_CASE("core::render_history_json: states, since, rates and the trend") {
  const auto json = nlohmann::json::parse(core::render_history_json(test::small_history()));
  CHECK(json["format"] == "autosana-webhook.history/2");
  CHECK(json["batches"]["in_window"] == 4);
  CHECK(json["window"]["from"] == "2025-02-01T09:00:00.000Z");
  CHECK(json["totals"]["pass_rate"] == 0.6875);
  REQUIRE(json["newly_failing"].size() == 1);
  const auto& pay = json["newly_failing"][0];
  CHECK(pay["group"] == "Checkout");
  CHECK(pay["name"] == "pay");
  CHECK(pay["since"]["commit_sha"] == "c3aaaaaaaaa");
  CHECK(pay["batches_since"] == 2);
  CHECK(pay["latest_outcome"] == "failed");
  CHECK(json["flaky"][0]["flips"] == 3);
  CHECK(json["flaky"][0]["since"].is_null());
  CHECK(json["fixed"][0]["name"] == "filters");
  CHECK(json["flows"].size() == 4);
  CHECK(json["flows"][3]["state"] == "passing");
  REQUIRE(json["trend"].size() == 4);
  CHECK(json["trend"][3]["pass_rate"] == 0.5);
  CHECK(json["trend"][2]["pass_rate"] == 0.75);
  CHECK(json["trend"][2]["source"] == "c3aaaaaaaaa.json");
}

TEST_CASE("core::render_history_json: no result is null, invalid UTF-8 is replaced") {
  core::HistoryBuilder builder({}, 1);
  test::add_batch(builder, "2025-02-01T09:00:00Z", "main", "c1", {{"G\xff", "flow", "skipped"}});
  const std::string text = core::render_history_json(builder.finish());
  const auto json = nlohmann::json::parse(text);
  CHECK(json["flows"][0]["pass_rate"].is_null());
  CHECK(json["flows"][0]["state"] == "no_result");
  CHECK(json["totals"]["pass_rate"].is_null());
  CHECK(json["flows"][0]["group"] == "G\xEF\xBF\xBD");
}

TEST_CASE("core::render_history_json: each flow's lanes, and the window's") {
  core::HistoryBuilder builder({}, 10);
  test::add_batch(builder, "2025-02-01T09:00:00Z", "main", "c1", {{"G", "flow", "passed"}});
  test::add_batch(builder, "2025-02-02T09:00:00Z", "feature/x", "c2", {{"G", "flow", "failed"}});
  test::add_batch(builder, "2025-02-03T09:00:00Z", "main", "c3", {{"G", "flow", "failed"}});
  test::add_batch(builder, "2025-02-04T09:00:00Z", "feature/x", "c4", {{"G", "flow", "passed"}});
  test::add_batch(builder, "2025-02-05T09:00:00Z", "feature/x", "c4", {{"G", "flow", "failed"}});
  const auto json = nlohmann::json::parse(core::render_history_json(builder.finish()));
  CHECK(json["lanes"] == nlohmann::json::parse(
                             R"([{"app_id":"com.example.shop","branch":"feature/x","batches":3},
                                 {"app_id":"com.example.shop","branch":"main","batches":2}])"));
  const auto& flow = json["flows"][0];
  CHECK(flow["state"] == "newly_failing");
  CHECK(flow["since"]["branch"] == "main");
  REQUIRE(flow["lanes"].size() == 2);
  CHECK(flow["lanes"][0]["branch"] == "feature/x");
  CHECK(flow["lanes"][0]["state"] == "flaky");
  CHECK(flow["lanes"][0]["flips"] == 2);
  CHECK(flow["lanes"][0]["same_commit_flip"]["commit_sha"] == "c4");  // passed, then failed on c4
  CHECK(flow["lanes"][1]["state"] == "newly_failing");
  CHECK(flow["lanes"][1]["since"]["commit_sha"] == "c3");
  CHECK(flow["lanes"][1]["batches_since"] == 1);
  CHECK(flow["lanes"][1]["same_commit_flip"].is_null());
}

TEST_CASE("core::render_history_json: the trend's rates are written as the rest of the document") {
  core::HistoryBuilder builder({}, 10);
  test::add_batch(builder, "2025-02-01T09:00:00Z", "main", "c1", {{"G", "a", "passed"}});
  test::add_batch(builder, "2025-02-02T09:00:00Z", "main", "c2", {{"G", "a", "failed"}});
  test::add_batch(builder, "2025-02-03T09:00:00Z", "main", "c3", {{"G", "a", "skipped"}});
  test::add_batch(builder, "2025-02-04T09:00:00Z", "main", "c4",
                  {{"G", "a", "passed"}, {"G", "b", "passed"}, {"G", "c", "failed"}});
  test::add_batch(builder, "2025-02-05T09:00:00Z", "main\xff", "c5", {{"G", "a", "passed"}});
  const std::string text = core::render_history_json(builder.finish());
  // Whole numbers keep their ".0", no result is null, a third is rounded to four places: the
  // same text nlohmann writes for the totals and the flows.
  const std::string trend = text.substr(text.find("\"trend\":"));
  CHECK(trend.find("\"passed\":1,\"failed\":0,\"pass_rate\":1.0}") != std::string::npos);
  CHECK(trend.find("\"passed\":0,\"failed\":1,\"pass_rate\":0.0}") != std::string::npos);
  CHECK(trend.find("\"passed\":0,\"failed\":0,\"pass_rate\":null}") != std::string::npos);
  CHECK(trend.find("\"passed\":2,\"failed\":1,\"pass_rate\":0.6667}") != std::string::npos);
  const auto json = nlohmann::json::parse(text);
  CHECK(json["trend"][4]["branch"] == "main\xEF\xBF\xBD");
  CHECK(json["trend"][3]["pass_rate"] == 0.6667);
}
