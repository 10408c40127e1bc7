// util/rfc3339
#include <doctest/doctest.h>

#include <cstdlib>
#include <ctime>
#include <optional>
#include <string>

#include "util/rfc3339.hpp"

TEST_CASE("util::parse_rfc3339 and util::format_rfc3339") {
  CHECK(util::parse_rfc3339("1970-01-01T00:00:00Z").value() == 0);
  CHECK(util::parse_rfc3339("2025-01-31T12:34:56.789Z").value() == 1738326896789);
  CHECK(util::parse_rfc3339("2025-01-31T14:34:56.789+02:00").value() == 1738326896789);
  CHECK(util::parse_rfc3339("2025-01-31t12:34:56.7891234z").value() == 1738326896789);
  CHECK(util::parse_rfc3339("2024-02-29T00:00:00Z").has_value());
  CHECK_FALSE(util::parse_rfc3339("2025-02-29T00:00:00Z").has_value());
  CHECK_FALSE(util::parse_rfc3339("2025-01-31T12:34:56").has_value());
  CHECK_FALSE(util::parse_rfc3339("2025-01-31").has_value());
  CHECK_FALSE(util::parse_rfc3339("2025-13-01T00:00:00Z").has_value());
  CHECK_FALSE(util::parse_rfc3339("2025-01-31T12:34:56.Z").has_value());
  CHECK_FALSE(util::parse_rfc3339("2025-01-31T12:34:56Zjunk").has_value());
  CHECK(util::format_rfc3339(1738326896789) == "2025-01-31T12:34:56.789Z");
  CHECK(util::format_rfc3339(-1) == "1969-12-31T23:59:59.999Z");
}

namespace {

// Sets TZ for one scope (a POSIX rule, so no time-zone database is needed) and restores it.
class TimeZone {
 public:
  explicit TimeZone(const char* rule) {
    if (const char* old = std::getenv("TZ")) previous_ = old;
    ::setenv("TZ", rule, 1);
    ::tzset();
  }
  ~TimeZone() {
    if (previous_)
      ::setenv("TZ", previous_->c_str(), 1);
    else
      ::unsetenv("TZ");
    ::tzset();
  }
  TimeZone(const TimeZone&) = delete;
  TimeZone& operator=(const TimeZone&) = delete;

 private:
  std::optional<std::string> previous_;
};

}  // namespace

TEST_CASE("util::format_local_time") {
  constexpr std::int64_t moment = 1764272485000;  // 2025-11-27T19:41:25Z
  {
    const TimeZone utc("UTC0");
    CHECK(util::format_local_time(moment) == "2025-11-27 19:41:25");
  }
  {
    const TimeZone india("IST-5:30");  // east of Greenwich: the next day
    CHECK(util::format_local_time(moment) == "2025-11-28 01:11:25");
  }
  {
    const TimeZone new_york("EST5");
    CHECK(util::format_local_time(moment) == "2025-11-27 14:41:25");
  }
  {
    const TimeZone utc("UTC0");  // milliseconds are dropped, not rounded
    CHECK(util::format_local_time(moment + 999) == "2025-11-27 19:41:25");
  }
}
