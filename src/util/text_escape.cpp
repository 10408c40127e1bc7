#include "util/text_escape.hpp"

#include <cstdio>

namespace util {

namespace {
// The length of the valid UTF-8 sequence at text[i], or 0 (RFC 3629: no overlongs, no surrogates).
std::size_t utf8_sequence_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t at) {
    return at < text.size() ? static_cast<unsigned char>(text[at]) : 0u;
  };
  const unsigned lead = byte(i);
  std::size_t length = 0;
  unsigned low = 0x80, high = 0xbf;
  if (lead >= 0xc2 && lead <= 0xdf)
    length = 2;
  else if (lead >= 0xe0 && lead <= 0xef)
    length = 3, low = lead == 0xe0 ? 0xa0 : 0x80, high = lead == 0xed ? 0x9f : 0xbf;
  else if (lead >= 0xf0 && lead <= 0xf4)
    length = 4, low = lead == 0xf0 ? 0x90 : 0x80, high = lead == 0xf4 ? 0x8f : 0xbf;
  else
    return 0;
  for (std::size_t k = 1; k < length; ++k) {
    const unsigned continuation = byte(i + k);
    if (continuation < (k == 1 ? low : 0x80u) || continuation > (k == 1 ? high : 0xbfu)) return 0;
  }
  return length;
}

void append_escaped_byte(std::string& out, unsigned char byte) {
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "\\x%02x", byte);
  out += buffer;
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
    const std::size_t length = byte >= 0x80 ? utf8_sequence_length(text, i) : 0;
    // C1 controls (U+0080..U+009F, such as CSI) are as dangerous as C0 ones.
    const bool c1_control =
        length == 2 && byte == 0xc2 && static_cast<unsigned char>(text[i + 1]) < 0xa0;
    if (length == 0 || c1_control) {
      append_escaped_byte(escaped, byte);
      ++i;
      continue;
    }
    escaped.append(text.substr(i, length));
    i += length;
  }
  return escaped;
}

}  // namespace util
