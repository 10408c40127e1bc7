#include <fmt/core.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "core/history/history_render.hpp"
#include "core/render/styled_text.hpp"
#include "core/summary/owners.hpp"
#include "core/summary/quarantine.hpp"

namespace core {

namespace {
// One mark per state, of one width in each set so that names line up.
Mark state_mark(FlowState state) {
  switch (state) {
    case FlowState::newly_failing:
    case FlowState::failing: return {"\xE2\x9C\x97", "[FAIL]", Tone::bad};
    case FlowState::flaky: return {"~", "[FLKY]", Tone::warning};
    case FlowState::fixed:
    case FlowState::passing: return {"\xE2\x9C\x93", "[ ok ]", Tone::good};
    case FlowState::no_result: return {"-", "[skip]", Tone::muted};
  }
  return {"-", "[skip]", Tone::muted};
}

std::string batches_word(std::size_t count) {
  return fmt::format("{} {}", count, count == 1 ? "batch" : "batches");
}

void flow_line(StyledText& out, const FlowHistory& history, const FlowStats& stats) {
  out.plain("    ")
      .mark(state_mark(stats.state))
      .plain(" ")
      .text(flow_label(history.flows[stats.flow]));
  out.plain(out.dash());
  if (stats.since) {
    const HistoryBatch& since = history.batches[*stats.since];
    out.plain(stats.state == FlowState::fixed ? "passing in " : "failing in ")
        .plain(batches_word(stats.batches_since))
        .plain(" since ")
        .text(describe_commit(since))
        .plain(" (")
        .text(since.timestamp)
        .plain(")");
    if (const std::string fix = describe_time_to_fix(history, stats); !fix.empty())
      out.plain("; it was ").text(fix);
  } else if (stats.state == FlowState::flaky) {
    out.plain(fmt::format("{} {}", stats.flips, stats.flips == 1 ? "flip" : "flips"))
        .text(on_lane(history, stats))
        .plain(fmt::format(", passed {} of {} ({})", stats.passed, stats.results(),
                           describe_pass_rate(stats.passed, stats.results())))
        .text(describe_same_commit_flip(history, stats));
  } else {
    out.plain(fmt::format("failed {} of {}", stats.failed, stats.results()))
        .text(on_lane(history, stats));
  }
  if (const std::string others = describe_other_lanes(history, stats); !others.empty())
    out.plain("; ").text(others);
  out.text(describe_quarantined(history.quarantined_of(stats.flow)));
  if (const auto& owners = owners_to_name(history, stats); !owners.empty())
    out.plain("; owned by ").text(describe_owners(owners));
  const std::string url = latest_url(history, stats);
  if (!url.empty() && stats.state != FlowState::fixed) out.plain("  ").text(url);
  out.plain("\n");
}

void section(StyledText& out, const FlowHistory& history, FlowState state, const char* title) {
  const std::size_t count = history.count(state);
  if (count == 0) return;
  out.styled(fmt::format("{} ({}):", title, count), state == FlowState::fixed   ? Tone::good
                                                    : state == FlowState::flaky ? Tone::warning
                                                                                : Tone::bad)
      .plain("\n");
  for (const FlowStats& stats : history.flow_stats)
    if (stats.state == state) flow_line(out, history, stats);
}
}  // namespace

std::string render_history_text(const FlowHistory& history, const TextStyle& style) {
  StyledText out(style);
  out.styled("History", Tone::strong).plain(": " + batches_word(history.batches.size()));
  if (!history.batches.empty()) out.plain(", ").text(describe_window(history));
  if (const std::string left_out = describe_left_out(history); !left_out.empty())
    out.plain(" (" + left_out + ")");
  out.plain("\n");
  if (history.batches.empty()) {
    out.plain("No batch to compare.\n");
    return out.take();
  }
  std::map<std::string, std::size_t> branches;
  for (const HistoryBatch& batch : history.batches)
    ++branches[batch.branch.empty() ? "(no branch)" : batch.branch];
  out.plain("App: ").text(describe_apps(history)).plain("; branches: ");
  bool first = true;
  for (const auto& [branch, count] : branches) {
    out.plain(first ? "" : ", ").text(branch).plain(fmt::format(" ({})", count));
    first = false;
  }
  out.plain("\n");
  const BatchStats totals = history_totals(history);
  out.plain(fmt::format(
      "Pass rate: {} ({} of {} {}), {} {}\n", describe_pass_rate(totals.passed, totals.results()),
      totals.passed, totals.results(), totals.results() == 1 ? "run" : "runs",
      history.flow_stats.size(), history.flow_stats.size() == 1 ? "flow" : "flows"));
  out.plain("\n");
  if (history.count(FlowState::newly_failing) == 0)
    out.styled("No flow newly failing.", Tone::good).plain("\n");
  section(out, history, FlowState::newly_failing, "Newly failing");
  section(out, history, FlowState::flaky, "Flaky");
  section(out, history, FlowState::fixed, "Fixed");
  section(out, history, FlowState::failing, "Failing in every batch");

  // flow_stats come grouped by state; this list is for finding the worst, so by rate alone.
  std::vector<const FlowStats*> ever_failed;
  for (const FlowStats& stats : history.flow_stats)
    if (stats.failed > 0) ever_failed.push_back(&stats);
  std::stable_sort(
      ever_failed.begin(), ever_failed.end(), [](const FlowStats* a, const FlowStats* b) {
        return *pass_rate(a->passed, a->results()) < *pass_rate(b->passed, b->results());
      });
  if (!ever_failed.empty())
    out.plain("\nPass rate per flow, lowest first (flows that ever failed):\n");
  for (const FlowStats* flow : ever_failed) {
    const FlowStats& stats = *flow;
    out.plain(fmt::format("    {:>4}  ", describe_pass_rate(stats.passed, stats.results())))
        .text(flow_label(history.flows[stats.flow]))
        .plain(fmt::format(" ({} of {})\n", stats.passed, stats.results()));
  }
  const std::size_t shown = std::min(history.batches.size(), text_trend_batches);
  out.plain(fmt::format("\nPass rate per batch, oldest first (the latest {} of {}):\n", shown,
                        history.batches.size()));
  for (std::size_t i = history.batches.size() - shown; i < history.batches.size(); ++i) {
    const HistoryBatch& batch = history.batches[i];
    const BatchStats& stats = history.batch_stats[i];
    const bool all_passed = stats.failed == 0;
    out.plain("    ")
        .text(batch.timestamp)
        .plain("  ")
        .styled(fmt::format("{:>4}", describe_pass_rate(stats.passed, stats.results())),
                all_passed ? Tone::good : Tone::bad)
        .plain(fmt::format(" ({} of {})  ", stats.passed, stats.results()))
        .text(describe_commit(batch))
        .plain("\n");
  }
  return out.take();
}

}  // namespace core
