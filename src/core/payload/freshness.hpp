// Replay protection: the payload's own timestamp (covered by the signature) must lie within a
// window of now, in both directions, since a clock far ahead is as suspect as a stale delivery.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "util/expected.hpp"

namespace core {

struct FreshnessVerdict {
  bool fresh = false;
  std::int64_t age_milliseconds = 0;  // negative when the timestamp is in the future
  std::string reason;                 // e.g. "timestamp is 3h 2m old (limit 5m)"
};

FreshnessVerdict check_freshness(std::int64_t timestamp_ms, std::int64_t now_ms,
                                 std::int64_t max_age_ms);

// A signed payload's age, from its top-level timestamp as core::find_payload_timestamp found it
// (or why it could not): what verify and listen both decide with --max-age.
struct PayloadAge {
  bool fresh = false;
  std::string reason;  // "timestamp is 3s old (limit 5m)", "its age cannot be checked: ..."
  std::optional<std::string> timestamp;          // as written in the payload
  std::optional<std::int64_t> age_milliseconds;  // when the timestamp could be read
};

PayloadAge judge_payload_age(const util::Expected<std::string>& timestamp, std::int64_t now_ms,
                             std::int64_t max_age_ms);

}  // namespace core
