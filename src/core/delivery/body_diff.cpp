#include "core/delivery/body_diff.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cstdint>

namespace core {

namespace {
std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> lines;
  if (text.empty()) return lines;
  std::size_t start = 0;
  for (std::size_t at = text.find('\n'); at != std::string_view::npos;
       at = text.find('\n', start)) {
    lines.push_back(text.substr(start, at - start));
    start = at + 1;
  }
  lines.push_back(text.substr(start));  // after a final newline: an empty last line
  return lines;
}
}  // namespace

std::vector<DiffLine> diff_lines(std::string_view before, std::string_view after,
                                 std::size_t max_cells) {
  const std::vector<std::string_view> a = lines_of(before), b = lines_of(after);
  std::size_t head = 0;
  while (head < a.size() && head < b.size() && a[head] == b[head]) ++head;
  std::size_t tail = 0;
  while (tail < a.size() - head && tail < b.size() - head &&
         a[a.size() - 1 - tail] == b[b.size() - 1 - tail])
    ++tail;
  const std::size_t n = a.size() - head - tail, m = b.size() - head - tail;
  std::vector<DiffLine> diff;
  const auto push = [&](DiffLine::Kind kind, std::string_view text) {
    diff.push_back({kind, std::string(text)});
  };
  for (std::size_t i = 0; i < head; ++i) push(DiffLine::Kind::same, a[i]);
  if (n > 0 && m > 0 && (n + 1) * (m + 1) <= max_cells) {
    // lcs[i][j]: the longest common subsequence of a's middle from i and b's from j.
    std::vector<std::uint32_t> lcs((n + 1) * (m + 1), 0);
    const auto at = [&](std::size_t i, std::size_t j) -> std::uint32_t& {
      return lcs[i * (m + 1) + j];
    };
    for (std::size_t i = n; i-- > 0;)
      for (std::size_t j = m; j-- > 0;)
        at(i, j) = a[head + i] == b[head + j] ? at(i + 1, j + 1) + 1
                                              : std::max(at(i + 1, j), at(i, j + 1));
    std::size_t i = 0, j = 0;
    while (i < n && j < m) {
      if (a[head + i] == b[head + j]) {
        push(DiffLine::Kind::same, a[head + i]);
        ++i;
        ++j;
      } else if (at(i + 1, j) >= at(i, j + 1)) {
        push(DiffLine::Kind::removed, a[head + i++]);
      } else {
        push(DiffLine::Kind::added, b[head + j++]);
      }
    }
    for (; i < n; ++i) push(DiffLine::Kind::removed, a[head + i]);
    for (; j < m; ++j) push(DiffLine::Kind::added, b[head + j]);
  } else {
    for (std::size_t i = 0; i < n; ++i) push(DiffLine::Kind::removed, a[head + i]);
    for (std::size_t j = 0; j < m; ++j) push(DiffLine::Kind::added, b[head + j]);
  }
  for (std::size_t i = a.size() - tail; i < a.size(); ++i) push(DiffLine::Kind::same, a[i]);
  return diff;
}

std::string describe_diff(const std::vector<DiffLine>& diff) {
  std::size_t removed = 0, added = 0;
  for (const DiffLine& line : diff) {
    removed += line.kind == DiffLine::Kind::removed ? 1U : 0U;
    added += line.kind == DiffLine::Kind::added ? 1U : 0U;
  }
  return fmt::format("-{} +{}", removed, added);
}

}  // namespace core
