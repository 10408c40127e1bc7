#include "core/payload/freshness.hpp"

#include "util/duration.hpp"
#include "util/rfc3339.hpp"

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

PayloadAge judge_payload_age(const util::Expected<std::string>& timestamp, std::int64_t now_ms,
                             std::int64_t max_age_ms) {
  PayloadAge age;
  if (!timestamp) {
    age.reason = "its age cannot be checked: " + timestamp.error();
    return age;
  }
  age.timestamp = *timestamp;
  const auto when = util::parse_rfc3339(*timestamp);
  if (!when) {
    age.reason = "its age cannot be checked: the payload's timestamp " + when.error();
    return age;
  }
  const FreshnessVerdict verdict = check_freshness(*when, now_ms, max_age_ms);
  age.fresh = verdict.fresh;
  age.reason = verdict.reason;
  age.age_milliseconds = verdict.age_milliseconds;
  return age;
}

}  // namespace core
