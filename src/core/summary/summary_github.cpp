#include <algorithm>

#include "core/render/workflow_commands.hpp"
#include "core/summary/owners.hpp"
#include "core/summary/quarantine.hpp"
#include "core/summary/summary_render.hpp"

namespace core {

namespace {
std::string flow_name(const RunLine& run) {
  return run.group + " \xE2\x80\xBA " + run.name;
}

// ", owned by @acme/payments", or nothing when nobody is named.
std::string owned_by(const std::vector<std::string>& owners) {
  return owners.empty() ? "" : ", owned by " + describe_owners(owners);
}

// An error, or a warning when the quarantine covers it: it fails no gate.
WorkflowAnnotation annotation(bool quarantined, std::string title, std::string message) {
  return {quarantined ? "warning" : "error", std::move(title), std::move(message),
          quarantined ? "quarantined" : "failed"};
}

WorkflowAnnotation failure(const RunLine& run, const char* what) {
  std::string message = flow_name(run) + ": " + run.status + describe_quarantined(run.quarantined) +
                        owned_by(run.owners);
  if (!run.url.empty()) message += " " + run.url;
  return annotation(run.quarantined.has_value(),
                    std::string(run.quarantined ? "Quarantined" : what) + ": " + flow_name(run),
                    std::move(message));
}

// The failed flows, newly failing first (with a baseline), then the rest in the payload's order.
std::vector<WorkflowAnnotation> failures(const BatchSummary& summary) {
  std::vector<WorkflowAnnotation> newly, others;
  std::vector<std::string> already;
  if (summary.baseline)
    for (const RunLine& run : summary.baseline->newly_failing) {
      newly.push_back(failure(run, "Newly failing"));
      already.push_back(run.group + '\0' + run.name);
    }
  for (const FailedFlow& flow : summary.failed_flows()) {
    if (flow.run == nullptr) {
      const GroupSummary& group = *flow.group;
      others.push_back(
          annotation(group.quarantined.has_value(),
                     (group.quarantined ? "Quarantined: " : "Failed: ") + group.name,
                     group.name + ": " + group.status + describe_quarantined(group.quarantined) +
                         owned_by(group.owners) + (group.url.empty() ? "" : " " + group.url)));
    } else if (std::find(already.begin(), already.end(), flow.run->group + '\0' + flow.run->name) ==
               already.end()) {
      others.push_back(failure(*flow.run, "Failed"));
    }
  }
  newly.insert(newly.end(), others.begin(), others.end());
  return newly;
}

}  // namespace

std::string render_github(const BatchSummary& summary) {
  std::vector<WorkflowAnnotation> all = failures(summary);
  // The errors first: the flows that fail the gate, then those the quarantine excuses.
  std::stable_partition(all.begin(), all.end(),
                        [](const WorkflowAnnotation& a) { return a.kind == "error"; });
  const std::string app =
      summary.header.app.name.empty() ? summary.header.app.id : summary.header.app.name;
  std::string out = annotations_within_limit(all, app, "the job summary or --format markdown");
  out += workflow_command(
      "notice", app, describe_group_totals(summary) + " (" + describe_batch(summary.header) + ")");
  return out;
}

}  // namespace core
