// Whether a word is one of the programs' own (from their string literals, gathered at build time
// by cmake/ToolWords.cmake): redaction leaves a secret's text alone inside such a word.
#pragma once

#include <string_view>

namespace cli {

// word: a run of letters, digits, '_' and '-', such as "explain" or "--secret-file".
bool is_tool_word(std::string_view word);

}  // namespace cli
