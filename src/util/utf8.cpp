#include "util/utf8.hpp"

namespace util {

Utf8Lead utf8_lead(unsigned char byte) {
  if (byte < 0x80) return {1, 0x80, 0xbf};
  if (byte >= 0xc2 && byte <= 0xdf) return {2, 0x80, 0xbf};
  if (byte >= 0xe0 && byte <= 0xef)
    return {3, static_cast<unsigned char>(byte == 0xe0 ? 0xa0 : 0x80),
            static_cast<unsigned char>(byte == 0xed ? 0x9f : 0xbf)};
  if (byte >= 0xf0 && byte <= 0xf4)
    return {4, static_cast<unsigned char>(byte == 0xf0 ? 0x90 : 0x80),
            static_cast<unsigned char>(byte == 0xf4 ? 0x8f : 0xbf)};
  return {};
}

bool utf8_continuation_allowed(const Utf8Lead& lead, std::size_t index, unsigned char byte) {
  if (index == 1) return byte >= lead.second_min && byte <= lead.second_max;
  return byte >= 0x80 && byte <= 0xbf;
}

std::size_t valid_utf8_length(std::string_view text, std::size_t i) {
  if (i >= text.size()) return 0;
  const Utf8Lead lead = utf8_lead(static_cast<unsigned char>(text[i]));
  if (lead.length == 0 || text.size() - i < lead.length) return 0;
  for (std::size_t k = 1; k < lead.length; ++k)
    if (!utf8_continuation_allowed(lead, k, static_cast<unsigned char>(text[i + k]))) return 0;
  return lead.length;
}

std::size_t valid_utf8_prefix(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    // ASCII, nearly all of what is checked, without the table.
    const std::size_t length =
        static_cast<unsigned char>(text[i]) < 0x80 ? 1 : valid_utf8_length(text, i);
    if (length == 0) break;
    i += length;
  }
  return i;
}

std::string replacing_invalid_utf8(std::string_view text) {
  std::size_t i = valid_utf8_prefix(text);
  std::string out(text.substr(0, i));
  while (i < text.size()) {
    const std::size_t length = valid_utf8_length(text, i);
    if (length == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
    } else {
      out.append(text, i, length);
      i += length;
    }
  }
  return out;
}

char32_t decode_utf8(std::string_view text, std::size_t& i) {
  const auto byte = static_cast<unsigned char>(text[i]);
  int extra = byte >= 0xf0 ? 3 : byte >= 0xe0 ? 2 : byte >= 0xc0 ? 1 : 0;
  char32_t code = extra == 3   ? byte & 0x07u
                  : extra == 2 ? byte & 0x0fu
                  : extra == 1 ? byte & 0x1fu
                               : byte;
  while (extra-- > 0 && i + 1 < text.size())
    code = (code << 6) | (static_cast<unsigned char>(text[++i]) & 0x3fu);
  return code;
}

bool is_bidi_or_invisible(char32_t code) {
  return code == 0x061c ||                      // Arabic letter mark
         (code >= 0x200b && code <= 0x200f) ||  // zero-width space, joiners, LRM, RLM
         (code >= 0x202a && code <= 0x202e) ||  // embeddings and overrides
         (code >= 0x2060 && code <= 0x2064) ||  // word joiner, invisible operators
         (code >= 0x2066 && code <= 0x2069) ||  // isolates
         code == 0xfeff;                        // zero-width no-break space
}

void append_utf8(std::string& out, char32_t code) {
  if (code < 0x80) {
    out += static_cast<char>(code);
  } else if (code < 0x800) {
    out += static_cast<char>(0xc0 | (code >> 6));
    out += static_cast<char>(0x80 | (code & 0x3f));
  } else if (code < 0x10000) {
    out += static_cast<char>(0xe0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (code & 0x3f));
  } else {
    out += static_cast<char>(0xf0 | (code >> 18));
    out += static_cast<char>(0x80 | ((code >> 12) & 0x3f));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (code & 0x3f));
  }
}

}  // namespace util
