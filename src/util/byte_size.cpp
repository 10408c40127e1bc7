#include "util/byte_size.hpp"
#include "util/text.hpp"

#include <cctype>
#include <limits>
#include <string>

namespace util {

Expected<std::uint64_t> parse_byte_size(std::string_view text) {
  const std::string shown(text);
  std::size_t digits = 0;
  std::uint64_t value = 0;
  constexpr std::uint64_t max = std::numeric_limits<std::uint64_t>::max();
  while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) {
    const auto digit = static_cast<std::uint64_t>(text[digits] - '0');
    if (value > (max - digit) / 10) return unexpected("size '" + shown + "' is too large");
    value = value * 10 + digit;
    ++digits;
  }
  if (digits == 0)
    return unexpected("size '" + shown + "' does not start with a number (like 10MiB)");
  const std::string unit = to_lower_ascii(text.substr(digits));
  unsigned shift = 0;
  if (unit.empty() || unit == "b")
    shift = 0;
  else if (unit == "k" || unit == "kb" || unit == "kib")
    shift = 10;
  else if (unit == "m" || unit == "mb" || unit == "mib")
    shift = 20;
  else if (unit == "g" || unit == "gb" || unit == "gib")
    shift = 30;
  else
    return unexpected("size '" + shown + "' has an unknown unit (use KiB, MiB or GiB)");
  if (value > (max >> shift)) return unexpected("size '" + shown + "' is too large");
  return value << shift;
}

}  // namespace util
