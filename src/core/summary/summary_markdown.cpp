#include <fmt/core.h>
#include <string_view>

#include "core/render/markdown_text.hpp"
#include "core/summary/owners.hpp"
#include "core/summary/quarantine.hpp"
#include "core/summary/summary_render.hpp"

namespace core {

namespace {
// Past this many lines a list is folded in <details>, so a PR comment stays readable.
constexpr std::size_t fold_after = 10;

std::string linked(std::string_view text, std::string_view url) {
  const std::string target = markdown_link_target(url);
  const std::string shown = escape_markdown(text.empty() ? "(unnamed)" : text);
  return target.empty() ? shown : "[" + shown + "](" + target + ")";
}

const char* emoji(std::string_view status) {
  if (status == "passed") return "\xE2\x9C\x85";                  // ✅
  if (status == "failed") return "\xE2\x9D\x8C";                  // ❌
  if (status == "error") return "\xE2\x9D\x97";                   // ❗
  if (status == "terminated") return "\xE2\x8F\xB9\xEF\xB8\x8F";  // ⏹️
  if (status == "skipped") return "\xE2\x8F\xAD\xEF\xB8\x8F";     // ⏭️
  if (is_unfinished_status(status)) return "\xE2\x8F\xB3";        // ⏳
  return "\xE2\x9D\x94";                                          // ❔
}

// " — @acme/payments": owners as mentions, so GitHub links (and tells) the team.
std::string owned_by(const std::vector<std::string>& owners) {
  return owners.empty() ? "" : " \xE2\x80\x94 " + escape_markdown(describe_owners(owners));
}

// " (quarantined until 2026-01-31: why)", the file's words escaped, the brackets not.
std::string quarantined(const std::optional<std::string>& why) {
  const std::string words = describe_quarantined(why);
  return words.empty() ? "" : " (" + escape_markdown(words.substr(2, words.size() - 3)) + ")";
}

void run_list(std::string& out, const std::string& title, const std::vector<RunLine>& runs,
              bool incomplete) {
  if (runs.empty()) return;
  const bool fold = runs.size() > fold_after;
  if (fold)
    out += fmt::format("<details><summary>{} ({})</summary>\n\n", title, runs.size());
  else
    out += "**" + title + "**\n\n";
  for (const RunLine& run : runs)
    out += std::string("- ") + emoji(run.status) + " **" + escape_markdown(run.group) +
           "** \xE2\x80\xBA " + linked(run.name, run.url) + " (" + escape_markdown(run.status) +
           ")" + quarantined(run.quarantined) + owned_by(owners_to_name(run, incomplete)) + "\n";
  out += fold ? "\n</details>\n\n" : "\n";
}
}  // namespace

std::string render_markdown(const BatchSummary& summary) {
  const PayloadHeader& header = summary.header;
  std::string out = "### ";
  const Verdict verdict = summary.verdict();
  out += emoji(verdict == Verdict::passed   ? "passed"
               : verdict == Verdict::failed ? "failed"
                                            : "running");
  out += " " + escape_markdown(header.app.name.empty() ? header.app.id : header.app.name) + ": " +
         describe_group_totals(summary) + "\n\n";
  out += "Platform " + escape_markdown(header.app.platform) + " \xC2\xB7 app " +
         escape_markdown(header.app.id);
  if (header.git) {
    out += " \xC2\xB7 branch **" + escape_markdown(header.git->branch) + "**";
    if (!header.git->commit_sha.empty())
      out += " \xC2\xB7 commit " + escape_markdown(header.git->commit_sha.substr(0, 7));
  }
  if (!header.timestamp.empty()) out += " \xC2\xB7 " + escape_markdown(header.timestamp);
  out += "\n\n";
  if (header.kind == PayloadKind::run_status && header.is_complete == false)
    out += "> " + std::string(emoji("running")) + " The batch is not complete yet.\n\n";
  if (const std::size_t count = summary.quarantined_failures(); count > 0)
    out += fmt::format("> {} of {} failed {} quarantined: reported, failing no gate.\n\n", count,
                       summary.failed_flows().size(),
                       summary.failed_flows().size() == 1 ? "flow is" : "flows are");

  if (!summary.groups.empty()) {
    const bool fold = summary.groups.size() > 2 * fold_after;
    if (fold)
      out += fmt::format("<details><summary>Groups ({})</summary>\n\n", summary.groups.size());
    // An owners column only when an owners file named someone for a failed flow.
    bool owners = false;
    for (const GroupSummary& group : summary.groups)
      owners = owners || !failed_flow_owners(group, summary.incomplete()).empty();
    out += owners ? "| | Group | Runs | Passed | Failed | Other | Owners |\n"
                    "| --- | --- | ---: | ---: | ---: | ---: | --- |\n"
                  : "| | Group | Runs | Passed | Failed | Other |\n"
                    "| --- | --- | ---: | ---: | ---: | ---: |\n";
    for (const GroupSummary& group : summary.groups) {
      const auto count = [&](const char* status) {
        const auto found = group.runs_by_status.find(status);
        return found == group.runs_by_status.end() ? std::size_t{0} : found->second;
      };
      const std::size_t passed = count("passed");
      const std::size_t failed = count("failed");
      out += fmt::format(
          "| {} | {} | {} | {} | {} | {} |", emoji(group.status),
          linked(group.name, group.url) + escape_markdown(describe_quarantined(group.quarantined)),
          group.run_count, passed, failed, group.run_count - passed - failed);
      if (owners)
        out += " " +
               escape_markdown(describe_owners(failed_flow_owners(group, summary.incomplete()))) +
               " |";
      out += "\n";
    }
    out += fold ? "\n</details>\n\n" : "\n";
  }
  std::vector<RunLine> shown;
  for (const GroupSummary& group : summary.groups)
    shown.insert(shown.end(), group.shown_runs.begin(), group.shown_runs.end());
  bool all_passing = true;
  for (const RunLine& run : shown) all_passing = all_passing && is_passing_status(run.status);
  run_list(out, all_passing ? "Runs" : "Runs that need attention", shown, summary.incomplete());
  if (summary.baseline) {
    const BaselineComparison& baseline = *summary.baseline;
    out += "#### Compared with the baseline\n\n";
    if (!baseline.baseline_source.empty())
      out += "This batch: " + escape_markdown(baseline.source) + " (" +
             escape_markdown(baseline.described) +
             ") \xC2\xB7 the earlier one: " + escape_markdown(baseline.baseline_source) + " (" +
             escape_markdown(baseline.baseline_described) + ")\n\n";
    if (baseline.different_app) out += "> The baseline is for a different app.\n\n";
    run_list(out, "Newly failing", baseline.newly_failing, summary.incomplete());
    run_list(out, "Still failing", baseline.still_failing, summary.incomplete());
    run_list(out, "Fixed", baseline.fixed, summary.incomplete());
    run_list(out, "Added", baseline.added, summary.incomplete());
    run_list(out, "Removed", baseline.removed, summary.incomplete());
  }
  return out;
}

}  // namespace core
