// --help laid out for the reader's window: CLI11's layout, with every description wrapped at word
// boundaries to the terminal's width (80 columns when it is not a terminal) under its column,
// positionals named once ("FILE", not "FILE FILE"), and no double blank lines.
#pragma once

#include <CLI/CLI.hpp>
#include <cstddef>
#include <string>

namespace cli {

class HelpFormatter : public CLI::Formatter {
 public:
  explicit HelpFormatter(std::size_t width);

  std::string make_help(const CLI::App* app, std::string name,
                        CLI::AppFormatMode mode) const override;
  std::string make_option(const CLI::Option* option, bool is_positional) const override;
  std::string make_subcommand(const CLI::App* command) const override;
  std::string make_description(const CLI::App* app) const override;
  std::string make_footer(const CLI::App* app) const override;

 private:
  std::size_t width_;
};

// The width of the terminal on standard output, or 80 when it is not one.
std::size_t help_width();

// Text broken at spaces into lines of at most `width` columns (a longer word stays whole), the
// first line starting at column `first_column` and the others indented to `indent`.
std::string wrap_text(std::string_view text, std::size_t width, std::size_t indent,
                      std::size_t first_column);

}  // namespace cli
