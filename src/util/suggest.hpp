// "Did you mean ...?": the candidate nearest a mistyped word, by edit distance (insertions,
// deletions, substitutions and swaps of two neighbours, as in "verfy"), within a distance that
// grows with the word's length so that a suggestion is only made when it is likely.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace util {

// Optimal string alignment distance, ASCII case folded.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The nearest candidate, or none when every candidate is too far: at most 1 edit for words of up
// to 4 characters, 2 up to 8, 3 beyond. A candidate that starts with the word (an abbreviation
// such as "--sig") counts as near.
std::optional<std::string> nearest(std::string_view word,
                                   const std::vector<std::string>& candidates);

}  // namespace util
