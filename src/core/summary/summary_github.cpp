#include <fmt/core.h>

#include <algorithm>

#include "core/render/workflow_commands.hpp"
#include "core/summary/owners.hpp"
#include "core/summary/summary_render.hpp"

namespace core {

namespace {
struct Annotation {
  std::string title;
  std::string message;
};

std::string flow_name(const RunLine& run) {
  return run.group + " \xE2\x80\xBA " + run.name;
}

// ", owned by @acme/payments", or nothing when nobody is named.
std::string owned_by(const std::vector<std::string>& owners) {
  return owners.empty() ? "" : ", owned by " + describe_owners(owners);
}

Annotation failure(const RunLine& run, const char* what) {
  std::string message = flow_name(run) + ": " + run.status + owned_by(run.owners);
  if (!run.url.empty()) message += " " + run.url;
  return {std::string(what) + ": " + flow_name(run), message};
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
      others.push_back({"Failed: " + group.name, group.name + ": " + group.status +
                                                     owned_by(group.owners) +
                                                     (group.url.empty() ? "" : " " + group.url)});
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
  std::string out;
  const std::vector<Annotation> all = failures(summary);
  const std::size_t shown = std::min(all.size(), github_annotations_per_kind);
  for (std::size_t i = 0; i < shown; ++i)
    out += workflow_command("error", all[i].title, all[i].message);
  const std::string app =
      summary.header.app.name.empty() ? summary.header.app.id : summary.header.app.name;
  if (all.size() > shown)
    out += workflow_command(
        "notice", app,
        fmt::format("{} more failed flows are not shown as annotations (GitHub shows {} a step); "
                    "the job summary or --format markdown lists them all",
                    all.size() - shown, github_annotations_per_kind));
  out += workflow_command(
      "notice", app, describe_group_totals(summary) + " (" + describe_batch(summary.header) + ")");
  return out;
}

}  // namespace core
