// core/history_window: why a window came out empty.
#include <doctest/doctest.h>

#include "core/history/history_window.hpp"
#include "history_fixtures.hpp"

namespace {
// main x3 and feature/login x2 of the shop, main x1 of another app; the latest 2025-02-06.
core::FlowHistory week(const core::HistoryFilter& filter) {
  core::HistoryBuilder builder(filter, 10);
  int day = 0;
  for (const char* branch : {"main", "main", "feature/login", "main", "feature/login"}) {
    ++day;
    test::add_batch(builder, "2025-02-0" + std::to_string(day) + "T09:00:00Z", branch,
                    "c" + std::to_string(day), {{"G", "flow", "passed"}});
  }
  test::add_batch(builder, "2025-02-06T09:00:00Z", "main", "d1", {{"G", "flow", "passed"}},
                  "com.example.other");
  return builder.finish();
}

std::string explained(const core::HistoryFilter& filter) {
  return core::explain_empty_window(week(filter), filter).value_or("(not empty)");
}
}  // namespace

TEST_CASE("core::explain_empty_window names the filter and what the input holds") {
  core::HistoryFilter filter;
  CHECK(explained(filter) == "(not empty)");

  filter.branch = "mian";
  CHECK(explained(filter) ==
        "no batch on branch 'mian'; branches in the input: main (4), feature/login (2); did you "
        "mean main?");
  filter.branch = "release";
  CHECK(explained(filter) ==
        "no batch on branch 'release'; branches in the input: main (4), feature/login (2)");

  filter = {};
  filter.app_id = "com.example.shp";
  CHECK(explained(filter) ==
        "no batch of app 'com.example.shp'; apps in the input: com.example.shop (5), "
        "com.example.other (1); did you mean com.example.shop?");

  filter = {};  // both exist, not together: the app's own branches are listed
  filter.app_id = "com.example.other";
  filter.branch = "feature/login";
  CHECK(explained(filter) ==
        "no batch on branch 'feature/login' of app 'com.example.other'; branches in the input of "
        "app 'com.example.other': main (1)");

  filter = {};
  filter.since_milliseconds = *util::parse_rfc3339("2030-01-01T00:00:00Z");
  CHECK(explained(filter) ==
        "no batch since 2030-01-01T00:00:00.000Z; the latest is from 2025-02-06T09:00:00.000Z");
  filter.branch = "feature/login";  // the latest of that branch
  CHECK(explained(filter) ==
        "no batch on branch 'feature/login' since 2030-01-01T00:00:00.000Z; the latest is from "
        "2025-02-05T09:00:00.000Z");
}

TEST_CASE("core::explain_empty_window with nothing read") {
  core::HistoryBuilder builder({}, 10);
  const core::FlowHistory history = builder.finish();
  CHECK(core::explain_empty_window(history, {}) == "no batch in the input");
}
