#include <fmt/core.h>

#include <vector>

#include "core/history/history_render.hpp"
#include "core/render/workflow_commands.hpp"
#include "core/summary/owners.hpp"

namespace core {

namespace {
std::string since_words(const FlowHistory& history, const FlowStats& stats) {
  if (!stats.since) return "";
  const HistoryBatch& batch = history.batches[*stats.since];
  return fmt::format(" since {} ({}), {} batch{} ago", describe_commit(batch), batch.timestamp,
                     stats.batches_since, stats.batches_since == 1 ? "" : "es");
}

// One kind of annotation, at most GitHub's ten, then a notice of how many more.
void annotations(std::string& out, const FlowHistory& history, FlowState state, const char* kind,
                 const char* title, const char* what) {
  std::vector<const FlowStats*> flows;
  for (const FlowStats& stats : history.flow_stats)
    if (stats.state == state) flows.push_back(&stats);
  const std::size_t shown = std::min(flows.size(), github_annotations_per_kind);
  for (std::size_t i = 0; i < shown; ++i) {
    const FlowStats& stats = *flows[i];
    const std::string label = flow_label(history.flows[stats.flow]);
    std::string message =
        label + ": " + what + on_lane(history, stats) + since_words(history, stats);
    if (const std::string fix = describe_time_to_fix(history, stats); !fix.empty())
      message += "; it was " + fix;
    message += fmt::format(" ({} passed, {} failed, {} flip{})", stats.passed, stats.failed,
                           stats.flips, stats.flips == 1 ? "" : "s");
    if (const auto& owners = owners_to_name(history, stats); !owners.empty())
      message += "; owned by " + describe_owners(owners);
    if (const std::string url = latest_url(history, stats); !url.empty()) message += " " + url;
    out += workflow_command(kind, std::string(title) + ": " + label, message);
  }
  if (flows.size() > shown)
    out += workflow_command(
        "notice", "autosana-webhook history",
        fmt::format("{} more {} flows are not shown as annotations (GitHub shows {} a step); "
                    "--format markdown lists them all",
                    flows.size() - shown, what, github_annotations_per_kind));
}
}  // namespace

std::string render_history_github(const FlowHistory& history) {
  std::string out;
  // flow_stats are in the order reports use: the worst first within each state.
  annotations(out, history, FlowState::newly_failing, "error", "Newly failing", "newly failing");
  annotations(out, history, FlowState::flaky, "warning", "Flaky", "flaky");
  annotations(out, history, FlowState::fixed, "notice", "Fixed", "fixed");
  return out;
}

}  // namespace core
