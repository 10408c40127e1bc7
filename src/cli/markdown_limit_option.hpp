// --max-bytes, for the commands that write Markdown for GitHub (summarize, history): one wording,
// one default, one check.
#pragma once

#include <cstddef>

namespace CLI {
class App;
}  // namespace CLI

namespace cli {

void add_max_bytes_option(CLI::App& command, std::size_t& max_bytes);

}  // namespace cli
