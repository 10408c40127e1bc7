#include "core/summary/flow_pattern.hpp"

#include "util/text.hpp"

namespace core {

bool matches_flow_pattern(std::string_view pattern, std::string_view flow) {
  // Iterative wildcard matching: the last '*' seen takes over on a mismatch.
  std::size_t p = 0, f = 0, star = std::string_view::npos, resume = 0;
  while (f < flow.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = f;
    } else if (p < pattern.size() && pattern[p] == flow[f]) {
      ++p;
      ++f;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      f = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

std::vector<ListedLine> listed_lines(std::string_view text) {
  std::vector<ListedLine> lines;
  std::size_t number = 0;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    const std::string_view line = util::trim_whitespace(text.substr(0, end));
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    ++number;
    if (!line.empty() && line.front() != '#') lines.push_back({line, number});
  }
  return lines;
}

std::string flow_path(std::string_view group, std::string_view run) {
  std::string path(group);
  path += " / ";
  path += run;
  return path;
}

}  // namespace core
