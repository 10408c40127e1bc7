#include "util/text_escape.hpp"

#include <fmt/core.h>
#include <iterator>

#include "util/utf8.hpp"

namespace util {

namespace {
void append_escaped_byte(std::string& out, unsigned char byte) {
  fmt::format_to(std::back_inserter(out), "\\x{:02x}", byte);
}
}  // namespace

std::string escape_for_terminal(std::string_view text) {
  std::string escaped;
  escaped.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte >= 0x20 && byte < 0x7f) {
      escaped += text[i++];
      continue;
    }
    const std::size_t length = byte >= 0x80 ? valid_utf8_length(text, i) : 0;
    // C1 controls (U+0080..U+009F, such as CSI) are as dangerous as C0 ones.
    const bool c1_control =
        length == 2 && byte == 0xc2 && static_cast<unsigned char>(text[i + 1]) < 0xa0;
    if (length == 0 || c1_control) {
      append_escaped_byte(escaped, byte);
      ++i;
      continue;
    }
    std::size_t last = i;
    if (const char32_t code = decode_utf8(text, last); is_bidi_or_invisible(code)) {
      fmt::format_to(std::back_inserter(escaped), "\\u{:04x}", static_cast<unsigned>(code));
    } else {
      escaped.append(text.substr(i, length));
    }
    i += length;
  }
  return escaped;
}

}  // namespace util
