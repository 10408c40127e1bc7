// Whether output may use colour and Unicode: --color, NO_COLOR (no-color.org), whether stdout is a
// terminal, and the locale's character set. Kept out of the renderers, which only obey.
#pragma once

#include <string>

#include "core/render/text_style.hpp"

// CLI11 itself is only needed where options are declared; the rest passes commands along.
namespace CLI {
class App;
}  // namespace CLI

namespace cli {

// color_option: "auto", "always" or "never"; an explicit choice wins over NO_COLOR.
core::TextStyle choose_text_style(const std::string& color_option);

// --color WHEN, for every command that colours its output.
void add_color_option(CLI::App& command, std::string& color_option);

}  // namespace cli
