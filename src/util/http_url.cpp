#include "util/http_url.hpp"

namespace util {

std::string http_url_for_link(std::string_view url, std::string_view also_encoded) {
  if (!url.starts_with("https://") && !url.starts_with("http://")) return {};
  std::string out;
  out.reserve(url.size());
  for (char c : url) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte == 0x7f) return {};
    if (byte >= 0x80 || also_encoded.find(c) != std::string_view::npos) {
      static const char digits[] = "0123456789ABCDEF";
      out += '%';
      out += digits[byte >> 4];
      out += digits[byte & 15];
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace util
