// core/payload: the model's fixed parts, the statuses and the summary's count fields.
#include <doctest/doctest.h>

#include <string>

#include "core/payload/payload.hpp"

TEST_CASE("core::is_known_status: documented final statuses and unfinished ones") {
  for (const char* status :
       {"passed", "failed", "error", "terminated", "skipped", "running", "pending", "queued"})
    CHECK(core::is_known_status(status));
  CHECK_FALSE(core::is_known_status("flaky"));
  CHECK_FALSE(core::is_known_status("Passed"));  // statuses are compared exactly
  CHECK_FALSE(core::is_known_status(""));
}

TEST_CASE("core::summary_count_fields name each count once, in the documented order") {
  CHECK(std::string(core::summary_count_fields[0].name) == "total_groups");
  CHECK(std::string(core::summary_count_fields[8].name) == "skipped_flows");
  core::Summary summary;
  for (const auto& field : core::summary_count_fields) {
    CHECK_FALSE((summary.*(field.member)).has_value());
    summary.*(field.member) = 1;
  }
  CHECK(summary.total_groups == 1);
  CHECK(summary.skipped_flows == 1);
}
