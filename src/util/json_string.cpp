#include "util/json_string.hpp"

#include "util/utf8.hpp"

namespace util {

namespace {
void append_u_escape(std::string& out, unsigned value) {
  // By hand rather than with fmt: --explain escapes whole bodies many times over.
  static constexpr char digits[] = "0123456789abcdef";
  const char escape[6] = {'\\',
                          'u',
                          digits[(value >> 12) & 0xf],
                          digits[(value >> 8) & 0xf],
                          digits[(value >> 4) & 0xf],
                          digits[value & 0xf]};
  out.append(escape, sizeof escape);
}

bool needs_escape(unsigned char byte, const JsonStringStyle& style) {
  return byte < 0x20 || byte == '"' || byte == '\\' || (byte == '/' && style.escaped_slashes) ||
         (byte >= 0x80 && style.ascii_only);
}
}  // namespace

void append_json_string(std::string& out, std::string_view text, JsonStringStyle style) {
  out += '"';
  append_json_string_content(out, text, style);
  out += '"';
}

void append_json_string_content(std::string& out, std::string_view text, JsonStringStyle style) {
  std::size_t plain_start = 0;  // bytes that need no escape are appended in runs
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (!needs_escape(byte, style)) continue;
    out.append(text, plain_start, i - plain_start);
    switch (byte) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '/': out += "\\/"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (byte < 0x80) {
          append_u_escape(out, byte);
        } else if (const char32_t code = decode_utf8(text, i); code >= 0x10000) {
          const char32_t offset = code - 0x10000;
          append_u_escape(out, static_cast<unsigned>(0xd800 + (offset >> 10)));
          append_u_escape(out, static_cast<unsigned>(0xdc00 + (offset & 0x3ff)));
        } else {
          append_u_escape(out, static_cast<unsigned>(code));
        }
    }
    plain_start = i + 1;
  }
  out.append(text, plain_start, text.size() - plain_start);
}

}  // namespace util
