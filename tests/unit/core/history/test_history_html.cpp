// core/history_html: the self-contained history page.
#include <doctest/doctest.h>

#include "core/history/history_render.hpp"
#include "history_fixtures.hpp"

namespace {
std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}
}  // namespace

TEST_CASE("core::render_history_html: a point per batch, a cell per flow and batch, the tables") {
  const std::string html = core::render_history_html(test::small_history());
  CHECK(html.starts_with("<!DOCTYPE html>"));
  CHECK(count(html, "<circle class=\"point") == 4);
  CHECK(count(html, "<td class=\"cell ") == 16);
  CHECK(count(html, "<td class=\"cell failed\"") == 5);
  CHECK(html.find("<h2 id=\"newly-failing\">Newly failing (1)</h2>") != std::string::npos);
  CHECK(html.find("<h2 id=\"flaky\">Flaky (1)</h2>") != std::string::npos);
  CHECK(html.find("<h2 id=\"fixed\">Fixed (1)</h2>") != std::string::npos);
  // Each cell links to its run and names its batch's commit on hover.
  CHECK(html.find("title=\"2025-02-03T09:00:00.000Z \xC2\xB7 main @ c3aaaaa \xC2\xB7 failed\">"
                  "<a href=\"https://autosana.ai/runs/flow/c3aaaaaaaaa-pay\"") !=
        std::string::npos);
  // Nothing outside the file: no script, no external reference.
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("src=") == std::string::npos);
}

TEST_CASE("core::render_history_html escapes hostile names and links only http(s)") {
  core::HistoryBuilder builder({}, 10);
  test::add_batch(builder, "2025-02-01T09:00:00Z", "<script>alert(1)</script>", "c1",
                  {{"G\"><img src=x onerror=alert(1)>", "r", "failed", "javascript:alert(1)"}});
  const std::string html = core::render_history_html(builder.finish());
  CHECK(html.find("<script>") == std::string::npos);
  CHECK(html.find("<img") == std::string::npos);
  CHECK(html.find("javascript:") == std::string::npos);
  CHECK(html.find("G&quot;&gt;&lt;img src=x onerror=alert(1)&gt;") != std::string::npos);
}

TEST_CASE("core::render_history_html shows the latest batches only in its grid") {
  core::HistoryBuilder builder({}, core::html_grid_batches);
  for (std::size_t i = 0; i < core::html_grid_batches + 5; ++i)
    test::add_batch(builder, util::format_rfc3339(static_cast<std::int64_t>(i) * 60000), "main",
                    "c" + std::to_string(i), {{"G", "r", "passed"}});
  const std::string html = core::render_history_html(builder.finish());
  CHECK(count(html, "<td class=\"cell ") == core::html_grid_batches);
  CHECK(count(html, "<circle class=\"point") == core::html_grid_batches + 5);
  CHECK(html.find("the latest 100 of 105 batches") != std::string::npos);
}

TEST_CASE("core::render_history_html counts flows and batches in words that agree") {
  const std::string four = core::render_history_html(test::small_history());
  CHECK(four.find("4 flows \xC3\x97 the latest 4 of 4 batches") != std::string::npos);
  core::HistoryBuilder builder({}, 10);
  test::add_batch(builder, "2025-02-01T09:00:00Z", "main", "c1", {{"G", "flow", "passed"}});
  const std::string one = core::render_history_html(builder.finish());
  CHECK(one.find("1 flow \xC3\x97 the latest 1 of 1 batch,") != std::string::npos);
}

TEST_CASE("core::render_history_html charts the latest 1,000 batches") {
  for (const std::size_t batches : {std::size_t{1000}, std::size_t{1001}, std::size_t{1500}}) {
    CAPTURE(batches);
    const std::string html = core::render_history_html(test::hourly_batches(batches));
    CHECK(count(html, "<circle class=\"point") == 1000);
    // The oldest batch, the only red one, is charted only while it is among the latest 1,000.
    CHECK(count(html, "<circle class=\"point low\"") == (batches == 1000 ? 1 : 0));
  }
}

TEST_CASE("core::render_history_html marks failed cells by a sign, not only by colour") {
  const std::string html = core::render_history_html(test::small_history());
  const std::size_t failed = count(html, "<td class=\"cell failed\"");
  REQUIRE(failed > 0);
  CHECK(count(html, "\xE2\x9C\x95</a></td>") + count(html, "\xE2\x9C\x95</td>") == failed);
  CHECK(count(html, "<td class=\"cell passed\"") > 0);
  CHECK(html.find("\xE2\x9C\x95 failed</span>") != std::string::npos);  // the legend says so
}

TEST_CASE("core::render_history_html marks the columns of other branches than the main one") {
  core::HistoryBuilder builder({}, 100);
  test::add_batch(builder, "2025-02-01T09:00:00Z", "main", "c1", {{"G", "flow", "passed"}});
  test::add_batch(builder, "2025-02-02T09:00:00Z", "feature/x", "c2", {{"G", "flow", "failed"}});
  test::add_batch(builder, "2025-02-03T09:00:00Z", "main", "c3", {{"G", "flow", "passed"}});
  const std::string html = core::render_history_html(builder.finish());
  CHECK(count(html, "<th class=\"batch other-branch\"") == 1);
  CHECK(count(html, "<th class=\"batch\"") == 2);
  CHECK(html.find("batches of another branch than main") != std::string::npos);
  const std::string one_branch = core::render_history_html(test::small_history());
  CHECK(one_branch.find("other-branch\"") == std::string::npos);
}

TEST_CASE("core::render_history_html fits the chart's axis to the data") {
  // hourly_batches: the oldest batch 0%, the rest 100%: the axis goes down to 0%.
  const std::string low = core::render_history_html(test::hourly_batches(5));
  CHECK(low.find(">0%</text>") != std::string::npos);
  CHECK(low.find(">50%</text>") != std::string::npos);
  // Rates between 90% and 100%: drawn over 80-100%, not flattened against 0%.
  core::HistoryBuilder builder({}, 10);
  for (int day = 1; day <= 3; ++day) {
    std::vector<test::RunResult> runs;
    for (int i = 0; i < 10; ++i)
      runs.push_back({"G", "flow " + std::to_string(i), day == 2 && i == 0 ? "failed" : "passed"});
    test::add_batch(builder, "2025-02-0" + std::to_string(day) + "T09:00:00Z", "main",
                    "c" + std::to_string(day), runs);
  }
  const std::string high = core::render_history_html(builder.finish());
  CHECK(high.find(">80%</text>") != std::string::npos);
  CHECK(high.find(">90%</text>") != std::string::npos);
  CHECK(high.find(">0%</text>") == std::string::npos);
}
