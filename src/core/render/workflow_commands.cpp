#include "core/render/workflow_commands.hpp"

#include <fmt/core.h>

namespace core {

namespace {
std::string escaped(std::string_view text, bool property) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '%': out += "%25"; break;
      case '\r': out += "%0D"; break;
      case '\n': out += "%0A"; break;
      case ':': out += property ? "%3A" : ":"; break;
      case ',': out += property ? "%2C" : ","; break;
      default:
        // Other control characters reach the log as they are, and its viewer acts on escape
        // sequences: they are shown as text.
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
          out += fmt::format("\\x{:02x}", static_cast<unsigned char>(c));
        else
          out += c;
    }
  }
  return out;
}
}  // namespace

std::string escape_workflow_message(std::string_view text) {
  return escaped(text, false);
}

std::string escape_workflow_property(std::string_view text) {
  return escaped(text, true);
}

std::string workflow_command(std::string_view kind, std::string_view title,
                             std::string_view message) {
  std::string line = "::" + std::string(kind);
  if (!title.empty()) line += " title=" + escape_workflow_property(title);
  return line + "::" + escape_workflow_message(message) + "\n";
}

}  // namespace core
