#include "util/duration.hpp"

#include <fmt/core.h>
#include <cstdlib>

namespace util {

namespace {
constexpr std::int64_t ms_per_second = 1000;
constexpr std::int64_t ms_per_minute = 60 * ms_per_second;
constexpr std::int64_t ms_per_hour = 60 * ms_per_minute;
constexpr std::int64_t ms_per_day = 24 * ms_per_hour;
// Ten years: longer windows are certainly typos, and the bound keeps the arithmetic from
// overflowing.
constexpr std::int64_t max_duration = 3650 * ms_per_day;
}  // namespace

Expected<std::int64_t> parse_duration(std::string_view text) {
  const std::string shown(text);
  const auto invalid = [&] {
    return unexpected("invalid duration '" + shown + "' (examples: 300s, 5m, 1h30m, 2d)");
  };
  if (text.empty()) return invalid();
  std::int64_t total = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    std::int64_t number = 0;
    const std::size_t digits_start = i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      number = number * 10 + (text[i] - '0');
      if (number > max_duration) return unexpected("duration '" + shown + "' is too long");
      ++i;
    }
    if (i == digits_start || i == text.size()) return invalid();
    std::int64_t unit = 0;
    if (text.substr(i, 2) == "ms") {
      unit = 1;
      i += 2;
    } else {
      switch (text[i]) {
        case 's': unit = ms_per_second; break;
        case 'm': unit = ms_per_minute; break;
        case 'h': unit = ms_per_hour; break;
        case 'd': unit = ms_per_day; break;
        default: return invalid();
      }
      ++i;
    }
    total += number * unit;
    if (total > max_duration) return unexpected("duration '" + shown + "' is too long");
  }
  return total;
}

std::string format_duration(std::int64_t milliseconds) {
  std::int64_t rest = std::llabs(milliseconds);
  if (rest < ms_per_second) return fmt::format("{}ms", rest);
  struct Unit {
    std::int64_t size;
    const char* suffix;
  };
  static constexpr Unit units[] = {
      {ms_per_day, "d"}, {ms_per_hour, "h"}, {ms_per_minute, "m"}, {ms_per_second, "s"}};
  std::string text;
  int shown = 0;
  for (const Unit& unit : units) {
    const std::int64_t count = rest / unit.size;
    if (count == 0 && shown == 0) continue;
    rest %= unit.size;
    if (count > 0) {
      if (!text.empty()) text += ' ';
      text += fmt::format("{}{}", count, unit.suffix);
    }
    if (++shown == 2) break;
  }
  return text;
}

}  // namespace util
