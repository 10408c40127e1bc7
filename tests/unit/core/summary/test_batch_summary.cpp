// core/batch_summary: what a batch comes to, and the comparison with a baseline.
#include <doctest/doctest.h>

#include "core/summary/batch_summary.hpp"
#include "summary_fixtures.hpp"

namespace {
using test::build;
using test::group;
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

TEST_CASE(
    "core::verdict_of: passing, in progress, failed; a batch not complete waits on the rest") {
  using core::Verdict;
  struct Case {
    const char* status;
    Verdict complete, incomplete;
  };
  for (const Case& c :
       std::vector<Case>{{"passed", Verdict::passed, Verdict::passed},
                         {"skipped", Verdict::passed, Verdict::passed},
                         {"running", Verdict::in_progress, Verdict::in_progress},
                         {"Queued", Verdict::in_progress, Verdict::in_progress},
                         {"PENDING", Verdict::in_progress, Verdict::in_progress},
                         {"in_progress", Verdict::in_progress, Verdict::in_progress},
                         {"failed", Verdict::failed, Verdict::failed},
                         {"error", Verdict::failed, Verdict::failed},
                         {"terminated", Verdict::failed, Verdict::failed},
                         {"scheduled", Verdict::failed, Verdict::in_progress},
                         {"", Verdict::failed, Verdict::in_progress}}) {
    CAPTURE(c.status);
    CHECK(core::verdict_of(c.status, false) == c.complete);
    CHECK(core::verdict_of(c.status, true) == c.incomplete);
  }
}

TEST_CASE("core::GroupSummary::verdict: a failure wins over a run in progress") {
  core::GroupSummary group;
  group.status = "running";
  group.runs_by_status = {{"passed", 1}, {"running", 1}};
  CHECK(group.verdict(false) == core::Verdict::in_progress);
  CHECK_FALSE(group.depends_on_completeness());
  group.runs_by_status["failed"] = 1;
  CHECK(group.verdict(false) == core::Verdict::failed);
  group.runs_by_status = {{"scheduled", 1}};
  CHECK(group.verdict(true) == core::Verdict::in_progress);
  CHECK(group.depends_on_completeness());
}
