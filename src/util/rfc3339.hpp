// RFC 3339 timestamps ("2025-01-31T12:34:56.789Z", "2025-01-31T14:34:56+02:00") to and from
// milliseconds since the Unix epoch, without the C library's time zone or locale machinery.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "util/expected.hpp"

namespace util {

Expected<std::int64_t> parse_rfc3339(std::string_view text);

// UTC with milliseconds, as Autosana writes it.
std::string format_rfc3339(std::int64_t epoch_milliseconds);

std::int64_t now_epoch_milliseconds();
// "2026-11-27 19:41:25" in the local time zone, for a person watching.
std::string format_local_time(std::int64_t epoch_milliseconds);

}  // namespace util
