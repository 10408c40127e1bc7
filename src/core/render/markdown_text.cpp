#include "core/render/markdown_text.hpp"

#include "util/http_url.hpp"
#include "util/utf8.hpp"

namespace core {

// See the header. Text that can break neither a table nor a list, nor inject HTML or links: the
// Markdown punctuation that matters inside a line gets a backslash, HTML's specials become
// entities, line breaks become spaces. Untrusted text is never put at the start of a line, where #
// - + and digits would matter too.
std::string escape_markdown(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    switch (byte) {
      case '<': out += "&lt;"; continue;
      case '>': out += "&gt;"; continue;
      case '&': out += "&amp;"; continue;
      case '"': out += "&quot;"; continue;
      case '\n':
      case '\r':
      case '\t': out += ' '; continue;
      default: break;
    }
    if (byte >= 0x80) {
      // One character whole. C1 controls (U+0080-U+009F) are controls too: a terminal reading
      // the summary acts on them; bidirectional and invisible ones would disguise the text.
      if (util::valid_utf8_length(text, i) == 0) {
        out += "\xEF\xBF\xBD";  // not UTF-8: one replacement per byte
        continue;
      }
      std::size_t last = i;
      const char32_t code = util::decode_utf8(text, last);
      if (code < 0xa0 || util::is_bidi_or_invisible(code))
        out += "\xEF\xBF\xBD";  // U+FFFD, as for a control character
      else
        out.append(text.substr(i, last - i + 1));
      i = last;
    } else if (byte < 0x20 || byte == 0x7f) {
      out += "\xEF\xBF\xBD";  // U+FFFD: a control character has no business in a summary
    } else if (std::string_view("\\`*_{}[]()|~").find(static_cast<char>(byte)) !=
               std::string_view::npos) {
      out += '\\';
      out += static_cast<char>(byte);
    } else {
      out += static_cast<char>(byte);
    }
  }
  return out;
}

// An http(s) URL safe inside (...) of a link, or "" when it is not one.
std::string markdown_link_target(std::string_view url) {
  return util::http_url_for_link(url, "()<>\"'`\\|[]");
}

}  // namespace core
