// Many batches read one after another, kept as a grid of flows x batches (a byte per cell), and
// what that grid says: which flows newly fail, which are flaky, which were fixed, and the pass
// rates. A flow is a run, named by its group and its own name. Memory grows with flows x batches,
// never with the bytes read: a batch keeps its header's few strings and one byte per flow; run
// URLs are kept only for the latest batches, the ones a report links to.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "core/payload/payload.hpp"

namespace core {

// What one run came to, as far as history is concerned.
enum class RunOutcome : std::uint8_t {
  absent,  // the flow was not in this batch
  passed,
  failed,  // failed, or a status this tool does not know: it fails a batch too
  errored,
  terminated,
  skipped,     // no result: neither a pass nor a failure
  unfinished,  // running, pending, queued: no result yet
};
RunOutcome outcome_of(std::string_view status);
bool is_failure(RunOutcome outcome);
bool is_result(RunOutcome outcome);  // a pass or a failure

struct Flow {
  std::string group;
  std::string name;
};

struct HistoryBatch {
  std::int64_t time_milliseconds = 0;
  std::string timestamp;  // as the payload writes it
  std::string commit_sha;
  std::string branch;
  std::string app_id;
  std::string app_name;
  std::string source;     // the file, as given
  std::size_t order = 0;  // read order, which breaks ties of time
  std::vector<std::pair<std::uint32_t, RunOutcome>> outcomes;  // by flow, sorted
  std::vector<std::string> urls;  // parallel to outcomes while the batch is among the latest
  RunOutcome outcome(std::uint32_t flow) const;
  std::string url(std::uint32_t flow) const;  // "" when not kept
};

// Which batches count, decided as each is read so that the others cost nothing.
struct HistoryFilter {
  std::optional<std::string> branch;
  std::optional<std::string> app_id;
  std::optional<std::int64_t> since_milliseconds;
  std::optional<std::size_t> last;  // the latest N batches of those left
  // Only these flows (one owner's, say): the others are not read into the window at all, so
  // every figure of the report is about these.
  std::function<bool(const Flow&)> keeps_flow;
};

// A flow's state on one lane (an app and a branch), from its results there in time order; the
// README's "How history judges a flow" is this table.
enum class FlowState {
  newly_failing,  // passed before and failing since (after flakiness: the latest 3 or more)
  flaky,          // changed status at least twice, or passed and failed on one commit
  fixed,          // failed before, passing in every batch since
  failing,        // failing in every batch with a result
  passing,        // passing in every batch with a result
  no_result,      // only skipped or unfinished
};
// A flaky flow whose latest results on a lane are this many failures or more is broken, not
// flaky: newly failing, and the gate fails.
inline constexpr std::size_t failures_that_end_flakiness = 3;
// "passed", "failed", ..., "absent": for JSON and the HTML grid's classes.
const char* run_outcome_name(RunOutcome outcome);

const char* flow_state_name(FlowState state);   // "newly_failing", ... (for JSON)
const char* flow_state_words(FlowState state);  // "newly failing", ... (for a person)

// The batches of one app on one branch: a flow is judged on each lane on its own, so that a red
// feature branch neither hides nor fakes a change on main.
struct Lane {
  std::string app_id;
  std::string branch;       // "" for batches without git metadata: a lane of their own
  std::size_t batches = 0;  // in the window
};

// One flow on one lane.
struct LaneStats {
  std::uint32_t lane = 0;  // into FlowHistory::lanes
  FlowState state = FlowState::no_result;
  std::size_t passed = 0;
  std::size_t failed = 0;
  std::size_t flips = 0;  // changes of status between consecutive results
  // newly failing: the first failing batch after the last pass; fixed: the first passing batch
  // after the last failure (indexes into the window's batches).
  std::optional<std::size_t> since;
  std::size_t batches_since = 0;  // results from `since` on
  // fixed: the failures the fix ended, from the first of them (time to fix).
  std::optional<std::size_t> broken_since;
  std::size_t broken_batches = 0;
  std::size_t latest = 0;  // the batch of its latest result (or appearance) on the lane
  RunOutcome latest_outcome = RunOutcome::absent;
  // A batch whose commit the flow had just passed or failed on with the other result (a retry
  // that changed its mind): evidence of flakiness.
  std::optional<std::size_t> same_commit_flip;
  std::size_t results() const { return passed + failed; }
};

// A flow over every lane: its state is its worst lane's (newly failing, failing, flaky, fixed,
// passing, no result), with that lane's since and flips; the counts are over all lanes.
struct FlowStats {
  std::uint32_t flow = 0;
  FlowState state = FlowState::no_result;
  std::uint32_t lane = 0;  // the lane that gives the state
  std::size_t passed = 0;
  std::size_t failed = 0;
  std::size_t flips = 0;
  // newly failing: the first failing batch after the last pass; fixed: the first passing batch
  // after the last failure (indexes into the window's batches).
  std::optional<std::size_t> since;
  std::size_t batches_since = 0;  // batches with a result from `since` on
  // fixed: the failures the fix ended, from the first of them (time to fix).
  std::optional<std::size_t> broken_since;
  std::size_t broken_batches = 0;
  std::size_t latest = 0;  // the batch of its latest result (or appearance)
  RunOutcome latest_outcome = RunOutcome::absent;
  std::vector<LaneStats>
      lanes;  // each lane the flow appeared on, in the order of FlowHistory::lanes
  std::size_t results() const { return passed + failed; }
};

struct BatchStats {
  std::size_t passed = 0;
  std::size_t failed = 0;
  std::size_t results() const { return passed + failed; }
};

// A fraction of passes in [0, 1]; none when nothing had a result.
std::optional<double> pass_rate(std::size_t passed, std::size_t results);

// What the input held of one app and branch, before any filter: enough to say why a window came
// out empty ("no batch on branch 'mian'; branches in the input: main (9)").
struct LaneRead {
  std::string app_id;
  std::string branch;  // "" for batches without git metadata
  std::size_t batches = 0;
  std::int64_t latest_milliseconds = 0;
};

struct FlowHistory {
  std::vector<Flow> flows;            // every flow seen in the window, by id
  std::vector<HistoryBatch> batches;  // the window, oldest first
  std::vector<Lane> lanes;            // of the window's batches, by app id then branch
  std::vector<BatchStats> batch_stats;
  // Newly failing, flaky, fixed, failing, passing, no result; within each, lowest pass rate
  // first, then by group and name.
  std::vector<FlowStats> flow_stats;
  std::size_t batches_read = 0;      // valid batches read, before any filter
  std::size_t batches_filtered = 0;  // of those, left out by --branch, --app, --since or --last
  // Of those, deliveries of a batch already read (a retry, or a delivery saved twice): the same
  // app, time, commit and outcomes. Each batch counts once.
  std::size_t batches_repeated = 0;
  std::size_t inputs_skipped = 0;    // set by the reader: inputs that were not valid batches
  std::vector<LaneRead> lanes_read;  // every app and branch read, by app then branch
  // Each flow's owners by flow id, from an owners file (core/summary/owners.hpp); empty without.
  std::vector<std::vector<std::string>> owners;
  // Each flow's quarantine ("until 2026-01-31: why"), by flow id, for the failing and flaky
  // flows a quarantine file covers (core/summary/quarantine.hpp); empty without one.
  std::vector<std::optional<std::string>> quarantined;
  std::size_t count(FlowState state) const;
  const std::vector<std::string>& owners_of(std::uint32_t flow) const;
  const std::optional<std::string>& quarantined_of(std::uint32_t flow) const;
};

class HistoryBuilder {
 public:
  // urls_kept: how many of the latest batches keep their run URLs.
  HistoryBuilder(HistoryFilter filter, std::size_t urls_kept);

  // One batch at a time: its groups as they stream, then its header once it proved valid (or
  // drop_batch when it did not).
  void add_group(const RunGroup& group);
  void end_batch(const PayloadHeader& header, std::int64_t time_milliseconds, std::string source);
  void drop_batch();
  // The same run by run, for a reader that knows its flows already (a store): the flow's id
  // once, then each run of it by that id.
  std::uint32_t flow_id(const std::string& group, const std::string& name);
  void add_run(std::uint32_t flow, std::string_view status, std::string url);
  std::size_t urls_kept() const { return urls_kept_; }

  FlowHistory finish();

 private:
  bool accepts(const PayloadHeader& header, std::int64_t time_milliseconds) const;
  void keep_urls_of_latest(std::size_t added);

  HistoryFilter filter_;
  std::size_t urls_kept_;
  std::vector<Flow> flows_;
  std::unordered_map<std::string, std::uint32_t> flow_ids_;  // group NUL name -> id
  std::vector<HistoryBatch> batches_;
  std::set<std::pair<std::pair<std::int64_t, std::size_t>, std::size_t>> with_urls_;
  std::vector<std::pair<std::uint32_t, RunOutcome>> pending_;
  std::vector<std::string> pending_urls_;
  std::vector<bool> pending_unfinished_if_incomplete_;
  std::vector<std::int8_t> kept_;   // by flow id: the filter's answer, 1 or 0; -1 not asked yet
  std::vector<std::size_t> order_;  // end_batch's, kept between batches
  std::optional<std::string> last_status_;  // add_run's last status, and what it was found to be
  RunOutcome last_outcome_ = RunOutcome::skipped;
  bool last_unfinished_if_incomplete_ = false;
  std::size_t read_ = 0;
  std::size_t filtered_ = 0;
  std::size_t repeated_ = 0;
  std::unordered_set<std::string> batch_keys_;  // what tells a repeated delivery, per batch kept
  std::map<std::pair<std::string, std::string>, LaneRead> lanes_read_;  // by app id, branch
};

// Lanes times flows up to which analyse_history finds each flow's track on a lane through a
// table (16 MiB of it) rather than a hash map: a lookup for every run.
inline constexpr std::size_t dense_track_limit = std::size_t{1} << 22;

// The statistics of a window of batches (oldest first) over the given flows.
FlowHistory analyse_history(std::vector<Flow> flows, std::vector<HistoryBatch> batches,
                            std::size_t table_limit = dense_track_limit);

}  // namespace core
