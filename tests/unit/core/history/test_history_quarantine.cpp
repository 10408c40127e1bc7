// core/history_quarantine: the lines a quarantine file needs for the flaky flows.
#include <doctest/doctest.h>

#include "core/history/history_render.hpp"
#include "core/summary/quarantine.hpp"
#include "history_fixtures.hpp"

TEST_CASE("core::render_history_quarantine: a line per flaky flow that reads back") {
  const std::string out = core::render_history_quarantine(test::small_history(), "2026-03-01");
  CHECK(out.find("\nLogin / sso | until 2026-03-01 | flaky: ") != std::string::npos);
  const auto list = core::parse_quarantine(out);
  REQUIRE(list);
  REQUIRE(list->entries.size() == 1);
  CHECK(core::matches_flow_pattern(list->entries[0].pattern, "Login / sso"));
}

TEST_CASE("core::render_history_quarantine: a name that would break the line is a pattern") {
  core::HistoryBuilder builder({}, 10);
  const std::string name = "a | b\nc";
  const char* statuses[] = {"passed", "failed", "passed", "failed"};
  for (int day = 0; day < 4; ++day)
    test::add_batch(builder, "2025-02-0" + std::to_string(day + 1) + "T09:00:00Z", "main",
                    "c" + std::to_string(day), {{"#G", name, statuses[day]}});
  const std::string out = core::render_history_quarantine(builder.finish(), "2026-03-01");
  const auto list = core::parse_quarantine(out);
  REQUIRE(list);
  REQUIRE(list->entries.size() == 1);
  CHECK(list->entries[0].pattern == "*G / a*b*c");
  CHECK(core::matches_flow_pattern(list->entries[0].pattern, "#G / " + name));
}

TEST_CASE("core::mark_quarantined_flows: failing and flaky flows the list covers, no other") {
  core::FlowHistory history = test::small_history();
  const auto list = core::parse_quarantine(
                        "Checkout / pay | until 2026-03-01 | PAY-7\n"
                        "Login / * | until 2020-01-01 | expired\n"
                        "* / * | everything else\n")
                        .value();
  core::mark_quarantined_flows(history, list, *util::parse_rfc3339("2026-02-01T00:00:00Z"));
  for (const core::FlowStats& stats : history.flow_stats) {
    const std::string label = core::flow_label(history.flows[stats.flow]);
    CAPTURE(label);
    const auto& mark = history.quarantined_of(stats.flow);
    if (label == "Checkout / pay")
      CHECK(mark == "until 2026-03-01: PAY-7");
    else if (stats.state == core::FlowState::flaky || stats.state == core::FlowState::failing)
      CHECK(mark == "everything else");  // the expired line gives way to the next that matches
    else
      CHECK_FALSE(mark);  // passing, fixed: nothing to excuse
  }
  // GitHub: the quarantined newly failing flow is a warning, and warnings share GitHub's ten.
  const std::string out = core::render_history_github(history);
  CHECK(out.find("::error ") == std::string::npos);
  CHECK(out.starts_with("::warning title=Newly failing (quarantined)%3A Checkout / pay::"));
  CHECK(out.find("(quarantined until 2026-03-01: PAY-7)") != std::string::npos);
}
