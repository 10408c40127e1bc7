// Durations written as people write them on a command line: "300s", "5m", "1h30m", "2d".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "util/expected.hpp"

namespace util {

// Milliseconds. A bare number is refused: "5" could mean seconds or minutes.
Expected<std::int64_t> parse_duration(std::string_view text);

// "3h 2m 5s", "250ms", "0s": the largest two units, for messages about ages.
std::string format_duration(std::int64_t milliseconds);

}  // namespace util
