#include <fmt/core.h>

#include "core/history/history_render.hpp"
#include "core/summary/quarantine.hpp"

namespace core {

namespace {
// A name as a quarantine line can hold it: what would end the flow's part (" | ", a line break)
// or start a comment becomes '*', which still matches the name.
std::string as_pattern(std::string label) {
  for (std::size_t at = label.find(" | "); at != std::string::npos; at = label.find(" | "))
    label.replace(at, 3, "*");
  for (char& c : label)
    if (c == '\n' || c == '\r') c = '*';
  if (!label.empty() && label.front() == '#') label.front() = '*';
  return label;
}
}  // namespace

std::string render_history_quarantine(const FlowHistory& history, std::string_view until) {
  std::string out =
      "# Flaky flows of this window, from autosana-webhook history --format quarantine: each\n"
      "# is reported but fails no gate until the date; review the reasons, then commit.\n";
  for (const FlowStats& stats : history.flow_stats) {
    if (stats.state != FlowState::flaky) continue;
    const std::string reason =
        fmt::format("flaky{}: {} flip{}, {} passed and {} failed{}", on_lane(history, stats),
                    stats.flips, stats.flips == 1 ? "" : "s", stats.passed, stats.failed,
                    describe_same_commit_flip(history, stats));
    std::string line =
        format_quarantine_line(as_pattern(flow_label(history.flows[stats.flow])), until, reason);
    // The reason is the tool's words, but names in it may hold line breaks too.
    for (std::size_t i = 0; i + 1 < line.size(); ++i)
      if (line[i] == '\n' || line[i] == '\r') line[i] = ' ';
    out += line;
  }
  return out;
}

void mark_quarantined_flows(FlowHistory& history, const QuarantineList& list,
                            std::int64_t now_milliseconds) {
  history.quarantined.assign(history.flows.size(), std::nullopt);
  for (const FlowStats& stats : history.flow_stats) {
    if (stats.state != FlowState::newly_failing && stats.state != FlowState::failing &&
        stats.state != FlowState::flaky)
      continue;
    const auto match =
        find_quarantine(list, flow_label(history.flows[stats.flow]), now_milliseconds);
    if (match && !match->expired) history.quarantined[stats.flow] = why_quarantined(*match->entry);
  }
}

}  // namespace core
