// Test helper: how many lines of a text start with a prefix (annotations of a kind, and such).
#pragma once

#include <cstddef>
#include <string>

namespace test {

inline std::size_t lines_starting(const std::string& text, const std::string& prefix) {
  std::size_t count = 0;
  for (std::size_t at = 0; at < text.size(); at = text.find('\n', at) + 1) {
    if (text.compare(at, prefix.size(), prefix) == 0) ++count;
    if (text.find('\n', at) == std::string::npos) break;
  }
  return count;
}

}  // namespace test
