// Renderers of a batch summary, one file each: text for a person at a terminal, Markdown for
// GitHub step summaries and PR comments, JSON for scripts, JUnit XML for test reporters, HTML for
// a page to open from a CI artefact.
// Names and URLs come from the network: every renderer escapes them for its medium.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/render/text_style.hpp"
#include "core/summary/batch_summary.hpp"

namespace core {

struct NamedSummary {
  std::string source;  // the file it came from, as given
  const BatchSummary* summary;
};

std::string render_text(const BatchSummary& summary, const TextStyle& style);
std::string render_markdown(const BatchSummary& summary);
std::string render_json(const BatchSummary& summary);  // one line
// GitHub workflow commands: an ::error per failed flow (newly failing first, at most 10, then a
// notice of how many more), and a ::notice with the totals.
std::string render_github(const BatchSummary& summary);
// One document for all inputs: a <testsuites> with a <testsuite> per group.
std::string render_junit(const std::vector<NamedSummary>& summaries);
// The same, a piece at a time, so a large batch streams: the start, each group as it completes,
// the end.
std::string junit_document_start();
std::string render_junit_suite(const GroupSummary& group, const PayloadHeader& header, int id);
std::string junit_document_end();

// The Common Test Report Format (CTRF, specification 0.0.0): one document for all batches, a
// test per run with its group as its suite. The summaries added keep every run (verbose).
class CtrfReport {
 public:
  void add(const BatchSummary& summary);
  std::string finish(std::string_view generated_by) const;

 private:
  struct CtrfTest {
    std::string name, group, status, url, app_id, branch, commit_sha, timestamp;
    std::vector<std::string> owners;
    std::optional<std::string> quarantined;
  };
  std::vector<CtrfTest> tests_;
  std::size_t suites_ = 0;
  std::optional<std::int64_t> start_, stop_;
  std::optional<PayloadHeader> first_app_;
};

// A self-contained HTML page for one or more batches: the start, a section per batch, the end.
std::string html_summary_start();
std::string render_html_section(const BatchSummary& summary);
std::string html_summary_end();

// "4 of 6 groups passed, 1 failed, 1 in progress"
std::string describe_group_totals(std::size_t passed, std::size_t failed, std::size_t in_progress);
std::string describe_group_totals(const BatchSummary& summary);
// "passed", "failed", "in_progress": for JSON and HTML classes.
const char* verdict_name(Verdict verdict);
// good, bad or pending, for a verdict shown in colour.
Tone verdict_tone(Verdict verdict);
// "5 runs: 4 passed, 1 failed"
std::string describe_run_counts(std::size_t total,
                                const std::map<std::string, std::size_t>& by_status);

}  // namespace core
