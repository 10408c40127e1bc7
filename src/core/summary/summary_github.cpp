#include <fmt/core.h>

#include <algorithm>

#include "core/render/workflow_commands.hpp"
#include "core/summary/owners.hpp"
#include "core/summary/quarantine.hpp"
#include "core/summary/summary_render.hpp"

namespace core {

namespace {
struct Annotation {
  std::string title;
  std::string message;
  bool quarantined = false;  // a warning, not an error: it fails no gate
};

std::string flow_name(const RunLine& run) {
  return run.group + " \xE2\x80\xBA " + run.name;
}

// ", owned by @acme/payments", or nothing when nobody is named.
std::string owned_by(const std::vector<std::string>& owners) {
  return owners.empty() ? "" : ", owned by " + describe_owners(owners);
}

Annotation failure(const RunLine& run, const char* what) {
  std::string message = flow_name(run) + ": " + run.status + describe_quarantined(run.quarantined) +
                        owned_by(run.owners);
  if (!run.url.empty()) message += " " + run.url;
  return {std::string(run.quarantined ? "Quarantined" : what) + ": " + flow_name(run), message,
          run.quarantined.has_value()};
}

// The failed flows, newly failing first (with a baseline), then the rest in the payload's order.
std::vector<Annotation> failures(const BatchSummary& summary) {
  std::vector<Annotation> newly, others;
  std::vector<std::string> already;
  if (summary.baseline)
    for (const RunLine& run : summary.baseline->newly_failing) {
      newly.push_back(failure(run, "Newly failing"));
      already.push_back(run.group + '\0' + run.name);
    }
  for (const FailedFlow& flow : summary.failed_flows()) {
    if (flow.run == nullptr) {
      const GroupSummary& group = *flow.group;
      others.push_back({(group.quarantined ? "Quarantined: " : "Failed: ") + group.name,
                        group.name + ": " + group.status + describe_quarantined(group.quarantined) +
                            owned_by(group.owners) + (group.url.empty() ? "" : " " + group.url),
                        group.quarantined.has_value()});
    } else if (std::find(already.begin(), already.end(), flow.run->group + '\0' + flow.run->name) ==
               already.end()) {
      others.push_back(failure(*flow.run, "Failed"));
    }
  }
  newly.insert(newly.end(), others.begin(), others.end());
  return newly;
}

// At most GitHub's number of one kind, then a notice of how many more there are.
void annotate(std::string& out, const std::vector<Annotation>& all, bool quarantined,
              const std::string& app) {
  std::size_t count = 0;
  for (const Annotation& annotation : all) {
    if (annotation.quarantined != quarantined) continue;
    if (++count <= github_annotations_per_kind)
      out +=
          workflow_command(quarantined ? "warning" : "error", annotation.title, annotation.message);
  }
  if (count > github_annotations_per_kind)
    out += workflow_command(
        "notice", app,
        fmt::format("{} more {} flows are not shown as annotations (GitHub shows {} a step); "
                    "the job summary or --format markdown lists them all",
                    count - github_annotations_per_kind, quarantined ? "quarantined" : "failed",
                    github_annotations_per_kind));
}
}  // namespace

std::string render_github(const BatchSummary& summary) {
  std::string out;
  const std::vector<Annotation> all = failures(summary);
  const std::string app =
      summary.header.app.name.empty() ? summary.header.app.id : summary.header.app.name;
  annotate(out, all, false, app);
  annotate(out, all, true, app);
  out += workflow_command(
      "notice", app, describe_group_totals(summary) + " (" + describe_batch(summary.header) + ")");
  return out;
}

}  // namespace core
