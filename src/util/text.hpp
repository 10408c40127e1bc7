// Small operations on ASCII text that several layers need: trimming, case-insensitive comparison
// (HTTP header names, codings, prefixes) and replacing. Case is folded for ASCII only, never by
// the locale, so a Turkish or C locale cannot change how a header name compares.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace util {

// Without leading and trailing spaces, tabs, CR, LF, VT and FF.
std::string_view trim_whitespace(std::string_view text);

char to_lower_ascii(char c);
std::string to_lower_ascii(std::string_view text);
std::string to_upper_ascii(std::string_view text);
bool equal_ignoring_case(std::string_view a, std::string_view b);
bool starts_with_ignoring_case(std::string_view text, std::string_view prefix);

// Decimal digits only, fitting 64 bits ("007" is 7); none for a sign, a space, hex or overflow.
std::optional<std::uint64_t> parse_decimal(std::string_view text);

// NAME's value in "a=1<separator>b=2" (a query with '&', a Cookie field with ';'), as written,
// each pair trimmed of whitespace; the first when NAME is there twice.
std::optional<std::string_view> find_named_value(std::string_view list, char separator,
                                                 std::string_view name);

// Every occurrence of `from` (not empty) replaced by `to`, left to right.
std::string replace_all(std::string_view text, std::string_view from, std::string_view to);

}  // namespace util
