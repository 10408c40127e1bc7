#include "core/history/flow_history.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <tuple>

#include "core/summary/batch_summary.hpp"

namespace core {

RunOutcome outcome_of(std::string_view status) {
  if (status == "passed") return RunOutcome::passed;
  if (status == "skipped") return RunOutcome::skipped;
  if (status == "error" || status == "errored") return RunOutcome::errored;
  if (status == "terminated") return RunOutcome::terminated;
  if (is_unfinished_status(status)) return RunOutcome::unfinished;
  return RunOutcome::failed;
}

bool is_failure(RunOutcome outcome) {
  return outcome == RunOutcome::failed || outcome == RunOutcome::errored ||
         outcome == RunOutcome::terminated;
}

bool is_result(RunOutcome outcome) {
  return outcome == RunOutcome::passed || is_failure(outcome);
}

const char* run_outcome_name(RunOutcome outcome) {
  switch (outcome) {
    case RunOutcome::absent: return "absent";
    case RunOutcome::passed: return "passed";
    case RunOutcome::failed: return "failed";
    case RunOutcome::errored: return "errored";
    case RunOutcome::terminated: return "terminated";
    case RunOutcome::skipped: return "skipped";
    case RunOutcome::unfinished: return "unfinished";
  }
  return "absent";
}

const char* flow_state_name(FlowState state) {
  switch (state) {
    case FlowState::newly_failing: return "newly_failing";
    case FlowState::flaky: return "flaky";
    case FlowState::fixed: return "fixed";
    case FlowState::failing: return "failing";
    case FlowState::passing: return "passing";
    case FlowState::no_result: return "no_result";
  }
  return "no_result";
}

const char* flow_state_words(FlowState state) {
  switch (state) {
    case FlowState::newly_failing: return "newly failing";
    case FlowState::flaky: return "flaky";
    case FlowState::fixed: return "fixed";
    case FlowState::failing: return "failing";
    case FlowState::passing: return "passing";
    case FlowState::no_result: return "no result";
  }
  return "no result";
}

std::optional<double> pass_rate(std::size_t passed, std::size_t results) {
  if (results == 0) return std::nullopt;
  return static_cast<double>(passed) / static_cast<double>(results);
}

RunOutcome HistoryBatch::outcome(std::uint32_t flow) const {
  const auto found = std::lower_bound(outcomes.begin(), outcomes.end(), flow,
                                      [](const std::pair<std::uint32_t, RunOutcome>& cell,
                                         std::uint32_t id) { return cell.first < id; });
  return found != outcomes.end() && found->first == flow ? found->second : RunOutcome::absent;
}

std::string HistoryBatch::url(std::uint32_t flow) const {
  if (urls.empty()) return {};
  const auto found = std::lower_bound(outcomes.begin(), outcomes.end(), flow,
                                      [](const std::pair<std::uint32_t, RunOutcome>& cell,
                                         std::uint32_t id) { return cell.first < id; });
  if (found == outcomes.end() || found->first != flow) return {};
  return urls[static_cast<std::size_t>(found - outcomes.begin())];
}

std::size_t FlowHistory::count(FlowState state) const {
  return static_cast<std::size_t>(std::count_if(
      flow_stats.begin(), flow_stats.end(), [&](const FlowStats& s) { return s.state == state; }));
}

const std::vector<std::string>& FlowHistory::owners_of(std::uint32_t flow) const {
  static const std::vector<std::string> nobody;
  return flow < owners.size() ? owners[flow] : nobody;
}

const std::optional<std::string>& FlowHistory::quarantined_of(std::uint32_t flow) const {
  static const std::optional<std::string> none;
  return flow < quarantined.size() ? quarantined[flow] : none;
}

HistoryBuilder::HistoryBuilder(HistoryFilter filter, std::size_t urls_kept)
    : filter_(std::move(filter)), urls_kept_(urls_kept) {}

std::uint32_t HistoryBuilder::flow_id(const std::string& group, const std::string& name) {
  std::string key = group;
  key += '\0';
  key += name;
  const auto [found, added] = flow_ids_.try_emplace(std::move(key), 0);
  if (added) {
    found->second = static_cast<std::uint32_t>(flows_.size());
    flows_.push_back(Flow{group, name});
  }
  return found->second;
}

void HistoryBuilder::add_group(const RunGroup& group) {
  for (const Run& run : group.runs) add_run(flow_id(group.name, run.name), run.status, run.url);
}

void HistoryBuilder::add_run(std::uint32_t flow, std::string_view status, std::string url) {
  if (filter_.keeps_flow) {
    if (kept_.size() <= flow) kept_.resize(flows_.size(), -1);
    if (kept_[flow] < 0) kept_[flow] = filter_.keeps_flow(flows_[flow]) ? 1 : 0;
    if (kept_[flow] == 0) return;
  }
  // A million runs carry a handful of statuses: each is classified once in a row of equals.
  if (!last_status_ || status != *last_status_) {
    last_status_ = std::string(status);
    last_outcome_ = outcome_of(status);
    // Whether the batch says it is not complete may come later: remember what would then be in
    // progress rather than failed.
    last_unfinished_if_incomplete_ = verdict_of(status, true) == Verdict::in_progress;
  }
  pending_.emplace_back(flow, last_outcome_);
  pending_urls_.push_back(std::move(url));
  pending_unfinished_if_incomplete_.push_back(last_unfinished_if_incomplete_);
}

void HistoryBuilder::drop_batch() {
  pending_.clear();
  pending_urls_.clear();
  pending_unfinished_if_incomplete_.clear();
}

bool HistoryBuilder::accepts(const PayloadHeader& header, std::int64_t time_milliseconds) const {
  if (filter_.branch && (!header.git || header.git->branch != *filter_.branch)) return false;
  if (filter_.app_id && header.app.id != *filter_.app_id) return false;
  if (filter_.since_milliseconds && time_milliseconds < *filter_.since_milliseconds) return false;
  return true;
}

namespace {
// The same batch delivered again has the same app, time, commit and outcomes; a hash stands for
// the outcomes, so that the key stays small whatever the batch's size.
std::string repeat_key(const HistoryBatch& batch) {
  std::string outcomes;
  outcomes.reserve(batch.outcomes.size() * 5);
  for (const auto& [flow, outcome] : batch.outcomes) {
    outcomes.append(reinterpret_cast<const char*>(&flow), sizeof flow);
    outcomes += static_cast<char>(outcome);
  }
  std::string key = batch.app_id;
  for (const std::string& part :
       {std::to_string(batch.time_milliseconds), batch.commit_sha, batch.branch,
        std::to_string(std::hash<std::string>{}(outcomes))}) {
    key += '\0';
    key += part;
  }
  return key;
}
}  // namespace

void HistoryBuilder::end_batch(const PayloadHeader& header, std::int64_t time_milliseconds,
                               std::string source) {
  ++read_;
  const std::string branch = header.git ? header.git->branch : std::string();
  LaneRead& lane = lanes_read_[{header.app.id, branch}];
  if (lane.batches++ == 0) {
    lane.app_id = header.app.id;
    lane.branch = branch;
    lane.latest_milliseconds = time_milliseconds;
  }
  lane.latest_milliseconds = std::max(lane.latest_milliseconds, time_milliseconds);
  if (!accepts(header, time_milliseconds)) {
    ++filtered_;
    drop_batch();
    return;
  }
  HistoryBatch batch;
  batch.time_milliseconds = time_milliseconds;
  batch.timestamp = header.timestamp;
  if (header.git) {
    batch.commit_sha = header.git->commit_sha;
    batch.branch = header.git->branch;
  }
  batch.app_id = header.app.id;
  batch.app_name = header.app.name;
  if (header.is_complete == false)
    for (std::size_t i = 0; i < pending_.size(); ++i)
      if (pending_unfinished_if_incomplete_[i]) pending_[i].second = RunOutcome::unfinished;
  batch.source = std::move(source);
  batch.order = read_;
  // Sorted by flow; a flow listed twice in one batch counts once, its worst outcome winning.
  std::vector<std::size_t>& order = order_;
  order.resize(pending_.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  // URLs are kept for the latest batches only: an older one need not copy them at all.
  const bool may_keep_urls =
      urls_kept_ > 0 && (with_urls_.size() < urls_kept_ ||
                         std::make_pair(time_milliseconds, read_) > with_urls_.begin()->first);
  // Most batches list their flows in the order first met, which is the ids' order already.
  const auto by_flow = [&](std::size_t a, std::size_t b) {
    return pending_[a].first < pending_[b].first;
  };
  if (!std::is_sorted(order.begin(), order.end(), by_flow))
    std::stable_sort(order.begin(), order.end(), by_flow);
  // Sized once: growing by doubling costs a batch of a hundred flows eight copies.
  batch.outcomes.reserve(order.size());
  if (may_keep_urls) batch.urls.reserve(order.size());
  for (std::size_t i : order) {
    if (!batch.outcomes.empty() && batch.outcomes.back().first == pending_[i].first) {
      if (is_failure(pending_[i].second) && !is_failure(batch.outcomes.back().second)) {
        batch.outcomes.back().second = pending_[i].second;
        if (may_keep_urls) batch.urls.back() = std::move(pending_urls_[i]);
      }
      continue;
    }
    batch.outcomes.push_back(pending_[i]);
    if (may_keep_urls) batch.urls.push_back(std::move(pending_urls_[i]));
  }
  drop_batch();
  if (!batch_keys_.insert(repeat_key(batch)).second) {
    ++repeated_;
    return;
  }
  batches_.push_back(std::move(batch));
  keep_urls_of_latest(batches_.size() - 1);
}

// Only the latest urls_kept_ batches keep their URLs: when one more arrives, the oldest of them
// lets its URLs go.
void HistoryBuilder::keep_urls_of_latest(std::size_t added) {
  HistoryBatch& batch = batches_[added];
  if (urls_kept_ == 0) {
    std::vector<std::string>().swap(batch.urls);
    return;
  }
  with_urls_.insert({{batch.time_milliseconds, batch.order}, added});
  if (with_urls_.size() <= urls_kept_) return;
  const auto oldest = with_urls_.begin();
  std::vector<std::string>().swap(batches_[oldest->second].urls);
  with_urls_.erase(oldest);
}

FlowHistory HistoryBuilder::finish() {
  const auto by_time = [](const HistoryBatch& a, const HistoryBatch& b) {
    return std::tie(a.time_milliseconds, a.order) < std::tie(b.time_milliseconds, b.order);
  };
  // Files and the store mostly give batches in time order already; moving them costs more.
  if (!std::is_sorted(batches_.begin(), batches_.end(), by_time))
    std::sort(batches_.begin(), batches_.end(), by_time);
  std::size_t cut = 0;
  if (filter_.last && batches_.size() > *filter_.last) cut = batches_.size() - *filter_.last;
  batches_.erase(batches_.begin(), batches_.begin() + static_cast<std::ptrdiff_t>(cut));
  // Flows seen only in batches left out are not part of the window: renumber the others.
  std::vector<std::uint32_t> renumbered(flows_.size(), UINT32_MAX);
  std::vector<Flow> flows;
  for (HistoryBatch& batch : batches_)
    for (auto& [flow, outcome] : batch.outcomes) {
      if (renumbered[flow] == UINT32_MAX) {
        renumbered[flow] = static_cast<std::uint32_t>(flows.size());
        flows.push_back(flows_[flow]);
      }
      flow = renumbered[flow];
    }
  // Renumbering keeps each batch's own order only if ids were given in first-seen order, which
  // they were not necessarily: sort again, keeping URLs beside their cells.
  const auto by_flow = [](const auto& a, const auto& b) { return a.first < b.first; };
  for (HistoryBatch& batch : batches_) {
    if (std::is_sorted(batch.outcomes.begin(), batch.outcomes.end(), by_flow)) continue;
    std::vector<std::size_t> order(batch.outcomes.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return batch.outcomes[a].first < batch.outcomes[b].first;
    });
    std::vector<std::pair<std::uint32_t, RunOutcome>> outcomes;
    std::vector<std::string> urls;
    outcomes.reserve(order.size());
    for (std::size_t i : order) {
      outcomes.push_back(batch.outcomes[i]);
      if (!batch.urls.empty()) urls.push_back(std::move(batch.urls[i]));
    }
    batch.outcomes = std::move(outcomes);
    batch.urls = std::move(urls);
  }
  FlowHistory history = analyse_history(std::move(flows), std::move(batches_));
  history.batches_read = read_;
  history.batches_filtered = filtered_ + cut;
  history.batches_repeated = repeated_;
  for (auto& [key, lane] : lanes_read_) history.lanes_read.push_back(std::move(lane));
  return history;
}

namespace {
// One flow on one lane, while the batches go by in time order.
struct LaneTrack {
  LaneStats stats;
  bool has_last = false;
  bool last_failed = false;
  std::size_t last_batch = 0;  // of the latest result
  std::size_t streak_start = 0, streak_length = 0;
  std::size_t previous_start = 0, previous_length = 0;  // the streak before this one
};

// Worst first: the order in which a flow's lanes compete to give its state.
int severity(FlowState state) {
  switch (state) {
    case FlowState::newly_failing: return 0;
    case FlowState::failing: return 1;
    case FlowState::flaky: return 2;
    case FlowState::fixed: return 3;
    case FlowState::passing: return 4;
    case FlowState::no_result: return 5;
  }
  return 5;
}

// The README's table "How history judges a flow", for one lane.
void judge_lane(LaneTrack& track) {
  LaneStats& stats = track.stats;
  if (!track.has_last) {
    stats.state = FlowState::no_result;
    return;
  }
  const bool changed_before = track.streak_length < stats.results();
  const bool flaky = stats.flips >= 2 || stats.same_commit_flip.has_value();
  if (track.last_failed) {
    if (!changed_before)
      stats.state = FlowState::failing;
    else if (flaky && track.streak_length < failures_that_end_flakiness)
      stats.state = FlowState::flaky;
    else
      stats.state = FlowState::newly_failing;
  } else {
    stats.state = flaky ? FlowState::flaky : changed_before ? FlowState::fixed : FlowState::passing;
  }
  if (stats.state == FlowState::newly_failing || stats.state == FlowState::fixed) {
    stats.since = track.streak_start;
    stats.batches_since = track.streak_length;
  }
  if (stats.state == FlowState::fixed) {
    stats.broken_since = track.previous_start;
    stats.broken_batches = track.previous_length;
  }
}

// Lanes sorted by app id, then branch; each batch's lane.
std::vector<std::uint32_t> assign_lanes(const std::vector<HistoryBatch>& batches,
                                        std::vector<Lane>& lanes) {
  std::map<std::pair<std::string, std::string>, std::uint32_t> ids;
  for (const HistoryBatch& batch : batches) ids.emplace(std::pair{batch.app_id, batch.branch}, 0);
  for (auto& [key, id] : ids) {
    id = static_cast<std::uint32_t>(lanes.size());
    lanes.push_back(Lane{key.first, key.second, 0});
  }
  std::vector<std::uint32_t> of_batch;
  of_batch.reserve(batches.size());
  for (const HistoryBatch& batch : batches) {
    of_batch.push_back(ids.at({batch.app_id, batch.branch}));
    ++lanes[of_batch.back()].batches;
  }
  return of_batch;
}
}  // namespace

FlowHistory analyse_history(std::vector<Flow> flows, std::vector<HistoryBatch> batches,
                            std::size_t table_limit) {
  FlowHistory history;
  const std::vector<std::uint32_t> lane_of = assign_lanes(batches, history.lanes);
  // Each flow on each lane has a track, found for every run (a million of them).
  std::vector<std::pair<std::uint64_t, LaneTrack>> tracks;  // flow << 32 | lane, the track
  const std::size_t lane_count = history.lanes.size();
  const bool dense = lane_count * flows.size() <= table_limit;
  std::vector<std::uint32_t> dense_tracks(dense ? lane_count * flows.size() : 0, UINT32_MAX);
  std::unordered_map<std::uint64_t, std::uint32_t> sparse_tracks;
  const auto track_of = [&](std::uint32_t flow, std::uint32_t lane) -> LaneTrack& {
    const std::uint64_t key = std::uint64_t{flow} << 32U | lane;
    std::uint32_t* slot = dense ? &dense_tracks[std::size_t{lane} * flows.size() + flow]
                                : &sparse_tracks.try_emplace(key, UINT32_MAX).first->second;
    if (*slot == UINT32_MAX) {
      *slot = static_cast<std::uint32_t>(tracks.size());
      tracks.emplace_back(key, LaneTrack{});
    }
    return tracks[*slot].second;
  };
  std::vector<bool> seen(flows.size(), false);
  std::vector<std::size_t> latest(flows.size(), 0);
  std::vector<RunOutcome> latest_outcome(flows.size(), RunOutcome::absent);
  history.batch_stats.reserve(batches.size());
  for (std::size_t index = 0; index < batches.size(); ++index) {
    const HistoryBatch& batch = batches[index];
    BatchStats counts;
    for (const auto& [flow, outcome] : batch.outcomes) {
      LaneTrack& track = track_of(flow, lane_of[index]);
      LaneStats& stats = track.stats;
      stats.lane = lane_of[index];
      stats.latest = index;
      stats.latest_outcome = outcome;
      seen[flow] = true;
      latest[flow] = index;
      latest_outcome[flow] = outcome;
      if (!is_result(outcome)) continue;
      const bool failed = is_failure(outcome);
      (failed ? counts.failed : counts.passed) += 1;
      (failed ? stats.failed : stats.passed) += 1;
      if (track.has_last && track.last_failed != failed) {
        ++stats.flips;
        if (batches[track.last_batch].commit_sha == batch.commit_sha && !batch.commit_sha.empty())
          stats.same_commit_flip = index;
      }
      if (!track.has_last || track.last_failed != failed) {
        track.previous_start = track.streak_start;
        track.previous_length = track.streak_length;
        track.streak_start = index;
        track.streak_length = 0;
      }
      ++track.streak_length;
      track.has_last = true;
      track.last_failed = failed;
      track.last_batch = index;
    }
    history.batch_stats.push_back(counts);
  }

  std::vector<FlowStats> per_flow(flows.size());
  for (auto& [key, track] : tracks) {
    judge_lane(track);
    per_flow[key >> 32U].lanes.push_back(track.stats);
  }
  for (std::uint32_t flow = 0; flow < per_flow.size(); ++flow) {
    if (!seen[flow]) continue;
    FlowStats& stats = per_flow[flow];
    std::sort(stats.lanes.begin(), stats.lanes.end(),
              [](const LaneStats& a, const LaneStats& b) { return a.lane < b.lane; });
    const LaneStats* worst = &stats.lanes.front();
    for (const LaneStats& lane : stats.lanes) {
      stats.passed += lane.passed;
      stats.failed += lane.failed;
      if (severity(lane.state) < severity(worst->state)) worst = &lane;
    }
    stats.flow = flow;
    stats.state = worst->state;
    stats.lane = worst->lane;
    stats.flips = worst->flips;
    stats.since = worst->since;
    stats.batches_since = worst->batches_since;
    stats.broken_since = worst->broken_since;
    stats.broken_batches = worst->broken_batches;
    stats.latest = latest[flow];
    stats.latest_outcome = latest_outcome[flow];
    history.flow_stats.push_back(std::move(stats));
  }
  const auto rate = [](const FlowStats& s) { return pass_rate(s.passed, s.results()).value_or(2); };
  std::sort(history.flow_stats.begin(), history.flow_stats.end(),
            [&](const FlowStats& a, const FlowStats& b) {
              if (a.state != b.state) return a.state < b.state;
              if (rate(a) != rate(b)) return rate(a) < rate(b);
              return std::tie(flows[a.flow].group, flows[a.flow].name) <
                     std::tie(flows[b.flow].group, flows[b.flow].name);
            });
  history.flows = std::move(flows);
  history.batches = std::move(batches);
  return history;
}

}  // namespace core
