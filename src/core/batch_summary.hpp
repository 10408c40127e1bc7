// What a batch comes to: per group its status and run counts, the runs that need attention, the
// totals and the verdict. Built from the streamed groups, so only what is shown is kept.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/payload.hpp"

namespace core {

// A status that does not fail a batch: passed, and skipped (a skipped run fails nothing).
bool is_passing_status(std::string_view status);
// A status of something not finished yet (a run-status response of a running batch).
bool is_unfinished_status(std::string_view status);

struct RunLine {
  std::string group;
  std::string name;
  std::string status;
  std::string url;
};

struct GroupSummary {
  std::string name;
  std::string status;
  std::string url;
  std::size_t run_count = 0;
  std::map<std::string, std::size_t> runs_by_status;
  std::vector<RunLine> shown_runs;  // the runs that need attention, or all with --verbose
  bool passed() const;
};

struct BaselineComparison {
  std::vector<RunLine> newly_failing, fixed, still_failing, added, removed;
  bool different_app = false;
};

struct BatchSummary {
  PayloadHeader header;
  std::vector<GroupSummary> groups;
  std::size_t group_count = 0;
  std::size_t groups_passed = 0;
  std::size_t groups_failed = 0;  // every group that did not pass
  std::size_t run_count = 0;
  std::map<std::string, std::size_t> runs_by_status;
  std::vector<std::string> warnings;  // counts that disagree with the groups, and such
  std::optional<BaselineComparison> baseline;
  bool passed() const { return groups_failed == 0 && failing_runs() == 0; }
  std::size_t failing_runs() const;
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
