// The phrases every history renderer uses, so that text, Markdown, JSON and HTML agree.
#include <fmt/core.h>

#include <algorithm>
#include <set>

#include "core/history_render.hpp"

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

BatchStats history_totals(const FlowHistory& history) {
  BatchStats totals;
  for (const BatchStats& batch : history.batch_stats) {
    totals.passed += batch.passed;
    totals.failed += batch.failed;
  }
  return totals;
}

}  // namespace core
