#include "cli/help_formatter.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>

namespace cli {

namespace {
// Where descriptions start; a longer name puts its description on the next line.
constexpr std::size_t description_column = 30;

std::size_t columns_of(std::string_view text) {
  // Help text is ASCII but for an occasional UTF-8 character: count code points.
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xc0) != 0x80;
  }));
}

std::string without_blank_runs(std::string text) {
  std::string out;
  std::size_t newlines = 0;
  for (char c : text) {
    newlines = c == '\n' ? newlines + 1 : 0;
    if (newlines <= 2) out += c;
  }
  return out;
}
}  // namespace

std::string wrap_text(std::string_view text, std::size_t width, std::size_t indent,
                      std::size_t first_column) {
  std::string out;
  std::size_t column = first_column;
  bool line_empty = true;
  std::size_t at = 0;
  while (at < text.size()) {
    const std::size_t start = text.find_first_not_of(' ', at);
    if (start == std::string_view::npos) break;
    std::size_t end = text.find(' ', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view word = text.substr(start, end - start);
    const std::size_t needed = columns_of(word) + (line_empty ? 0 : 1);
    if (!line_empty && column + needed > width) {
      out += '\n';
      out.append(indent, ' ');
      column = indent;
      line_empty = true;
    }
    if (!line_empty) {
      // The spaces as written (two in "sha256=<hex>  FILE").
      const std::size_t gap = start - at;
      out.append(gap, ' ');
      column += gap;
    }
    out += word;
    column += columns_of(word);
    line_empty = false;
    at = end;
  }
  return out;
}

std::size_t help_width() {
  struct winsize size {};
  if (::isatty(STDOUT_FILENO) == 1 && ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 &&
      size.ws_col >= 40)
    return size.ws_col;
  return 80;
}

HelpFormatter::HelpFormatter(std::size_t width) : width_(std::max<std::size_t>(width, 40)) {
  column_width(description_column);
}

std::string HelpFormatter::make_help(const CLI::App* app, std::string name,
                                     CLI::AppFormatMode mode) const {
  return without_blank_runs(CLI::Formatter::make_help(app, std::move(name), mode));
}

std::string HelpFormatter::make_option(const CLI::Option* option, bool is_positional) const {
  std::string name = "  " + make_option_name(option, is_positional);
  if (is_positional) {
    // The name is the value's name already: "FILE", or "FILE ..." when it takes several.
    if (option->get_expected_max() > 1) name += " ...";
  } else {
    name += make_option_opts(option);
  }
  const std::string description = make_option_desc(option);
  std::string out = name;
  std::size_t column = columns_of(name);
  if (column + 1 >= description_column) {
    out += '\n';
    column = 0;
  }
  out.append(description_column - column, ' ');
  return out + wrap_text(description, width_, description_column, description_column) + "\n";
}

std::string HelpFormatter::make_subcommand(const CLI::App* command) const {
  std::string out = "  " + command->get_display_name(true);
  const std::size_t column = columns_of(out);
  if (column + 1 >= description_column)
    out += "\n" + std::string(description_column, ' ');
  else
    out.append(description_column - column, ' ');
  return out +
         wrap_text(command->get_description(), width_, description_column, description_column) +
         "\n";
}

std::string HelpFormatter::make_description(const CLI::App* app) const {
  const std::string description = app->get_description();
  if (description.empty()) return {};
  return wrap_text(description, width_, 0, 0) + "\n";
}

std::string HelpFormatter::make_footer(const CLI::App* app) const {
  // Prose is re-flowed to the width: a paragraph runs until a blank line or a line that is not
  // its continuation, and a list item ("  2  trouble: ...") hangs under its own text. The lines
  // of an "Examples:" block are commands to copy and stay as written.
  const std::string footer = app->get_footer();
  if (footer.empty()) return {};
  std::string out;
  std::string paragraph;
  std::size_t first_indent = 0, hanging = 0;
  const auto flush = [&] {
    if (paragraph.empty()) return;
    out +=
        std::string(first_indent, ' ') + wrap_text(paragraph, width_, hanging, first_indent) + "\n";
    paragraph.clear();
  };
  bool in_examples = false;
  std::size_t start = 0;
  while (start < footer.size()) {
    std::size_t end = footer.find('\n', start);
    if (end == std::string::npos) end = footer.size();
    const std::string_view line = std::string_view(footer).substr(start, end - start);
    start = end + 1;
    const std::size_t indent = std::min(line.find_first_not_of(' '), line.size());
    if (line.empty() || in_examples || line.ends_with("Examples:")) {
      flush();
      in_examples = (in_examples || line.ends_with("Examples:")) && !line.empty();
      out += std::string(line) + "\n";
      continue;
    }
    if (!paragraph.empty() && indent == hanging && (hanging > first_indent || indent == 0)) {
      paragraph += " " + std::string(line.substr(indent));
      continue;
    }
    flush();
    first_indent = indent;
    hanging = indent;
    const std::size_t marker_end = line.find("  ", indent);
    if (indent > 0 && marker_end != std::string_view::npos && marker_end - indent <= 4)
      hanging = line.find_first_not_of(' ', marker_end);
    paragraph = std::string(line.substr(indent));
  }
  flush();
  return out;
}

}  // namespace cli
