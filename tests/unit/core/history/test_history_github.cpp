// core/history_github: history's states as GitHub annotations.
#include <doctest/doctest.h>

#include "core/history/history_render.hpp"
#include "core/summary/quarantine.hpp"
#include "history_fixtures.hpp"
#include "line_count.hpp"

using test::lines_starting;

namespace {
// Twelve flows that passed on the first day and failed on the three after.
core::FlowHistory twelve_newly_failing() {
  core::HistoryBuilder builder({}, 10);
  for (int day = 1; day <= 4; ++day) {
    std::vector<test::RunResult> runs;
    for (int flow = 0; flow < 12; ++flow)
      runs.push_back({"G", "f" + std::to_string(flow), day == 1 ? "passed" : "failed"});
    test::add_batch(builder, "2025-02-0" + std::to_string(day) + "T09:00:00Z", "main",
                    "c" + std::to_string(day), runs);
  }
  return builder.finish();
}
}  // namespace

TEST_CASE("core::render_history_github: an error, a warning and a notice for the three states") {
  const std::string out = core::render_history_github(test::small_history());
  CHECK(
      out.starts_with("::error title=Newly failing%3A Checkout / pay::Checkout / pay: newly "
                      "failing since main @ c3aaaaa (2025-02-03T09:00:00.000Z), 2 batches ago"));
  CHECK(out.find("https://autosana.ai/runs/flow/c4aaaaaaaaa-pay\n") != std::string::npos);
  CHECK(lines_starting(out, "::error ") == 1);
  CHECK(lines_starting(out, "::warning ") == 1);
  CHECK(lines_starting(out, "::notice ") == 1);
}

TEST_CASE("core::render_history_github: a hostile name stays one annotation") {
  const std::string out =
      core::render_history_github(test::small_history("x%0A::error::forged\n::error::two"));
  CHECK(lines_starting(out, "::error ") == 1);
  CHECK(lines_starting(out, "::error::") == 0);
  CHECK(out.find("x%250A%3A%3Aerror%3A%3Aforged%0A%3A%3Aerror%3A%3Atwo") != std::string::npos);
}

TEST_CASE("core::render_history_github: at most ten newly failing, then how many more") {
  const std::string out = core::render_history_github(twelve_newly_failing());
  CHECK(lines_starting(out, "::error ") == 10);
  CHECK(out.find("2 more newly failing flows are not shown") != std::string::npos);
}

TEST_CASE("core::render_history_github: quarantined failures are warnings, ten at most") {
  core::FlowHistory history = twelve_newly_failing();
  core::mark_quarantined_flows(history, core::parse_quarantine("G / f1*\n").value(), 0);
  const std::string out = core::render_history_github(history);
  CHECK(lines_starting(out, "::warning ") == 3);  // f1, f10, f11
  CHECK(lines_starting(out, "::error ") == 9);
  CHECK(out.find("more") == std::string::npos);
  core::mark_quarantined_flows(history, core::parse_quarantine("G / *\n").value(), 0);
  const std::string all = core::render_history_github(history);
  CHECK(lines_starting(all, "::warning ") == 10);
  CHECK(lines_starting(all, "::error ") == 0);
  CHECK(all.find("2 more quarantined flows are not shown") != std::string::npos);
}
