// core/batch_summary and the renderers (core/summary_*.cpp).
#include <doctest/doctest.h>

#include "core/batch_summary.hpp"
#include "core/summary_render.hpp"

namespace {
core::TextStyle with_unicode() {
  core::TextStyle style;
  style.unicode = true;
  return style;
}
const core::TextStyle unicode = with_unicode();

// Each tone shown by its name, so a test sees which tone a renderer chose.
core::TextStyle marked_tones() {
  core::TextStyle style = with_unicode();
  const char* names[] = {"strong", "good", "bad", "warning", "muted", "pending", "halted"};
  for (std::size_t i = 0; i < core::tone_count; ++i)
    style.tone_start[i] = std::string("<") + names[i] + ">";
  style.tone_end = "</>";
  return style;
}

core::RunGroup group(std::string name, std::string status,
                     std::vector<std::pair<std::string, std::string>> runs) {
  core::RunGroup g{std::move(name),
                   std::move(status),
                   "https://autosana.ai/g/" + std::to_string(runs.size()),
                   {}};
  for (auto& [run_name, run_status] : runs)
    g.runs.push_back(
        core::Run{run_name, run_status, "https://autosana.ai/r/" + run_name, std::nullopt});
  return g;
}

core::PayloadHeader header() {
  core::PayloadHeader h;
  h.event = "batch.completed";
  h.timestamp = "2025-01-31T12:34:56.789Z";
  h.app = core::App{"com.example.myapp", "My App", "ios", ""};
  h.git = core::Git{"a1b2c3d4e5f6", "main"};
  return h;
}

core::BatchSummary build(std::vector<core::RunGroup> groups, core::SummaryOptions options = {}) {
  core::SummaryBuilder builder(options);
  for (auto& g : groups) builder.add_group(std::move(g));
  return builder.finish(header(), {});
}
}  // namespace

TEST_CASE("core::SummaryBuilder counts groups and keeps the runs that need attention") {
  const auto summary =
      build({group("A", "passed", {{"a1", "passed"}, {"a2", "skipped"}}),
             group("B", "failed", {{"b1", "failed"}, {"b2", "passed"}, {"b3", "error"}}),
             group("C", "passed", {{"c1", "terminated"}})});
  CHECK(summary.group_count == 3);
  CHECK(summary.groups_passed == 1);  // C's status says passed, but a run was terminated
  CHECK(summary.groups_failed == 2);
  CHECK(summary.run_count == 6);
  CHECK(summary.failing_runs() == 3);
  CHECK_FALSE(summary.passed());
  CHECK(summary.groups[0].shown_runs.empty());
  REQUIRE(summary.groups[1].shown_runs.size() == 2);
  CHECK(summary.groups[1].shown_runs[1].name == "b3");
}

TEST_CASE("core::SummaryBuilder options") {
  const auto failed_only =
      build({group("A", "passed", {{"a1", "passed"}}), group("B", "failed", {{"b1", "failed"}})},
            {true, false});
  REQUIRE(failed_only.groups.size() == 1);
  CHECK(failed_only.groups[0].name == "B");
  CHECK(failed_only.group_count == 2);  // totals still count everything
  const auto verbose = build({group("A", "passed", {{"a1", "passed"}})}, {false, true});
  CHECK(verbose.groups[0].shown_runs.size() == 1);
  CHECK(build({group("A", "passed", {{"a1", "skipped"}})}).passed());
  CHECK_FALSE(build({group("A", "flaky", {{"a1", "passed"}})}).passed());  // unknown status fails
  CHECK(build({}).passed());
}

TEST_CASE("core::RunIndex::compare_with a baseline") {
  core::RunIndex before, now;
  before.add(group("G", "failed",
                   {{"stays broken", "failed"},
                    {"gets fixed", "failed"},
                    {"breaks", "passed"},
                    {"goes away", "passed"}}));
  now.add(group("G", "failed",
                {{"breaks", "failed"},
                 {"stays broken", "error"},
                 {"gets fixed", "passed"},
                 {"is new", "passed"}}));
  const auto comparison = now.compare_with(before);
  REQUIRE(comparison.newly_failing.size() == 1);
  CHECK(comparison.newly_failing[0].name == "breaks");
  REQUIRE(comparison.still_failing.size() == 1);
  CHECK(comparison.still_failing[0].status == "error");
  REQUIRE(comparison.fixed.size() == 1);
  CHECK(comparison.fixed[0].name == "gets fixed");
  REQUIRE(comparison.added.size() == 1);
  CHECK(comparison.added[0].name == "is new");
  REQUIRE(comparison.removed.size() == 1);
  CHECK(comparison.removed[0].name == "goes away");
}

TEST_CASE("core::render_text, plain and coloured, Unicode and ASCII") {
  const auto summary = build(
      {group("Login", "passed", {{"in", "passed"}}), group("Pay", "failed", {{"card", "failed"}})});
  CHECK(core::render_text(summary, core::TextStyle{}) ==
        "My App (ios, com.example.myapp) - main @ a1b2c3d - 2025-01-31T12:34:56.789Z\n"
        "[ok] Login  (1 run: 1 passed)\n"
        "[FAIL] Pay  (1 run: 1 failed)\n"
        "    [FAIL] card (failed)  https://autosana.ai/r/card\n"
        "1 of 2 groups passed, 1 failed; 2 runs: 1 passed, 1 failed\n");
  CHECK(core::render_text(summary, unicode) ==
        "My App (ios, com.example.myapp) \xE2\x80\x94 main @ a1b2c3d \xE2\x80\x94 "
        "2025-01-31T12:34:56.789Z\n"
        "\xE2\x9C\x93 Login  (1 run: 1 passed)\n"
        "\xE2\x9C\x97 Pay  (1 run: 1 failed)\n"
        "    \xE2\x9C\x97 card (failed)  https://autosana.ai/r/card\n"
        "1 of 2 groups passed, 1 failed; 2 runs: 1 passed, 1 failed\n");
  const std::string toned = core::render_text(summary, marked_tones());
  CHECK(toned.find("<good>\xE2\x9C\x93</> Login") != std::string::npos);
  CHECK(toned.find("<strong>My App</> (ios") == 0);
  CHECK(toned.find("<bad>1 of 2 groups passed, 1 failed; 2 runs: 1 passed, 1 failed</>\n") !=
        std::string::npos);
}

TEST_CASE("core::render_text escapes hostile names") {
  const auto summary =
      build({group("\x1b]0;pwned\x07 group", "failed", {{"run\x1b[2J\r\n", "failed"}})});
  const std::string text = core::render_text(summary, unicode);
  CHECK(text.find('\x1b') == std::string::npos);
  CHECK(text.find('\r') == std::string::npos);
  CHECK(text.find("\\x1b]0;pwned\\x07 group") != std::string::npos);
  CHECK(text.find("run\\x1b[2J\\x0d\\x0a (failed)") != std::string::npos);
}

TEST_CASE("core::render_markdown escapes tables, HTML and links") {
  auto g = group("a | b <script>alert(1)</script>", "failed",
                 {{"[click](javascript:alert(1))", "failed"}});
  g.url = "javascript:alert(1)";
  const std::string md = core::render_markdown(build({std::move(g)}));
  CHECK(md.find("<script>") == std::string::npos);
  CHECK(md.find("a \\| b &lt;script&gt;alert\\(1\\)&lt;/script&gt;") != std::string::npos);
  CHECK(md.find("](javascript:") == std::string::npos);  // only http(s) URLs become links
  CHECK(md.find("[\\[click\\]\\(javascript:alert\\(1\\)\\)](https://autosana.ai/r/"
                "[click](javascript:alert(1)))") == std::string::npos);
  CHECK(md.find("(https://autosana.ai/r/%5Bclick%5D%28javascript:alert%281%29%29)") !=
        std::string::npos);
}

TEST_CASE("core::render_markdown folds long lists") {
  std::vector<std::pair<std::string, std::string>> runs;
  for (int i = 0; i < 12; ++i) runs.emplace_back("r" + std::to_string(i), "failed");
  const std::string md = core::render_markdown(build({group("G", "failed", runs)}));
  CHECK(md.find("<details><summary>Runs that need attention (12)</summary>") != std::string::npos);
  CHECK(md.find("</details>") != std::string::npos);
}

TEST_CASE("core::render_json is one stable object") {
  const std::string json = core::render_json(build({group("G", "failed", {{"r", "failed"}})}));
  CHECK(json.back() == '\n');
  CHECK(json.find('\n') == json.size() - 1);
  CHECK(
      json.rfind(
          "{\"format\":\"autosana-webhook.summary/1\",\"kind\":\"webhook\",\"verdict\":\"failed\",",
          0) == 0);
  CHECK(json.find("\"failing_runs\":[{\"group\":\"G\",\"name\":\"r\",\"status\":\"failed\",\"url\":"
                  "\"https://autosana.ai/r/r\"}]") != std::string::npos);
}

TEST_CASE("core::render_junit maps statuses and escapes everything") {
  const auto summary = build({group("G & <H>", "failed",
                                    {{"ok", "passed"},
                                     {"bad \"x\"", "failed"},
                                     {"err", "error"},
                                     {"stop", "terminated"},
                                     {"skip", "skipped"},
                                     {"wait", "running"},
                                     {std::string("ctl\x01\x1b"), "weird"}})},
                             {false, true});
  const std::string xml = core::render_junit({{"p.json", &summary}});
  CHECK(xml.find("<testsuite name=\"G &amp; &lt;H&gt;\" tests=\"7\" failures=\"1\" errors=\"3\" "
                 "skipped=\"2\"") != std::string::npos);
  CHECK(xml.find("<testcase name=\"bad &quot;x&quot;\"") != std::string::npos);
  CHECK(xml.find("<failure type=\"failed\"") != std::string::npos);
  CHECK(xml.find("<error type=\"terminated\"") != std::string::npos);
  CHECK(xml.find("<error type=\"weird\"") != std::string::npos);
  CHECK(xml.find("<skipped/>") != std::string::npos);
  CHECK(xml.find("ctl\xEF\xBF\xBD\xEF\xBF\xBD") != std::string::npos);
  CHECK(xml.find('\x01') == std::string::npos);
  CHECK(xml.find("timestamp=\"2025-01-31T12:34:56\"") != std::string::npos);
}
