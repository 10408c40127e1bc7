// Lowercase hexadecimal encoding and tolerant decoding of byte strings.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace util {

std::string to_hex(std::string_view bytes);

// Decodes upper- or lower-case hex; nullopt for an odd length or a non-hex character.
std::optional<std::string> from_hex(std::string_view hex);

bool is_hex_digit(char c);
// 0 to 15 for a hex digit in either case, -1 for anything else.
int hex_digit_value(char c);

}  // namespace util
