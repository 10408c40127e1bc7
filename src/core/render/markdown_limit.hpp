// A Markdown report within the size GitHub accepts: it drops a step summary over 1 MiB, and
// refuses a check run's text over 65,535 characters. A longer report ends early, at a line (so
// never inside a table row or a character), with its folded sections closed and one line that
// says how much was left out and where the whole report is.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace core {

// 1 MiB less a margin for what else a job writes to its step summary.
inline constexpr std::size_t default_markdown_max_bytes = 1'000'000;

// The report as it is when it fits in max_bytes (or max_bytes is 0), else cut as above.
// where_whole: how to get the whole report, e.g. "the whole report: --format json".
std::string fit_markdown(std::string report, std::size_t max_bytes, std::string_view where_whole);

}  // namespace core
