#include "cli/terminal_style.hpp"
#include "util/text.hpp"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace cli {

namespace {
bool locale_is_utf8() {
  // The first of these that is set decides, as for setlocale(LC_CTYPE, ""), without paying for it.
  for (const char* name : {"LC_ALL", "LC_CTYPE", "LANG"}) {
    const char* value = std::getenv(name);
    if (value == nullptr || *value == '\0') continue;
    const std::string lowered = util::to_lower_ascii(value);
    return lowered.find("utf-8") != std::string::npos || lowered.find("utf8") != std::string::npos;
  }
  return false;
}
}  // namespace

core::TextStyle choose_text_style(const std::string& color_option) {
  core::TextStyle style;
  style.unicode = locale_is_utf8();
  if (color_option == "always") {
    style.color = true;
  } else if (color_option == "auto") {
    const char* no_color = std::getenv("NO_COLOR");
    style.color = ::isatty(STDOUT_FILENO) == 1 && (no_color == nullptr || *no_color == '\0');
  }
  return style;
}

void add_color_option(CLI::App& command, std::string& color_option) {
  command
      .add_option("--color", color_option,
                  "auto (default: when standard output is a terminal and NO_COLOR is unset), "
                  "always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->type_name("WHEN");
}

}  // namespace cli
