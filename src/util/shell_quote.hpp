// Quoting for POSIX shells, for the commands that `sign --format curl` writes.
#pragma once

#include <string>
#include <string_view>

namespace util {

// 'text' with embedded single quotes written as '\''; safe for any bytes but NUL.
std::string shell_quote(std::string_view text);

// A printf(1) format string, single-quoted, that prints exactly these bytes (NUL included):
// every byte outside printable ASCII, and \ % ', is written as an octal escape.
std::string printf_literal(std::string_view bytes);

}  // namespace util
