#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/delivery/save_quota.hpp"

namespace {
struct Step {
  const char* name;
  std::uint64_t size;
  bool rejected;
  bool saved;                        // expected
  std::vector<std::string> removed;  // expected, oldest first
};

// Runs the steps through a quota of 100 bytes of which rejected deliveries may take 30.
void run_steps(const std::vector<Step>& steps) {
  core::SaveQuota quota(100, 30);
  for (const Step& step : steps) {
    CAPTURE(step.name);
    const core::SaveDecision decision = quota.make_room(step.size, step.rejected);
    CHECK(decision.save == step.saved);
    CHECK(decision.remove == step.removed);
    if (decision.save) quota.saved({step.name, step.size, step.rejected});
    CHECK(quota.used_bytes() <= 100);
    CHECK(quota.rejected_bytes() <= 30);
  }
}
}  // namespace

TEST_CASE("core::SaveQuota::make_room drops the oldest rejected, never a verified delivery") {
  SUBCASE("rejected deliveries stay within their share, oldest dropped first") {
    run_steps({{"r1", 10, true, true, {}},
               {"r2", 10, true, true, {}},
               {"r3", 10, true, true, {}},
               {"r4", 15, true, true, {"r1", "r2"}},
               {"r5", 40, true, false, {}}});  // larger than the whole share: not saved
  }
  SUBCASE("a verified delivery takes room from rejected ones") {
    run_steps({{"r1", 20, true, true, {}},
               {"v1", 60, false, true, {}},
               {"v2", 30, false, true, {"r1"}},
               {"v3", 20, false, false, {}}});  // only verified left: nothing is dropped
  }
  SUBCASE("a rejected delivery never displaces a verified one") {
    run_steps(
        {{"v1", 95, false, true, {}}, {"r1", 10, true, false, {}}, {"r2", 5, true, true, {}}});
  }
  SUBCASE("an empty folder and a delivery of the whole quota") {
    run_steps({{"v1", 100, false, true, {}}, {"r1", 1, true, false, {}}});
  }
}

TEST_CASE("core::SaveQuota::saved counts what the folder already holds") {
  core::SaveQuota quota(100, 30);
  quota.saved({"old-verified", 70, false});
  quota.saved({"old-rejected", 20, true});
  const core::SaveDecision decision = quota.make_room(25, false);
  CHECK(decision.save);
  CHECK(decision.remove == std::vector<std::string>{"old-rejected"});
  CHECK(quota.used_bytes() == 70);
}
