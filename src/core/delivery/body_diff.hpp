// What an edit changed in a body, line by line, as the inspector shows it beside an edited
// delivery: the lines both have, those only the original had, those only the edit has.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace core {

struct DiffLine {
  enum class Kind { same, removed, added };
  Kind kind = Kind::same;
  std::string text;
};

// A shortest edit script over lines (the longest common subsequence of what lies between the
// common first and last lines). When that middle is too large to compare within max_cells
// (lines x lines), it is shown as removed, then added: still true, only less precise.
std::vector<DiffLine> diff_lines(std::string_view before, std::string_view after,
                                 std::size_t max_cells = std::size_t{4} << 20);

// "-1 +1": lines removed and added.
std::string describe_diff(const std::vector<DiffLine>& diff);

}  // namespace core
