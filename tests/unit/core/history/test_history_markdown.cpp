// core/history_markdown: a history for a GitHub step summary.
#include <doctest/doctest.h>

#include "core/history/history_render.hpp"
#include "history_fixtures.hpp"

TEST_CASE("core::render_history_markdown leads with the verdict and tables of each state") {
  const std::string md = core::render_history_markdown(test::small_history());
  CHECK(md.starts_with("### \xE2\x9D\x8C Flow history: 1 newly failing\n"));
  CHECK(
      md.find("| **Checkout** \xE2\x80\xBA [pay](https://autosana.ai/runs/flow/c4aaaaaaaaa-pay) | "
              "2025-02-03T09:00:00.000Z | c3aaaaa | main | 2 |") != std::string::npos);
  CHECK(md.find("**Flaky**") != std::string::npos);
  CHECK(md.find("| 3 | 2 of 4 | 50% |") != std::string::npos);
  CHECK(md.find("<details><summary>Pass rate per batch (the latest 4 of 4)</summary>") !=
        std::string::npos);
}

TEST_CASE("core::render_history_markdown escapes names that would break a table or inject HTML") {
  const std::string md =
      core::render_history_markdown(test::small_history("a | <img src=x onerror=alert(1)>"));
  CHECK(md.find("<img") == std::string::npos);
  CHECK(md.find("a \\| &lt;img src=x onerror=alert\\(1\\)&gt;") != std::string::npos);
}

TEST_CASE("core::render_history_markdown with nothing newly failing") {
  core::HistoryBuilder builder({}, 1);
  test::add_batch(builder, "2025-02-01T09:00:00Z", "main", "c1", {{"G", "flow", "passed"}});
  CHECK(core::render_history_markdown(builder.finish())
            .starts_with("### \xE2\x9C\x85 Flow history: nothing newly failing\n"));
}

TEST_CASE("core::render_history_markdown shows the latest 30 batches of the trend") {
  for (const std::size_t batches : {std::size_t{30}, std::size_t{31}, std::size_t{200}}) {
    CAPTURE(batches);
    const std::string md = core::render_history_markdown(test::hourly_batches(batches));
    const std::string trend = md.substr(md.find("<details><summary>Pass rate per batch"));
    CHECK(trend.starts_with("<details><summary>Pass rate per batch (the latest 30 of " +
                            std::to_string(batches) + ")</summary>"));
    std::size_t rows = 0;
    for (std::size_t at = trend.find("\n| 2025-"); at != std::string::npos;
         at = trend.find("\n| 2025-", at + 1))
      ++rows;
    CHECK(rows == 30);
    // The latest batch is in it; the oldest (the only red one) only while there are 30.
    CHECK(trend.find("| c" + std::to_string(batches - 1) + " |") != std::string::npos);
    CHECK((trend.find("| c0 |") != std::string::npos) == (batches == 30));
  }
}
