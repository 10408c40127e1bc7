#include "core/signing/checksum_list.hpp"

#include <fmt/core.h>
#include <cctype>

namespace core {

std::string format_checksum_line(std::string_view signature, std::string_view file) {
  const bool needs_escape = file.find_first_of("\\\n\r") != std::string_view::npos;
  std::string line;
  if (needs_escape) line += '\\';
  line += signature;
  line += "  ";
  for (char c : file) {
    if (c == '\\' && needs_escape)
      line += "\\\\";
    else if (c == '\n')
      line += "\\n";
    else if (c == '\r')
      line += "\\r";
    else
      line += c;
  }
  line += '\n';
  return line;
}

util::Expected<std::vector<ChecksumEntry>> parse_checksum_list(std::string_view text) {
  std::vector<ChecksumEntry> entries;
  int line_number = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;

    const auto malformed = [&] {
      return util::unexpected(
          fmt::format("line {} of the list is not 'sha256=<hex>  FILE'", line_number));
    };
    const bool escaped = line.front() == '\\';
    if (escaped) line.remove_prefix(1);
    const auto space = line.find(' ');
    // Two spaces (text mode) or space and star (binary mode) separate signature and name.
    if (space == 0 || space == std::string_view::npos || space + 2 > line.size() ||
        (line[space + 1] != ' ' && line[space + 1] != '*'))
      return malformed();
    ChecksumEntry entry;
    entry.signature = std::string(line.substr(0, space));
    // A signature is hex (or base64) with an optional prefix; anything else, a backslash above
    // all, would make the line's escaping ambiguous.
    for (char c : entry.signature)
      if (!std::isalnum(static_cast<unsigned char>(c)) &&
          std::string_view("=+/_-").find(c) == std::string_view::npos)
        return malformed();
    entry.line_number = line_number;
    const std::string_view name = line.substr(space + 2);
    if (name.empty()) return malformed();
    for (std::size_t i = 0; i < name.size(); ++i) {
      if (escaped && name[i] == '\\' && i + 1 < name.size()) {
        const char next = name[++i];
        entry.file += next == 'n' ? '\n' : next == 'r' ? '\r' : next;
      } else {
        entry.file += name[i];
      }
    }
    entries.push_back(std::move(entry));
  }
  return entries;
}

}  // namespace core
