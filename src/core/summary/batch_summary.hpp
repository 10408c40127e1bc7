// What a batch comes to: per group its status and run counts, the runs that need attention, the
// totals and the verdict. Built from the streamed groups, so only what is shown is kept.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/payload/payload.hpp"

namespace core {

// A status that does not fail a batch: passed, and skipped (a skipped run fails nothing).
bool is_passing_status(std::string_view status);
// A status of something not finished yet: running, queued, pending, in_progress (any case).
bool is_unfinished_status(std::string_view status);

// What a run or a group comes to. In progress fails nothing (yet): a gate that read a running
// run as a failure would turn red on every batch it looked at too early.
enum class Verdict { passed, failed, in_progress };
// Passing statuses pass; unfinished ones are in progress, and so is every status but a final one
// (passed, failed, error, errored, terminated, skipped) in a batch that says it is not complete;
// any other status fails, unknown ones included.
Verdict verdict_of(std::string_view status, bool batch_incomplete);

struct RunLine {
  std::string group;
  std::string name;
  std::string status;
  std::string url;
  std::vector<std::string> owners;  // from an owners file (core/summary/owners.hpp)
  // A failure a quarantine file covers (core/summary/quarantine.hpp): "until 2026-01-31: why".
  std::optional<std::string> quarantined;
};

struct GroupSummary {
  std::string name;
  std::string status;
  std::string url;
  std::size_t run_count = 0;
  std::map<std::string, std::size_t> runs_by_status;
  std::vector<RunLine> shown_runs;         // the runs that need attention, or all with --verbose
  std::vector<std::string> owners;         // of the group alone, from an owners file
  std::optional<std::string> quarantined;  // when it failed on its own and a quarantine covers it
  // Failed when the group or a run failed; else in progress when the group or a run is.
  Verdict verdict(bool batch_incomplete) const;
  // Whether a status in it is judged differently when the batch says it is not complete (one
  // that is not final): then it cannot be rendered before that is known.
  bool depends_on_completeness() const;
  bool passed() const { return verdict(false) == Verdict::passed; }
  // Failed with no failed run shown: the group then stands for itself as a failed flow.
  bool failed_on_its_own(bool batch_incomplete) const;
};

struct BaselineComparison {
  std::vector<RunLine> newly_failing, fixed, still_failing, added, removed;
  bool different_app = false;
  // Which payload is this batch and which the earlier one, so a reader cannot mix them up: the
  // file as given and "2025-01-31T12:34:56.789Z, main @ a1b2c3d".
  std::string source, described;
  std::string baseline_source, baseline_described;
};

// "2025-01-31T12:34:56.789Z, main @ a1b2c3d": when and where a batch ran.
std::string describe_batch(const PayloadHeader& header);

// A flow that failed in a batch: a run, or a failed group with no failed run shown, which then
// stands for itself (run null).
struct FailedFlow {
  const GroupSummary* group = nullptr;
  const RunLine* run = nullptr;
};

struct BatchSummary {
  PayloadHeader header;
  std::vector<GroupSummary> groups;
  std::size_t group_count = 0;
  std::size_t groups_passed = 0;
  std::size_t groups_failed = 0;
  std::size_t groups_in_progress = 0;
  std::size_t run_count = 0;
  std::map<std::string, std::size_t> runs_by_status;
  std::vector<std::string> warnings;  // counts that disagree with the groups, and such
  std::optional<BaselineComparison> baseline;
  // A run-status response that says the batch is not complete.
  bool incomplete() const { return header.is_complete == false; }
  // Failed when a group or run failed; else in progress when one is; else passed.
  Verdict verdict() const;
  bool passed() const { return verdict() == Verdict::passed; }
  bool failed() const { return verdict() == Verdict::failed; }
  std::size_t failing_runs() const;
  std::size_t runs_in_progress() const;
  // The groups as a person reads them: failed first, then in progress, then passed, each in
  // payload order.
  std::vector<const GroupSummary*> groups_worst_first() const;
  // The failed flows, in the payload's order: what annotations and a quarantine judge.
  std::vector<FailedFlow> failed_flows() const;
  // Of those, how many a quarantine file covers (see mark_quarantined).
  std::size_t quarantined_failures() const;
};

struct SummaryOptions {
  bool failed_only = false;  // keep only the groups that did not pass
  bool verbose = false;      // keep every run, not only those that need attention
};

// One group's summary; all_runs keeps every run, not only those that need attention.
GroupSummary summarize_group(RunGroup&& group, bool all_runs);

class SummaryBuilder {
 public:
  explicit SummaryBuilder(SummaryOptions options) : options_(options) {}
  void add_group(RunGroup&& group);
  // Counts the group; keeps it only when keep is true (a streaming renderer may have used it).
  void add_group(GroupSummary&& group, bool keep = true);
  BatchSummary finish(const PayloadHeader& header, std::vector<std::string> warnings);

 private:
  SummaryOptions options_;
  BatchSummary summary_;
  // Groups by verdict as if the batch were complete [0] and as if it were not [1]: whether it is
  // may come after the groups in the payload.
  std::size_t verdicts_[2][3] = {};
};

// Runs keyed by group and run name, for comparing with a baseline without keeping whole payloads.
class RunIndex {
 public:
  void add(const RunGroup& group);
  BaselineComparison compare_with(const RunIndex& baseline) const;

 private:
  struct Entry {
    RunLine run;
    std::size_t order;
  };
  std::map<std::string, Entry> runs_;
};

}  // namespace core
