// core/summary_github: an annotation per failed flow, GitHub's limit kept.
#include <doctest/doctest.h>

#include <algorithm>

#include "core/summary/summary_render.hpp"
#include "line_count.hpp"
#include "summary_fixtures.hpp"

namespace {
using test::build;
using test::group;
using test::lines_starting;
}  // namespace

TEST_CASE("core::render_github: an error per failed run, its link, and the totals") {
  const std::string out = core::render_github(
      build({group("Login", "passed", {{"sign in", "passed"}}),
             group("Checkout", "failed", {{"pay", "failed"}, {"refund", "passed"}})}));
  CHECK(out ==
        "::error title=Failed%3A Checkout \xE2\x80\xBA pay::Checkout \xE2\x80\xBA pay: failed "
        "https://autosana.ai/r/pay\n"
        "::notice title=My App::1 of 2 groups passed, 1 failed (2025-01-31T12:34:56.789Z, main @ "
        "a1b2c3d)\n");
}

TEST_CASE("core::render_github: at most ten errors, then how many more") {
  std::vector<std::pair<std::string, std::string>> runs;
  for (int i = 0; i < 13; ++i) runs.emplace_back("r" + std::to_string(i), "failed");
  const std::string out = core::render_github(build({group("G", "failed", runs)}));
  CHECK(lines_starting(out, "::error ") == 10);
  CHECK(out.find("3 more failed flows are not shown") != std::string::npos);
  CHECK(out.find("r9:") != std::string::npos);
  CHECK(out.find("r10:") == std::string::npos);
}

TEST_CASE("core::render_github: newly failing first, and a hostile name forges nothing") {
  auto summary = build(
      {group("G", "failed", {{"old", "failed"}, {"x%0A::error::forged\n::error::two", "failed"}})});
  summary.baseline = core::BaselineComparison{};
  summary.baseline->newly_failing.push_back(
      core::RunLine{"G", "x%0A::error::forged\n::error::two", "failed", "", {}, {}});
  const std::string out = core::render_github(summary);
  CHECK(out.rfind("::error title=Newly failing%3A G \xE2\x80\xBA x%250A", 0) == 0);
  CHECK(lines_starting(out, "::") == 3);  // two errors and the totals
  CHECK(lines_starting(out, "::error::") == 0);
  CHECK(out.find("Failed%3A G \xE2\x80\xBA old") != std::string::npos);
}
