// The phrases every history renderer uses, so that text, Markdown, JSON and HTML agree.
#include <fmt/core.h>

#include <algorithm>
#include <set>

#include "core/history/history_render.hpp"
#include "util/duration.hpp"

namespace core {

std::string describe_pass_rate(std::size_t passed, std::size_t results) {
  if (results == 0) return "-";
  std::size_t percent = (passed * 100 + results / 2) / results;
  if (percent == 100 && passed < results) percent = 99;
  if (percent == 0 && passed > 0) percent = 1;
  return fmt::format("{}%", percent);
}

std::string describe_commit(const HistoryBatch& batch) {
  std::string text = batch.branch.empty() ? "(no branch)" : batch.branch;
  if (!batch.commit_sha.empty()) text += " @ " + batch.commit_sha.substr(0, 7);
  return text;
}

std::string flow_label(const Flow& flow) {
  return (flow.group.empty() ? "(unnamed group)" : flow.group) + " / " +
         (flow.name.empty() ? "(unnamed run)" : flow.name);
}

std::string latest_url(const FlowHistory& history, const FlowStats& stats) {
  if (stats.latest >= history.batches.size()) return {};
  return history.batches[stats.latest].url(stats.flow);
}

std::string describe_window(const FlowHistory& history) {
  if (history.batches.empty()) return {};
  const std::string& first = history.batches.front().timestamp;
  const std::string& last = history.batches.back().timestamp;
  return first == last ? first : first + " to " + last;
}

std::string describe_left_out(const FlowHistory& history) {
  std::string out;
  if (history.batches_filtered > 0)
    out = fmt::format("{} of {} read left out", history.batches_filtered, history.batches_read);
  if (history.batches_repeated > 0)
    out += fmt::format("{}{} repeated {} counted once", out.empty() ? "" : "; ",
                       history.batches_repeated,
                       history.batches_repeated == 1 ? "delivery" : "deliveries");
  return out;
}

std::string describe_apps(const FlowHistory& history) {
  std::set<std::string> ids;
  for (const HistoryBatch& batch : history.batches) ids.insert(batch.app_id);
  if (ids.size() > 1) return fmt::format("{} apps", ids.size());
  if (ids.empty()) return {};
  const HistoryBatch& latest = history.batches.back();
  return latest.app_name.empty() ? latest.app_id : latest.app_name + " (" + latest.app_id + ")";
}

std::string describe_lane(const FlowHistory& history, std::uint32_t lane) {
  const Lane& named = history.lanes[lane];
  const std::string branch = named.branch.empty() ? "(no branch)" : named.branch;
  // Lanes are sorted by app id: the first and the last differ when there are several apps.
  const bool several_apps = history.lanes.front().app_id != history.lanes.back().app_id;
  return several_apps ? named.app_id + ": " + branch : branch;
}

std::string describe_other_lanes(const FlowHistory& history, const FlowStats& stats) {
  std::string out;
  for (const LaneStats& lane : stats.lanes) {
    if (lane.lane == stats.lane || lane.state == FlowState::passing ||
        lane.state == FlowState::no_result)
      continue;
    out += fmt::format("{}{} on {}", out.empty() ? "also " : "; ", flow_state_words(lane.state),
                       describe_lane(history, lane.lane));
    if (lane.state == FlowState::flaky)
      out += fmt::format(" ({} {})", lane.flips, lane.flips == 1 ? "flip" : "flips");
  }
  return out;
}

std::string describe_same_commit_flip(const FlowHistory& history, const FlowStats& stats) {
  for (const LaneStats& lane : stats.lanes)
    if (lane.lane == stats.lane && lane.same_commit_flip)
      return ", passed and failed on " + describe_commit(history.batches[*lane.same_commit_flip]);
  return {};
}

std::string describe_time_to_fix(const FlowHistory& history, const FlowStats& stats) {
  if (stats.state != FlowState::fixed || !stats.broken_since || !stats.since) return {};
  const HistoryBatch& first = history.batches[*stats.broken_since];
  const std::int64_t broken =
      history.batches[*stats.since].time_milliseconds - first.time_milliseconds;
  return fmt::format("broken for {} ({} batch{}) from {}", util::format_duration(broken),
                     stats.broken_batches, stats.broken_batches == 1 ? "" : "es",
                     describe_commit(first));
}

std::string on_lane(const FlowHistory& history, const FlowStats& stats) {
  return history.lanes.size() > 1 ? " on " + describe_lane(history, stats.lane) : "";
}

BatchStats history_totals(const FlowHistory& history) {
  BatchStats totals;
  for (const BatchStats& batch : history.batch_stats) {
    totals.passed += batch.passed;
    totals.failed += batch.failed;
  }
  return totals;
}

const std::vector<std::string>& owners_to_name(const FlowHistory& history, const FlowStats& stats) {
  static const std::vector<std::string> nobody;
  const bool fails = stats.state == FlowState::newly_failing || stats.state == FlowState::failing ||
                     stats.state == FlowState::flaky;
  return fails ? history.owners_of(stats.flow) : nobody;
}

}  // namespace core
