#include "core/freshness.hpp"

#include "util/duration.hpp"

namespace core {

FreshnessVerdict check_freshness(std::int64_t timestamp_ms, std::int64_t now_ms,
                                 std::int64_t max_age_ms) {
  FreshnessVerdict verdict;
  verdict.age_milliseconds = now_ms - timestamp_ms;
  const std::int64_t distance =
      verdict.age_milliseconds < 0 ? -verdict.age_milliseconds : verdict.age_milliseconds;
  verdict.fresh = distance <= max_age_ms;
  const std::string limit = " (limit " + util::format_duration(max_age_ms) + ")";
  if (verdict.age_milliseconds >= 0)
    verdict.reason = "timestamp is " + util::format_duration(distance) + " old" + limit;
  else
    verdict.reason = "timestamp is " + util::format_duration(distance) + " in the future" + limit;
  return verdict;
}

}  // namespace core
