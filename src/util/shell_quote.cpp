#include "util/shell_quote.hpp"

namespace util {

std::string shell_quote(std::string_view text) {
  std::string quoted = "'";
  for (char c : text) {
    if (c == '\'')
      quoted += "'\\''";
    else
      quoted += c;
  }
  quoted += '\'';
  return quoted;
}

std::string printf_literal(std::string_view bytes) {
  std::string literal = "'";
  for (char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte < 0x7f && byte != '\\' && byte != '%' && byte != '\'') {
      literal += static_cast<char>(byte);
    } else {
      literal += '\\';
      literal += static_cast<char>('0' + ((byte >> 6) & 7));
      literal += static_cast<char>('0' + ((byte >> 3) & 7));
      literal += static_cast<char>('0' + (byte & 7));
    }
  }
  literal += '\'';
  return literal;
}

}  // namespace util
