// Untrusted text and links in Markdown that GitHub renders (step summaries, PR comments): shared by
// the renderers of one batch and of a history.
#pragma once

#include <string>
#include <string_view>

namespace core {

// Text that can break neither a table nor a list, nor inject HTML or links. Never put it at the
// start of a line, where # - + and digits would matter too.
std::string escape_markdown(std::string_view text);

// An http(s) URL safe inside (...) of a link, or "" when it is not one.
std::string markdown_link_target(std::string_view url);

}  // namespace core
