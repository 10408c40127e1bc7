// core/history_markdown: a history for a GitHub step summary.
#include <doctest/doctest.h>

#include "core/history_render.hpp"
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
