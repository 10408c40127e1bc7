// Renderers of a flow history, one file each: text for a terminal, Markdown for GitHub step
// summaries, JSON for scripts (its shape documented in the README and versioned by "format"),
// and a self-contained HTML page. Names and URLs come from payloads: each escapes them for its
// medium.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/history/flow_history.hpp"
#include "core/render/text_style.hpp"
#include "core/summary/quarantine.hpp"

namespace core {

// How many of the latest batches a report shows one by one; the rest are in the totals.
inline constexpr std::size_t text_trend_batches = 10;
inline constexpr std::size_t markdown_trend_batches = 30;
inline constexpr std::size_t html_chart_batches = 1000;
inline constexpr std::size_t html_grid_batches = 100;

std::string render_history_text(const FlowHistory& history, const TextStyle& style);
std::string render_history_markdown(const FlowHistory& history);
std::string render_history_json(const FlowHistory& history);
std::string render_history_html(const FlowHistory& history);
// GitHub workflow commands: an ::error per newly failing flow, a ::warning per flaky one and a
// ::notice per fixed one, at most 10 of each (then a notice of how many more).
std::string render_history_github(const FlowHistory& history);
// The lines a quarantine file (core/summary/quarantine.hpp) needs for the window's flaky flows,
// each until the date given, with why.
std::string render_history_quarantine(const FlowHistory& history, std::string_view until);
// Notes which newly failing, failing and flaky flows an active entry of the list covers, so that
// each report can say so (and GitHub annotations make them warnings, not errors).
void mark_quarantined_flows(FlowHistory& history, const QuarantineList& list,
                            std::int64_t now_milliseconds);

// "88%": whole percent, never rounded up to 100% nor down to 0% when it is not quite that.
std::string describe_pass_rate(std::size_t passed, std::size_t results);
// "main @ c3c3c3c", "(no branch)", for where a batch ran.
std::string describe_commit(const HistoryBatch& batch);
// "Checkout / pay by card"
std::string flow_label(const Flow& flow);
// The URL of a flow's latest run, when its batch still keeps URLs.
std::string latest_url(const FlowHistory& history, const FlowStats& stats);
// "2025-02-01T09:00:00.000Z to 2025-02-04T09:00:00.000Z", for the window's first and last batch.
std::string describe_window(const FlowHistory& history);
// What was read and is not in the window: "2 of 9 read left out; 1 repeated delivery counted
// once", or "" when nothing.
std::string describe_left_out(const FlowHistory& history);
// The window's app, "3 apps" or "" when empty.
std::string describe_apps(const FlowHistory& history);
// Whole runs over the window.
BatchStats history_totals(const FlowHistory& history);
// "main", "(no branch)"; with several apps in the window, "com.example.other: main".
std::string describe_lane(const FlowHistory& history, std::uint32_t lane);
// The flow's other lanes that are not passing, for its line: "also failing on feature/login;
// flaky on release (2 flips)", or "" when there are none.
std::string describe_other_lanes(const FlowHistory& history, const FlowStats& stats);
// ", passed and failed on main @ c9c9c9c" when a retry on one commit changed its mind, else "".
std::string describe_same_commit_flip(const FlowHistory& history, const FlowStats& stats);
// "broken for 1d 6h (3 batches) from main @ c3c3c3c": how long a fixed flow failed before its
// fix; "" for any other state.
std::string describe_time_to_fix(const FlowHistory& history, const FlowStats& stats);
// The owners a report names beside a flow that fails or flips (newly failing, failing, flaky);
// none for any other, nor without an owners file.
const std::vector<std::string>& owners_to_name(const FlowHistory& history, const FlowStats& stats);
// " on main" when the window has several lanes (a flaky flow's flips are one lane's), else "".
std::string on_lane(const FlowHistory& history, const FlowStats& stats);

}  // namespace core
