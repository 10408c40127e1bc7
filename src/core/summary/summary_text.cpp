#include <fmt/core.h>
#include <string_view>

#include "core/render/styled_text.hpp"
#include "core/summary/owners.hpp"
#include "core/summary/quarantine.hpp"
#include "core/summary/summary_render.hpp"
#include "util/text_escape.hpp"

namespace core {

namespace {
// One mark per kind of status, all of one width in each set, so names line up: Unicode marks
// take one column, ASCII ones six.
Mark mark_for(std::string_view status) {
  if (status == "passed") return {"\xE2\x9C\x93", "[ ok ]", Tone::good};
  if (status == "failed") return {"\xE2\x9C\x97", "[FAIL]", Tone::bad};
  if (status == "error" || status == "errored") return {"!", "[ERR ]", Tone::bad};
  if (status == "terminated") return {"\xE2\x96\xA0", "[TERM]", Tone::halted};
  if (status == "skipped") return {"-", "[skip]", Tone::muted};
  if (is_unfinished_status(status)) return {"\xE2\x80\xA6", "[wait]", Tone::pending};
  return {"?", "[ ?? ]", Tone::warning};
}

// "  owned by @acme/payments", or nothing when nobody is named.
void owned_by(StyledText& out, const std::vector<std::string>& owners) {
  if (!owners.empty()) out.plain("  owned by ").text(describe_owners(owners));
}

void run_line(StyledText& out, const RunLine& run, bool with_group, bool incomplete) {
  out.plain("    ").mark(mark_for(run.status)).plain(" ");
  if (with_group) out.text(run.group).plain(" / ");
  out.text(run.name).plain(" (").text(run.status).plain(")");
  out.text(describe_quarantined(run.quarantined));
  owned_by(out, owners_to_name(run, incomplete));
  if (!run.url.empty()) out.plain("  ").text(run.url);
  out.plain("\n");
}
}  // namespace

std::string render_text(const BatchSummary& summary, const TextStyle& style) {
  StyledText out(style);
  const PayloadHeader& header = summary.header;
  out.styled(util::escape_for_terminal(header.app.name.empty() ? header.app.id : header.app.name),
             Tone::strong)
      .plain(" (")
      .text(header.app.platform)
      .plain(", ")
      .text(header.app.id)
      .plain(")");
  if (header.git) {
    out.plain(out.dash()).text(header.git->branch.empty() ? "(no branch)" : header.git->branch);
    if (!header.git->commit_sha.empty()) out.plain(" @ ").text(header.git->commit_sha.substr(0, 7));
  }
  if (!header.timestamp.empty()) out.plain(out.dash()).text(header.timestamp);
  out.plain("\n");
  if (header.kind == PayloadKind::run_status && header.is_complete == false) {
    const std::size_t unfinished = summary.runs_in_progress();
    out.styled("Batch not complete", Tone::pending)
        .plain(fmt::format(": {} {} not finished yet\n", unfinished,
                           unfinished == 1 ? "run" : "runs"));
  }
  for (const GroupSummary* listed : summary.groups_worst_first()) {
    const GroupSummary& group = *listed;
    out.mark(mark_for(group.status))
        .plain(" ")
        .text(group.name.empty() ? "(unnamed group)" : group.name);
    out.plain("  (" + describe_run_counts(group.run_count, group.runs_by_status) + ")");
    if (group.status != "passed" && group.status != "failed")
      out.plain(" [").text(group.status).plain("]");
    out.text(describe_quarantined(group.quarantined));
    if (group.failed_on_its_own(summary.incomplete())) owned_by(out, group.owners);
    out.plain("\n");
    for (const RunLine& run : group.shown_runs) run_line(out, run, false, summary.incomplete());
  }
  if (summary.baseline) {
    const BaselineComparison& baseline = *summary.baseline;
    out.plain("Compared with the baseline");
    if (!baseline.baseline_source.empty())
      out.plain(" ")
          .text(baseline.baseline_source)
          .plain(" (")
          .text(baseline.baseline_described)
          .plain(")");
    out.plain(":");
    if (baseline.different_app) out.styled(" (a different app)", Tone::warning);
    out.plain("\n");
    const auto section = [&](const char* title, const std::vector<RunLine>& runs) {
      if (runs.empty()) return;
      out.plain(fmt::format("  {} ({}):\n", title, runs.size()));
      for (const RunLine& run : runs) run_line(out, run, true, summary.incomplete());
    };
    section("newly failing", baseline.newly_failing);
    section("still failing", baseline.still_failing);
    section("fixed", baseline.fixed);
    section("added", baseline.added);
    section("removed", baseline.removed);
    if (baseline.newly_failing.empty() && baseline.still_failing.empty() &&
        baseline.fixed.empty() && baseline.added.empty() && baseline.removed.empty())
      out.plain("  no change\n");
  }
  if (const std::size_t count = summary.quarantined_failures(); count > 0)
    out.plain(fmt::format("{} of {} failed {} quarantined: reported, failing no gate\n", count,
                          summary.failed_flows().size(),
                          summary.failed_flows().size() == 1 ? "flow is" : "flows are"));
  const std::string totals = describe_group_totals(summary) + "; " +
                             describe_run_counts(summary.run_count, summary.runs_by_status);
  out.styled(totals, verdict_tone(summary.verdict())).plain("\n");
  return out.take();
}

std::string describe_group_totals(std::size_t passed, std::size_t failed, std::size_t in_progress) {
  const std::size_t total = passed + failed + in_progress;
  std::string text =
      fmt::format("{} of {} {} passed", passed, total, total == 1 ? "group" : "groups");
  if (failed > 0) text += fmt::format(", {} failed", failed);
  if (in_progress > 0) text += fmt::format(", {} in progress", in_progress);
  return text;
}

std::string describe_group_totals(const BatchSummary& summary) {
  return describe_group_totals(summary.groups_passed, summary.groups_failed,
                               summary.groups_in_progress);
}

const char* verdict_name(Verdict verdict) {
  switch (verdict) {
    case Verdict::passed: return "passed";
    case Verdict::failed: return "failed";
    case Verdict::in_progress: return "in_progress";
  }
  return "failed";
}

Tone verdict_tone(Verdict verdict) {
  switch (verdict) {
    case Verdict::passed: return Tone::good;
    case Verdict::failed: return Tone::bad;
    case Verdict::in_progress: return Tone::pending;
  }
  return Tone::bad;
}

std::string describe_run_counts(std::size_t total,
                                const std::map<std::string, std::size_t>& by_status) {
  std::string text = fmt::format("{} {}", total, total == 1 ? "run" : "runs");
  if (total == 0) return text;
  text += ":";
  bool first = true;
  // Passed first, then the rest in name order: the most common reading order.
  const auto add = [&](const std::string& status, std::size_t count) {
    text += fmt::format("{}{} {}", first ? " " : ", ", count, util::escape_for_terminal(status));
    first = false;
  };
  if (const auto passed = by_status.find("passed"); passed != by_status.end())
    add(passed->first, passed->second);
  for (const auto& [status, count] : by_status)
    if (status != "passed") add(status, count);
  return text;
}

}  // namespace core
