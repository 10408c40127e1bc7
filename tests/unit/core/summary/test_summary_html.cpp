// core/summary_html: one page for one or more batches.
#include <doctest/doctest.h>

#include "core/summary/summary_render.hpp"
#include "summary_fixtures.hpp"

namespace {
using test::build;
using test::group;
}  // namespace

TEST_CASE("core::render_html_section lists groups with their runs that need attention, linked") {
  const std::string html = core::render_html_section(
      build({group("Login", "passed", {{"sign in", "passed"}}),
             group("Checkout", "failed", {{"pay", "failed"}, {"coupon", "passed"}})}));
  CHECK(html.find("<span class=\"verdict failed\">failed</span>") != std::string::npos);
  CHECK(html.find("<b>1 of 2</b><span>groups passed</span>") != std::string::npos);
  CHECK(html.find("<tr class=\"run\"><td><a href=\"https://autosana.ai/r/pay\"") !=
        std::string::npos);
  CHECK(html.find(">coupon<") == std::string::npos);  // passing runs only with --verbose
  CHECK(html.find("<span class=\"status failed\">failed</span>") != std::string::npos);
}

TEST_CASE("core::render_html_section escapes hostile names and makes no javascript: link") {
  auto g =
      group("<script>alert(1)</script>", "failed", {{"<img src=x onerror=alert(1)>", "failed"}});
  g.url = "javascript:alert(1)";
  const std::string page = core::html_summary_start() +
                           core::render_html_section(build({std::move(g)})) +
                           core::html_summary_end();
  CHECK(page.find("<script>") == std::string::npos);
  CHECK(page.find("<img") == std::string::npos);
  CHECK(page.find("href=\"javascript:") == std::string::npos);
  CHECK(page.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
}
