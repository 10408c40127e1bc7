#include <fmt/core.h>

#include "core/history/history_render.hpp"
#include "core/render/markdown_text.hpp"
#include "core/summary/owners.hpp"
#include "core/summary/quarantine.hpp"

namespace core {

namespace {
constexpr const char* check_mark = "\xE2\x9C\x85";  // ✅
constexpr const char* cross_mark = "\xE2\x9D\x8C";  // ❌

// " (quarantined until 2026-01-31: why)", the file's words escaped, the brackets not.
std::string quarantined_words(const std::optional<std::string>& why) {
  const std::string words = describe_quarantined(why);
  return words.empty() ? "" : " (" + escape_markdown(words.substr(2, words.size() - 3)) + ")";
}

std::string flow_cell(const FlowHistory& history, const FlowStats& stats) {
  const Flow& flow = history.flows[stats.flow];
  const std::string target = markdown_link_target(latest_url(history, stats));
  const std::string name = escape_markdown(flow.name.empty() ? "(unnamed run)" : flow.name);
  const std::string others = describe_other_lanes(history, stats);
  const std::string owners = describe_owners(owners_to_name(history, stats));
  return "**" + escape_markdown(flow.group.empty() ? "(unnamed group)" : flow.group) +
         "** \xE2\x80\xBA " + (target.empty() ? name : "[" + name + "](" + target + ")") +
         quarantined_words(history.quarantined_of(stats.flow)) +
         (owners.empty() ? "" : " \xE2\x80\x94 " + escape_markdown(owners)) +
         (others.empty() ? "" : " \xC2\xB7 " + escape_markdown(others));
}

std::string since_cells(const FlowHistory& history, const FlowStats& stats) {
  const HistoryBatch& since = history.batches[*stats.since];
  return fmt::format("{} | {} | {} | {}", escape_markdown(since.timestamp),
                     escape_markdown(since.commit_sha.substr(0, 7)), escape_markdown(since.branch),
                     stats.batches_since);
}

void since_table(std::string& out, const FlowHistory& history, FlowState state, const char* title,
                 const char* count_title) {
  if (history.count(state) == 0) return;
  // A fixed flow also says how long it was broken (time to fix).
  const bool fixed = state == FlowState::fixed;
  out += fmt::format(
      "**{}**\n\n| Flow | Since | Commit | Branch | {} |{}\n"
      "| --- | --- | --- | --- | ---: |{}\n",
      title, count_title, fixed ? " Before the fix |" : "", fixed ? " --- |" : "");
  for (const FlowStats& stats : history.flow_stats)
    if (stats.state == state)
      out += "| " + flow_cell(history, stats) + " | " + since_cells(history, stats) + " |" +
             (fixed ? " " + escape_markdown(describe_time_to_fix(history, stats)) + " |" : "") +
             "\n";
  out += "\n";
}
}  // namespace

std::string render_history_markdown(const FlowHistory& history) {
  const std::size_t newly_failing = history.count(FlowState::newly_failing);
  std::string out = "### ";
  if (newly_failing > 0)
    out += fmt::format("{} Flow history: {} newly failing\n\n", cross_mark, newly_failing);
  else
    out += fmt::format("{} Flow history: nothing newly failing\n\n", check_mark);
  const BatchStats totals = history_totals(history);
  out += fmt::format("{} {}", history.batches.size(),
                     history.batches.size() == 1 ? "batch" : "batches");
  if (!history.batches.empty())
    out += " \xC2\xB7 " + escape_markdown(describe_window(history)) + " \xC2\xB7 app " +
           escape_markdown(describe_apps(history));
  out += fmt::format(" \xC2\xB7 pass rate {} ({} of {} {}) \xC2\xB7 {} {}",
                     describe_pass_rate(totals.passed, totals.results()), totals.passed,
                     totals.results(), totals.results() == 1 ? "run" : "runs",
                     history.flow_stats.size(), history.flow_stats.size() == 1 ? "flow" : "flows");
  if (const std::string left_out = describe_left_out(history); !left_out.empty())
    out += " \xC2\xB7 " + left_out;
  out += "\n\n";
  since_table(out, history, FlowState::newly_failing, "Newly failing", "Failing batches");
  if (history.count(FlowState::flaky) > 0) {
    out += "**Flaky**\n\n| Flow | Flips | Passed | Pass rate |\n| --- | ---: | ---: | ---: |\n";
    for (const FlowStats& stats : history.flow_stats)
      if (stats.state == FlowState::flaky)
        out += fmt::format("| {} | {} | {} of {} | {} |\n", flow_cell(history, stats), stats.flips,
                           stats.passed, stats.results(),
                           describe_pass_rate(stats.passed, stats.results()));
    out += "\n";
  }
  since_table(out, history, FlowState::fixed, "Fixed", "Passing batches");
  if (history.count(FlowState::failing) > 0) {
    out += "**Failing in every batch**\n\n";
    for (const FlowStats& stats : history.flow_stats)
      if (stats.state == FlowState::failing)
        out += "- " + std::string(cross_mark) + " " + flow_cell(history, stats) + "\n";
    out += "\n";
  }
  if (!history.flow_stats.empty()) {
    out += fmt::format(
        "<details><summary>Pass rate per flow ({})</summary>\n\n"
        "| Flow | State | Passed | Pass rate | Flips |\n| --- | --- | ---: | ---: | ---: |\n",
        history.flow_stats.size());
    for (const FlowStats& stats : history.flow_stats)
      out += fmt::format("| {} | {} | {} of {} | {} | {} |\n", flow_cell(history, stats),
                         flow_state_words(stats.state), stats.passed, stats.results(),
                         describe_pass_rate(stats.passed, stats.results()), stats.flips);
    out += "\n</details>\n\n";
  }
  if (!history.batches.empty()) {
    const std::size_t shown = std::min(history.batches.size(), markdown_trend_batches);
    out += fmt::format(
        "<details><summary>Pass rate per batch (the latest {} of {})</summary>\n\n"
        "| Time | Commit | Branch | Passed | Pass rate |\n| --- | --- | --- | ---: | ---: |\n",
        shown, history.batches.size());
    for (std::size_t i = history.batches.size() - shown; i < history.batches.size(); ++i) {
      const HistoryBatch& batch = history.batches[i];
      const BatchStats& stats = history.batch_stats[i];
      out +=
          fmt::format("| {} | {} | {} | {} of {} | {} {} |\n", escape_markdown(batch.timestamp),
                      escape_markdown(batch.commit_sha.substr(0, 7)), escape_markdown(batch.branch),
                      stats.passed, stats.results(), stats.failed == 0 ? check_mark : cross_mark,
                      describe_pass_rate(stats.passed, stats.results()));
    }
    out += "\n</details>\n";
  }
  return out;
}

}  // namespace core
