#include <doctest/doctest.h>

#include "core/freshness.hpp"

TEST_CASE("core::check_freshness in both directions") {
  const std::int64_t minute = 60'000;
  auto recent = core::check_freshness(0, 2 * minute, 5 * minute);
  CHECK(recent.fresh);
  CHECK(recent.age_milliseconds == 2 * minute);
  CHECK(recent.reason == "timestamp is 2m old (limit 5m)");

  auto stale = core::check_freshness(0, 3 * 60 * minute + 2 * minute, 5 * minute);
  CHECK_FALSE(stale.fresh);
  CHECK(stale.reason == "timestamp is 3h 2m old (limit 5m)");

  auto future = core::check_freshness(10 * minute, 0, 5 * minute);
  CHECK_FALSE(future.fresh);
  CHECK(future.age_milliseconds == -10 * minute);
  CHECK(future.reason == "timestamp is 10m in the future (limit 5m)");

  CHECK(core::check_freshness(0, 5 * minute, 5 * minute).fresh);  // the limit itself is inside
  CHECK_FALSE(core::check_freshness(0, 5 * minute + 1, 5 * minute).fresh);
}
