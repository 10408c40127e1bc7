// core/quarantine: the file of flows that do not fail the gate.
#include <doctest/doctest.h>

#include "core/summary/quarantine.hpp"
#include "core/summary/summary_render.hpp"
#include "summary_fixtures.hpp"
#include "util/rfc3339.hpp"

namespace {
std::int64_t at(const char* time) {
  return *util::parse_rfc3339(time);
}
}  // namespace

TEST_CASE("core::parse_quarantine: entries, dates, reasons, comments") {
  const auto list = core::parse_quarantine(
      "# a comment\n\n"
      "Checkout / pay | until 2026-01-31 | sandbox | flaky\n"
      "  Search / *  \n"
      "Login | until 2026-02-01\n");
  REQUIRE(list);
  REQUIRE(list->entries.size() == 3);
  CHECK(list->entries[0].pattern == "Checkout / pay");
  CHECK(list->entries[0].until == "2026-01-31");
  CHECK(list->entries[0].until_end_milliseconds == at("2026-01-31T23:59:59.999Z"));
  CHECK(list->entries[0].reason == "sandbox | flaky");
  CHECK(list->entries[0].line == 3);
  CHECK(list->entries[1].pattern == "Search / *");
  CHECK_FALSE(list->entries[1].until);
  CHECK(list->entries[2].reason.empty());
  CHECK(core::parse_quarantine("a\n | reason\n").error() == "line 2: no flow");
  CHECK(core::parse_quarantine("a | until 31/01/2026\n").error() ==
        "line 1: 'until' takes a date as YYYY-MM-DD, not '31/01/2026'");
  CHECK(core::parse_quarantine("a | until 2026-02-30\n").error().starts_with("line 1: "));
}

TEST_CASE("core::review_failures: active entries fail nothing, expired ones count again") {
  const auto list = core::parse_quarantine(
                        "Checkout / pay | until 2026-01-31 | sandbox\n"
                        "Checkout / * | until 2025-01-01 | old\n"
                        "Login / *\n")
                        .value();
  const auto review =
      core::review_failures({"Checkout / pay", "Checkout / refund", "Login / sso", "Search / find"},
                            list, at("2026-01-31T12:00:00Z"));
  CHECK(review.failing == 2);  // refund (expired entry) and find (none)
  CHECK(review.quarantined ==
        std::vector<std::string>{"Checkout / pay (until 2026-01-31: sandbox)", "Login / sso"});
  CHECK(review.expired ==
        std::vector<std::string>{"line 2 (Checkout / *) expired on 2025-01-01: Checkout / refund "
                                 "counts again"});
  // The day after its date, the first entry has expired too.
  CHECK(core::review_failures({"Checkout / pay"}, list, at("2026-02-01T00:00:00Z")).failing == 1);
}

TEST_CASE("core::failed_flow_names: failed runs, and a failed group with none") {
  auto summary =
      test::build({test::group("Checkout", "failed", {{"pay", "failed"}, {"cart", "passed"}}),
                   test::group("Login", "failed", {{"in", "passed"}}),
                   test::group("Search", "passed", {{"find", "passed"}})});
  CHECK(core::failed_flow_names(summary) == std::vector<std::string>{"Checkout / pay", "Login"});
}

TEST_CASE("core::format_quarantine_line reads back") {
  const std::string line = core::format_quarantine_line("A / b", "2026-03-01", "flaky");
  CHECK(line == "A / b | until 2026-03-01 | flaky\n");
  const auto list = core::parse_quarantine(line).value();
  CHECK(list.entries[0].pattern == "A / b");
  CHECK(list.entries[0].reason == "flaky");
}

TEST_CASE("core::mark_quarantined: every report says which failures fail no gate") {
  auto summary =
      test::build({test::group("Checkout", "failed", {{"pay", "failed"}, {"cart", "failed"}}),
                   test::group("Login", "failed", {{"in", "passed"}}),
                   test::group("Search", "failed", {{"find", "failed"}})});
  const auto list = core::parse_quarantine(
                        "Checkout / pay | until 2026-01-31 | sandbox\n"
                        "Login | SSO outage\n"
                        "Search / * | until 2020-01-01 | expired\n")
                        .value();
  core::mark_quarantined(summary, list, at("2026-01-31T12:00:00Z"));
  CHECK(summary.groups[0].shown_runs[0].quarantined == "until 2026-01-31: sandbox");
  CHECK_FALSE(summary.groups[0].shown_runs[1].quarantined);
  CHECK(summary.groups[1].quarantined == "SSO outage");
  CHECK_FALSE(summary.groups[2].shown_runs[0].quarantined);  // expired: it counts again
  CHECK(core::describe_quarantined(std::string("until 2026-01-31: sandbox")) ==
        " (quarantined until 2026-01-31: sandbox)");
  CHECK(core::describe_quarantined(std::string("SSO outage")) == " (quarantined: SSO outage)");
  CHECK(core::describe_quarantined(std::string()) == " (quarantined)");
  CHECK(core::describe_quarantined(std::nullopt).empty());

  CHECK(core::render_text(summary, test::with_unicode())
            .find("pay (failed) (quarantined until 2026-01-31: sandbox)") != std::string::npos);
  CHECK(core::render_markdown(summary).find("(failed) (quarantined until 2026-01-31: sandbox)") !=
        std::string::npos);
  CHECK(core::render_markdown(summary).find("> 2 of 4 failed flows are quarantined") !=
        std::string::npos);
  CHECK(core::render_text(summary, test::with_unicode())
            .find("\n2 of 4 failed flows are quarantined: reported, failing no gate\n") !=
        std::string::npos);
  CHECK(core::render_json(summary).find(R"("quarantined":"until 2026-01-31: sandbox")") !=
        std::string::npos);
  // A quarantined failure is a warning, not an error: the errors are the failures that count.
  const std::string github = core::render_github(summary);
  CHECK(github.find("::warning title=Quarantined%3A Checkout \xE2\x80\xBA pay::") !=
        std::string::npos);
  CHECK(github.find("::warning title=Quarantined%3A Login::") != std::string::npos);
  CHECK(github.find("::error title=Failed%3A Checkout \xE2\x80\xBA cart::") != std::string::npos);
  CHECK(github.find("::error title=Failed%3A Checkout \xE2\x80\xBA pay") == std::string::npos);
  CHECK(core::render_html_section(summary).find(
            "<span class=\"quarantined\"> (quarantined: SSO outage)</span>") != std::string::npos);
  CHECK(core::render_junit({{"p.json", &summary}})
            .find("run failed (quarantined until 2026-01-31: sandbox): ") != std::string::npos);
}
