// core/summary_markdown: GitHub step summaries and PR comments.
#include <doctest/doctest.h>

#include "core/summary/summary_render.hpp"
#include "summary_fixtures.hpp"

namespace {
using test::build;
using test::group;
}  // namespace

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

TEST_CASE("core::render_markdown replaces bidirectional and invisible characters") {
  const std::string md =
      core::render_markdown(build({group("Checkout \xE2\x80\xAE"
                                         "deliaf",
                                         "failed", {{"pay\xE2\x80\x8B", "failed"}})}));
  CHECK(md.find("\xE2\x80\xAE") == std::string::npos);
  CHECK(md.find("\xE2\x80\x8B") == std::string::npos);
  CHECK(md.find("Checkout \xEF\xBF\xBD"
                "deliaf") != std::string::npos);
}
