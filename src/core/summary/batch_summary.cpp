#include "core/summary/batch_summary.hpp"

#include <algorithm>

#include "util/text.hpp"

namespace core {

bool is_passing_status(std::string_view status) {
  return status == "passed" || status == "skipped";
}

bool is_unfinished_status(std::string_view status) {
  for (std::string_view unfinished : {"running", "pending", "queued", "in_progress"})
    if (util::equal_ignoring_case(status, unfinished)) return true;
  return false;
}

Verdict verdict_of(std::string_view status, bool batch_incomplete) {
  if (is_passing_status(status)) return Verdict::passed;
  if (is_unfinished_status(status)) return Verdict::in_progress;
  if (batch_incomplete) {
    bool final = false;
    for (std::string_view known : {"failed", "error", "errored", "terminated"})
      final = final || status == known;
    if (!final) return Verdict::in_progress;
  }
  return Verdict::failed;
}

Verdict GroupSummary::verdict(bool batch_incomplete) const {
  Verdict worst = verdict_of(status, batch_incomplete);
  if (worst == Verdict::failed) return worst;
  for (const auto& [run_status, count] : runs_by_status) {
    const Verdict run = verdict_of(run_status, batch_incomplete);
    if (run == Verdict::failed) return run;
    if (run == Verdict::in_progress) worst = run;
  }
  return worst;
}

bool GroupSummary::depends_on_completeness() const {
  const auto differs = [](std::string_view text) {
    return verdict_of(text, false) != verdict_of(text, true);
  };
  return differs(status) || std::any_of(runs_by_status.begin(), runs_by_status.end(),
                                        [&](const auto& entry) { return differs(entry.first); });
}

Verdict BatchSummary::verdict() const {
  if (groups_failed > 0 || failing_runs() > 0) return Verdict::failed;
  if (groups_in_progress > 0 || runs_in_progress() > 0) return Verdict::in_progress;
  return Verdict::passed;
}

std::size_t BatchSummary::failing_runs() const {
  std::size_t count = 0;
  for (const auto& [status, runs] : runs_by_status)
    if (verdict_of(status, incomplete()) == Verdict::failed) count += runs;
  return count;
}

bool GroupSummary::failed_on_its_own(bool batch_incomplete) const {
  if (verdict(batch_incomplete) != Verdict::failed) return false;
  for (const RunLine& run : shown_runs)
    if (verdict_of(run.status, batch_incomplete) == Verdict::failed) return false;
  return true;
}

std::vector<FailedFlow> BatchSummary::failed_flows() const {
  std::vector<FailedFlow> flows;
  for (const GroupSummary& group : groups) {
    if (group.verdict(incomplete()) != Verdict::failed) continue;
    if (group.failed_on_its_own(incomplete())) flows.push_back({&group, nullptr});
    for (const RunLine& run : group.shown_runs)
      if (verdict_of(run.status, incomplete()) == Verdict::failed) flows.push_back({&group, &run});
  }
  return flows;
}

std::size_t BatchSummary::quarantined_failures() const {
  std::size_t count = 0;
  for (const FailedFlow& flow : failed_flows())
    count += (flow.run ? flow.run->quarantined : flow.group->quarantined) ? 1U : 0U;
  return count;
}

std::vector<const GroupSummary*> BatchSummary::groups_worst_first() const {
  std::vector<const GroupSummary*> ordered;
  for (Verdict verdict : {Verdict::failed, Verdict::in_progress, Verdict::passed})
    for (const GroupSummary& group : groups)
      if (group.verdict(incomplete()) == verdict) ordered.push_back(&group);
  return ordered;
}

std::size_t BatchSummary::runs_in_progress() const {
  std::size_t count = 0;
  for (const auto& [status, runs] : runs_by_status)
    if (verdict_of(status, incomplete()) == Verdict::in_progress) count += runs;
  return count;
}

GroupSummary summarize_group(RunGroup&& group, bool all_runs) {
  GroupSummary summary;
  summary.name = std::move(group.name);
  summary.status = std::move(group.status);
  summary.url = std::move(group.url);
  summary.run_count = group.runs.size();
  for (Run& run : group.runs) {
    ++summary.runs_by_status[run.status];
    if (all_runs || !is_passing_status(run.status))
      summary.shown_runs.push_back(RunLine{
          summary.name, std::move(run.name), std::move(run.status), std::move(run.url), {}, {}});
  }
  return summary;
}

void SummaryBuilder::add_group(RunGroup&& group) {
  add_group(summarize_group(std::move(group), options_.verbose));
}

void SummaryBuilder::add_group(GroupSummary&& group, bool keep) {
  for (const auto& [status, count] : group.runs_by_status) summary_.runs_by_status[status] += count;
  summary_.run_count += group.run_count;
  ++summary_.group_count;
  const Verdict complete = group.verdict(false), incomplete = group.verdict(true);
  ++verdicts_[0][static_cast<int>(complete)];
  ++verdicts_[1][static_cast<int>(incomplete)];
  if (keep &&
      (!options_.failed_only || complete != Verdict::passed || incomplete != Verdict::passed))
    summary_.groups.push_back(std::move(group));
}

BatchSummary SummaryBuilder::finish(const PayloadHeader& header,
                                    std::vector<std::string> warnings) {
  summary_.header = header;
  summary_.warnings = std::move(warnings);
  const int incomplete = summary_.incomplete() ? 1 : 0;
  summary_.groups_passed = verdicts_[incomplete][static_cast<int>(Verdict::passed)];
  summary_.groups_failed = verdicts_[incomplete][static_cast<int>(Verdict::failed)];
  summary_.groups_in_progress = verdicts_[incomplete][static_cast<int>(Verdict::in_progress)];
  if (options_.failed_only)
    std::erase_if(summary_.groups, [&](const GroupSummary& group) {
      return group.verdict(incomplete == 1) == Verdict::passed;
    });
  return std::move(summary_);
}

std::string describe_batch(const PayloadHeader& header) {
  std::string text = header.timestamp;
  if (header.git) {
    text += (text.empty() ? "" : ", ") +
            (header.git->branch.empty() ? "(no branch)" : header.git->branch);
    if (!header.git->commit_sha.empty()) text += " @ " + header.git->commit_sha.substr(0, 7);
  }
  return text;
}

void RunIndex::add(const RunGroup& group) {
  for (const Run& run : group.runs) {
    // The unit separator cannot appear in a name shown anywhere, so keys cannot collide.
    std::string key = group.name + '\x1f' + run.name;
    // A name repeated within a group is told apart by its occurrence.
    for (int occurrence = 2; runs_.count(key) != 0; ++occurrence)
      key = group.name + '\x1f' + run.name + '\x1f' + std::to_string(occurrence);
    runs_.emplace(std::move(key),
                  Entry{RunLine{group.name, run.name, run.status, run.url, {}, {}}, runs_.size()});
  }
}

BaselineComparison RunIndex::compare_with(const RunIndex& baseline) const {
  using Ordered = std::vector<std::pair<std::size_t, RunLine>>;
  Ordered newly_failing, fixed, still_failing, added, removed;
  for (const auto& [key, entry] : runs_) {
    const auto before = baseline.runs_.find(key);
    // A run still in progress is not failing (yet), here as in the verdict.
    const bool failing_now = verdict_of(entry.run.status, false) == Verdict::failed;
    if (before == baseline.runs_.end()) {
      added.emplace_back(entry.order, entry.run);
      continue;
    }
    const bool failing_before = verdict_of(before->second.run.status, false) == Verdict::failed;
    if (failing_now && failing_before)
      still_failing.emplace_back(entry.order, entry.run);
    else if (failing_now)
      newly_failing.emplace_back(entry.order, entry.run);
    else if (failing_before)
      fixed.emplace_back(entry.order, entry.run);
  }
  for (const auto& [key, entry] : baseline.runs_)
    if (runs_.count(key) == 0) removed.emplace_back(entry.order, entry.run);
  // In payload order, not key order: people read them next to the summary.
  const auto in_order = [](Ordered& ordered) {
    std::sort(ordered.begin(), ordered.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<RunLine> lines;
    for (auto& item : ordered) lines.push_back(std::move(item.second));
    return lines;
  };
  BaselineComparison comparison;
  comparison.newly_failing = in_order(newly_failing);
  comparison.fixed = in_order(fixed);
  comparison.still_failing = in_order(still_failing);
  comparison.added = in_order(added);
  comparison.removed = in_order(removed);
  return comparison;
}

}  // namespace core
