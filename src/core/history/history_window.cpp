#include "core/history/history_window.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <map>
#include <vector>

#include "util/rfc3339.hpp"
#include "util/suggest.hpp"

namespace core {

namespace {
constexpr std::size_t listed_at_most = 10;

std::string branch_name(const std::string& branch) {
  return branch.empty() ? "(no branch)" : branch;
}

// "main (9), feature/login (5)": most batches first, the rest counted.
std::string listing(const std::map<std::string, std::size_t>& counts) {
  std::vector<std::pair<std::string, std::size_t>> sorted(counts.begin(), counts.end());
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  std::string text;
  for (std::size_t i = 0; i < sorted.size() && i < listed_at_most; ++i)
    text += fmt::format("{}{} ({})", i == 0 ? "" : ", ", sorted[i].first, sorted[i].second);
  if (sorted.size() > listed_at_most)
    text += fmt::format(" and {} more", sorted.size() - listed_at_most);
  return text;
}

std::string did_you_mean(const std::string& word,
                         const std::map<std::string, std::size_t>& counts) {
  std::vector<std::string> candidates;
  for (const auto& [name, count] : counts) candidates.push_back(name);
  const auto nearest = util::nearest(word, candidates);
  return nearest ? "; did you mean " + *nearest + "?" : "";
}
}  // namespace

std::optional<std::string> explain_empty_window(const FlowHistory& history,
                                                const HistoryFilter& filter) {
  if (!history.batches.empty()) return std::nullopt;
  if (history.lanes_read.empty()) return "no batch in the input";
  const auto of_app = [&](const LaneRead& lane) {
    return !filter.app_id || lane.app_id == *filter.app_id;
  };
  const auto on_branch = [&](const LaneRead& lane) {
    return !filter.branch || lane.branch == *filter.branch;
  };

  std::map<std::string, std::size_t> apps, branches;
  std::int64_t latest = 0;
  bool any = false;
  for (const LaneRead& lane : history.lanes_read) {
    apps[lane.app_id] += lane.batches;
    if (!of_app(lane)) continue;
    branches[branch_name(lane.branch)] += lane.batches;
    if (!on_branch(lane)) continue;
    latest = any ? std::max(latest, lane.latest_milliseconds) : lane.latest_milliseconds;
    any = true;
  }
  const std::string of_the_app = filter.app_id ? " of app '" + *filter.app_id + "'" : "";
  if (filter.app_id && branches.empty())
    return fmt::format("no batch of app '{}'; apps in the input: {}{}", *filter.app_id,
                       listing(apps), did_you_mean(*filter.app_id, apps));
  if (filter.branch && !any)
    return fmt::format("no batch on branch '{}'{}; branches in the input{}: {}{}", *filter.branch,
                       of_the_app, of_the_app, listing(branches),
                       did_you_mean(*filter.branch, branches));
  const std::string on_the_branch = filter.branch ? " on branch '" + *filter.branch + "'" : "";
  if (filter.since_milliseconds)
    return fmt::format("no batch{}{} since {}; the latest is from {}", on_the_branch, of_the_app,
                       util::format_rfc3339(*filter.since_milliseconds),
                       util::format_rfc3339(latest));
  return "no batch in the window";
}

}  // namespace core
