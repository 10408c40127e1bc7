#include "core/render/markdown_limit.hpp"

#include <fmt/core.h>

#include <vector>

namespace core {

namespace {
// Room kept for the closing tags and the line that says what was left out.
constexpr std::size_t reserved = 1024;

std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> lines;
  for (std::size_t at = 0; at < text.size();) {
    std::size_t end = text.find('\n', at);
    if (end == std::string_view::npos) end = text.size();
    lines.push_back(text.substr(at, end - at));
    at = end + 1;
  }
  return lines;
}

// The rows of tables (not their headers or separators) and the items of lists: what a reader
// counts as left out.
std::size_t entries_in(std::string_view text) {
  const std::vector<std::string_view> lines = lines_of(text);
  std::size_t count = 0;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const bool header = i + 1 < lines.size() && lines[i + 1].starts_with("| ---");
    if ((lines[i].starts_with("|") && !lines[i].starts_with("| ---") && !header) ||
        lines[i].starts_with("- "))
      ++count;
  }
  return count;
}
}  // namespace

std::string fit_markdown(std::string report, std::size_t max_bytes, std::string_view where_whole) {
  if (max_bytes == 0 || report.size() <= max_bytes) return report;
  const std::size_t budget = max_bytes > reserved ? max_bytes - reserved : 0;
  std::size_t kept = 0, open_details = 0;
  for (std::size_t end; kept < report.size(); kept = end + 1) {
    end = report.find('\n', kept);
    if (end == std::string::npos) end = report.size() - 1;
    if (end + 1 > budget) break;
    const std::string_view line(report.data() + kept, end - kept);
    if (line.starts_with("<details>")) ++open_details;
    if (line.starts_with("</details>") && open_details > 0) --open_details;
  }
  const std::size_t left_out = entries_in(std::string_view(report).substr(kept));
  report.resize(kept);
  // A blank line ends the table or list before anything else comes.
  if (!report.ends_with("\n\n")) report += "\n";
  for (; open_details > 0; --open_details) report += "</details>\n\n";
  report += fmt::format(
      "> \xE2\x9C\x82\xEF\xB8\x8F Cut to stay under {} bytes, as GitHub drops a larger step "
      "summary: "
      "{} more {} left out; {}.\n",
      max_bytes, left_out, left_out == 1 ? "row or run was" : "rows or runs were", where_whole);
  return report;
}

}  // namespace core
