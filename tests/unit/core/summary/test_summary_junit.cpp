// core/summary_junit: JUnit XML for test reporters.
#include <doctest/doctest.h>

#include "core/summary/summary_render.hpp"
#include "summary_fixtures.hpp"

namespace {
using test::build;
using test::group;
}  // namespace

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
