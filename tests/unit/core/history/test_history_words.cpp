// core/history_words: the phrases every history renderer shares.
#include <doctest/doctest.h>

#include "core/history/history_render.hpp"
#include "history_fixtures.hpp"

TEST_CASE("core::describe_pass_rate rounds, but never to 100% or 0% unless it is") {
  CHECK(core::describe_pass_rate(7, 8) == "88%");
  CHECK(core::describe_pass_rate(999, 1000) == "99%");
  CHECK(core::describe_pass_rate(1, 1000) == "1%");
  CHECK(core::describe_pass_rate(0, 3) == "0%");
  CHECK(core::describe_pass_rate(3, 3) == "100%");
  CHECK(core::describe_pass_rate(0, 0) == "-");
}

TEST_CASE(
    "core::describe_commit, core::flow_label, core::describe_window and core::describe_apps") {
  core::HistoryBatch batch;
  CHECK(core::describe_commit(batch) == "(no branch)");
  batch.branch = "main";
  batch.commit_sha = "0123456789abcdef";
  CHECK(core::describe_commit(batch) == "main @ 0123456");
  CHECK(core::flow_label({"Login", ""}) == "Login / (unnamed run)");
  const auto history = test::small_history();
  CHECK(core::describe_window(history) == "2025-02-01T09:00:00.000Z to 2025-02-04T09:00:00.000Z");
  CHECK(core::describe_apps(history) == "Shop (com.example.shop)");
  CHECK(core::describe_apps(core::FlowHistory{}).empty());
  const core::BatchStats totals = core::history_totals(history);
  CHECK(totals.passed == 11);
  CHECK(totals.failed == 5);
  const core::FlowStats& pay = test::stats_of(history, "pay");
  CHECK(core::latest_url(history, pay) == "https://autosana.ai/runs/flow/c4aaaaaaaaa-pay");
}

TEST_CASE("core::describe_left_out names what the window leaves out, or nothing") {
  core::FlowHistory history;
  CHECK(core::describe_left_out(history).empty());
  history.batches_read = 9;
  history.batches_filtered = 2;
  CHECK(core::describe_left_out(history) == "2 of 9 read left out");
  history.batches_repeated = 3;
  CHECK(core::describe_left_out(history) ==
        "2 of 9 read left out; 3 repeated deliveries counted once");
  history.batches_filtered = 0;
  history.batches_repeated = 1;
  CHECK(core::describe_left_out(history) == "1 repeated delivery counted once");
}

TEST_CASE("core::describe_time_to_fix") {
  const core::FlowHistory history = test::small_history();
  for (const core::FlowStats& stats : history.flow_stats) {
    const std::string words = core::describe_time_to_fix(history, stats);
    if (stats.state == core::FlowState::fixed)
      CHECK(words == "broken for 1d (1 batch) from main @ c1aaaaa");
    else
      CHECK(words.empty());
  }
}
