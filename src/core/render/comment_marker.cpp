#include "core/render/comment_marker.hpp"

#include <fmt/core.h>

namespace core {

namespace {
std::string percent_encoded(std::string_view text) {
  std::string out;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    const bool safe = (byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z') ||
                      (byte >= '0' && byte <= '9') || c == '.' || c == '_' || c == '/' ||
                      c == '~' || c == '@' || c == '+' || c == '-' || c == '*';
    // A '-' after another could begin "-->": every second one is encoded.
    if (safe && !(c == '-' && !out.empty() && out.back() == '-'))
      out += c;
    else
      out += fmt::format("%{:02X}", byte);
  }
  return out;
}
}  // namespace

std::string comment_marker(std::string_view app_id, std::string_view branch) {
  return "<!-- autosana-webhook: app=" + percent_encoded(app_id) +
         " branch=" + percent_encoded(branch) + " -->\n";
}

}  // namespace core
