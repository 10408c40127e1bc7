#include "cli/terminal_style.hpp"

#include <CLI/CLI.hpp>

#include <unistd.h>

#include <cstdlib>

#include "util/text.hpp"

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

// The one colour table: SGR codes for each tone, understood by every terminal in use.
void use_ansi_colours(core::TextStyle& style) {
  const auto set = [&](core::Tone tone, const char* code) {
    style.tone_start[static_cast<std::size_t>(tone)] = code;
  };
  set(core::Tone::strong, "\x1b[1m");
  set(core::Tone::good, "\x1b[32m");
  set(core::Tone::bad, "\x1b[31m");
  set(core::Tone::warning, "\x1b[33m");
  set(core::Tone::muted, "\x1b[2m");
  set(core::Tone::pending, "\x1b[36m");
  set(core::Tone::halted, "\x1b[35m");
  style.tone_end = "\x1b[0m";
}
}  // namespace

core::TextStyle choose_text_style(const std::string& color_option) {
  core::TextStyle style;
  style.unicode = locale_is_utf8();
  bool colour = color_option == "always";
  if (color_option == "auto") {
    const char* no_color = std::getenv("NO_COLOR");
    colour = ::isatty(STDOUT_FILENO) == 1 && (no_color == nullptr || *no_color == '\0');
  }
  if (colour) use_ansi_colours(style);
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
