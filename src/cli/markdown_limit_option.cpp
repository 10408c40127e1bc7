#include "cli/markdown_limit_option.hpp"

#include "cli/command_line_errors.hpp"
#include "core/render/markdown_limit.hpp"

#include <limits>

namespace cli {

void add_max_bytes_option(CLI::App& command, std::size_t& max_bytes) {
  max_bytes = core::default_markdown_max_bytes;
  command
      .add_option("--max-bytes", max_bytes,
                  "End a Markdown report that would be larger, at a whole line, saying how much "
                  "was left out (default: 1000000, under GitHub's 1 MiB step summary; 65535 for "
                  "a check run's text; 0 for no limit)")
      ->check(whole_number(0, std::numeric_limits<std::uint32_t>::max()))
      ->type_name("N");
}

}  // namespace cli
