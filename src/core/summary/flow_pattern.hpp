// What the files a team writes by hand (a quarantine list, an owners file) share: a line each,
// and flows named as reports write them ("group / run"), with '*' for any run of characters.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace core {

// '*' matches any run of characters, everything else itself.
bool matches_flow_pattern(std::string_view pattern, std::string_view flow);

// A line of such a file that says something: trimmed, with its number (from 1).
struct ListedLine {
  std::string_view text;
  std::size_t number = 0;
};
// The file's lines that say something: blank lines and '#' comments are skipped.
std::vector<ListedLine> listed_lines(std::string_view text);

// "Checkout / pay": a run as these files name it.
std::string flow_path(std::string_view group, std::string_view run);

}  // namespace core
