#include <fmt/core.h>

#include <string>
#include <string_view>
#include <vector>

#include "core/history/history_render.hpp"
#include "core/render/workflow_commands.hpp"
#include "core/summary/owners.hpp"
#include "core/summary/quarantine.hpp"

namespace core {

namespace {
std::string since_words(const FlowHistory& history, const FlowStats& stats) {
  if (!stats.since) return "";
  const HistoryBatch& batch = history.batches[*stats.since];
  return fmt::format(" since {} ({}), {} batch{} ago", describe_commit(batch), batch.timestamp,
                     stats.batches_since, stats.batches_since == 1 ? "" : "es");
}

// The annotations of one state's flows, worst first; a quarantined failure is a warning.
void collect(std::vector<WorkflowAnnotation>& all, const FlowHistory& history, FlowState state,
             const char* kind, const char* title, const char* what) {
  for (const FlowStats& stats : history.flow_stats) {
    if (stats.state != state) continue;
    const std::string label = flow_label(history.flows[stats.flow]);
    std::string message =
        label + ": " + what + on_lane(history, stats) + since_words(history, stats);
    if (const std::string fix = describe_time_to_fix(history, stats); !fix.empty())
      message += "; it was " + fix;
    message += fmt::format(" ({} passed, {} failed, {} flip{})", stats.passed, stats.failed,
                           stats.flips, stats.flips == 1 ? "" : "s");
    const auto& quarantined = history.quarantined_of(stats.flow);
    message += describe_quarantined(quarantined);
    if (const auto& owners = owners_to_name(history, stats); !owners.empty())
      message += "; owned by " + describe_owners(owners);
    if (const std::string url = latest_url(history, stats); !url.empty()) message += " " + url;
    const bool excused = quarantined && std::string_view(kind) == "error";
    all.push_back({excused ? "warning" : kind,
                   std::string(title) + (excused ? " (quarantined)" : "") + ": " + label,
                   std::move(message), excused ? "quarantined" : what});
  }
}
}  // namespace

std::string render_history_github(const FlowHistory& history) {
  // flow_stats are in the order reports use: the worst first within each state.
  std::vector<WorkflowAnnotation> all;
  collect(all, history, FlowState::newly_failing, "error", "Newly failing", "newly failing");
  collect(all, history, FlowState::flaky, "warning", "Flaky", "flaky");
  collect(all, history, FlowState::fixed, "notice", "Fixed", "fixed");
  return annotations_within_limit(all, "autosana-webhook history", "--format markdown");
}

}  // namespace core
