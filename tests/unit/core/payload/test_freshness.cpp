// core/freshness: a payload's timestamp judged against --max-age.
#include <doctest/doctest.h>

#include "core/payload/freshness.hpp"

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

TEST_CASE("core::judge_payload_age from a found timestamp, or why there is none") {
  const std::int64_t minute = 60'000;
  const std::int64_t now =
      1738326896789 + 2 * minute;  // two minutes after 2025-01-31T12:34:56.789Z
  const auto fresh =
      core::judge_payload_age(std::string("2025-01-31T12:34:56.789Z"), now, 5 * minute);
  CHECK(fresh.fresh);
  CHECK(fresh.reason == "timestamp is 2m old (limit 5m)");
  CHECK(fresh.timestamp == "2025-01-31T12:34:56.789Z");
  CHECK(fresh.age_milliseconds == 2 * minute);

  const auto stale = core::judge_payload_age(std::string("2025-01-31T12:34:56.789Z"), now, minute);
  CHECK_FALSE(stale.fresh);
  CHECK(stale.reason == "timestamp is 2m old (limit 1m)");

  const auto missing = core::judge_payload_age(util::unexpected("no timestamp here"), now, minute);
  CHECK_FALSE(missing.fresh);
  CHECK(missing.reason == "its age cannot be checked: no timestamp here");
  CHECK_FALSE(missing.timestamp.has_value());

  const auto garbled = core::judge_payload_age(std::string("yesterday"), now, minute);
  CHECK_FALSE(garbled.fresh);
  CHECK(garbled.reason.starts_with("its age cannot be checked: the payload's timestamp"));
  CHECK(garbled.timestamp == "yesterday");
  CHECK_FALSE(garbled.age_milliseconds.has_value());
}
