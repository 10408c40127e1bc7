# cmake -DSOURCE_DIR=... -DOUTPUT=... -P ToolWords.cmake
# Writes the words of the programs' own string literals (their messages, option names) as a sorted
# table, so that redaction, the net that catches a secret's text in what is echoed, never garbles
# the tool's own words: with the secret "x", "--explain" stays "--explain". Rewritten only when the
# words change.
file(GLOB_RECURSE sources "${SOURCE_DIR}/src/*.cpp" "${SOURCE_DIR}/src/*.hpp")
list(SORT sources)
set(words "")
foreach(source IN LISTS sources)
  file(READ "${source}" text)
  # Plain literals on one line; a list separator inside one only splits it, which is harmless.
  string(REGEX MATCHALL "\"[^\"\n]*\"" literals "${text}")
  foreach(literal IN LISTS literals)
    string(REGEX MATCHALL "[A-Za-z0-9_-]+" found "${literal}")
    foreach(word IN LISTS found)
      if(word MATCHES "[A-Za-z]" AND NOT word MATCHES "^[0-9a-fA-F]+$")
        list(APPEND words "${word}")
      endif()
    endforeach()
  endforeach()
endforeach()
list(REMOVE_DUPLICATES words)
list(SORT words)
set(entries "")
foreach(word IN LISTS words)
  string(APPEND entries "    \"${word}\",\n")
endforeach()
set(content "// Generated at build time by cmake/ToolWords.cmake from the string literals in src/.
#include <algorithm>
#include <array>
#include <string_view>

#include \"cli/tool_words.hpp\"

namespace cli {

namespace {
constexpr std::string_view words[] = {
${entries}};
}  // namespace

bool is_tool_word(std::string_view word) {
  return std::binary_search(std::begin(words), std::end(words), word);
}

}  // namespace cli
")
# Rewritten only when the text changes (file(CONFIGURE) compares first), so nothing recompiles
# for nothing.
file(CONFIGURE OUTPUT "${OUTPUT}" CONTENT "${content}" @ONLY)
