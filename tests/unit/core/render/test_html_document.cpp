// core/html_document: escaping, links and the page around the HTML reports.
#include <doctest/doctest.h>

#include "core/render/html_document.hpp"

TEST_CASE("core::escape_html escapes markup, replaces controls and shows bidi characters") {
  CHECK(core::escape_html("<a href='x'>&\"") == "&lt;a href=&#39;x&#39;&gt;&amp;&quot;");
  CHECK(core::escape_html("a\x1b[2Jb") == "a\xEF\xBF\xBD[2Jb");
  CHECK(core::escape_html("evil\xE2\x80\xAEtxt") == "evil\\u{202E}txt");
  CHECK(core::escape_html("caf\xC3\xA9") == "caf\xC3\xA9");
  CHECK(core::escape_html("bad \xff byte") == "bad \xEF\xBF\xBD byte");
}

TEST_CASE("core::html_link_target takes http(s) only, encoded for a quoted attribute") {
  CHECK(core::html_link_target("https://autosana.ai/runs/flow/1?a=1&b=2") ==
        "https://autosana.ai/runs/flow/1?a=1&amp;b=2");
  CHECK(core::html_link_target("javascript:alert(1)").empty());
  CHECK(core::html_link_target("HTTPS://x").empty());  // as the other renderers: lower case only
  CHECK(core::html_link_target("https://x/a b").empty());
  CHECK(core::html_link_target("https://x/\"onmouseover=alert(1)") ==
        "https://x/%22onmouseover=alert(1)");
  CHECK(core::html_link("<b>", "ftp://x") == "&lt;b&gt;");
  CHECK(core::html_link("run", "https://x/") ==
        "<a href=\"https://x/\" rel=\"noopener noreferrer\">run</a>");
}

TEST_CASE("core::html_document_start sets a policy that allows no script and escapes the title") {
  const std::string start = core::html_document_start("<script>");
  CHECK(start.find("default-src 'none'") != std::string::npos);
  CHECK(start.find("script-src") == std::string::npos);  // none: default-src 'none' covers it
  CHECK(start.find("<title>&lt;script&gt;</title>") != std::string::npos);
  CHECK(core::html_document_end().ends_with("</html>\n"));
}
