// Replay protection: the payload's own timestamp (covered by the signature) must lie within a
// window of now, in both directions, since a clock far ahead is as suspect as a stale delivery.
#pragma once

#include <cstdint>
#include <string>

namespace core {

struct FreshnessVerdict {
  bool fresh = false;
  std::int64_t age_milliseconds = 0;  // negative when the timestamp is in the future
  std::string reason;                 // e.g. "timestamp is 3h 2m old (limit 5m)"
};

FreshnessVerdict check_freshness(std::int64_t timestamp_ms, std::int64_t now_ms,
                                 std::int64_t max_age_ms);

}  // namespace core
