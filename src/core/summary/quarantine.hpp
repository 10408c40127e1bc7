// A quarantine file: flows that are reported but do not fail the gate, each until a date and for
// a reason. One entry a line:
//
//   # comments and blank lines are skipped
//   Checkout / User can pay with a saved card | until 2026-01-31 | the payment sandbox is flaky
//   Search / * | search index rebuild, SRCH-12
//
// FLOW is "group / run" as reports name it ('*' matches any run of characters; a group alone
// names a failed group); "until DATE" (YYYY-MM-DD, through that day in UTC) is optional, and an
// entry past it warns and counts again; the rest is the reason.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/summary/batch_summary.hpp"
#include "core/summary/flow_pattern.hpp"
#include "util/expected.hpp"

namespace core {

struct QuarantineEntry {
  std::string pattern;
  std::optional<std::string> until;         // YYYY-MM-DD as written
  std::int64_t until_end_milliseconds = 0;  // the end of that day, UTC
  std::string reason;
  std::size_t line = 0;
};

struct QuarantineList {
  std::vector<QuarantineEntry> entries;
};

// The entries, or "line N: what is wrong".
util::Expected<QuarantineList> parse_quarantine(std::string_view text);

struct QuarantineMatch {
  const QuarantineEntry* entry = nullptr;
  bool expired = false;
};
// The first entry that names the flow ("group / run", or a group alone), active ones first.
std::optional<QuarantineMatch> find_quarantine(const QuarantineList& list, std::string_view flow,
                                               std::int64_t now_milliseconds);

// "until 2026-01-31: the sandbox is flaky", "until 2026-01-31", "the reason" or "".
std::string why_quarantined(const QuarantineEntry& entry);

// The flows a batch failed, as a quarantine file names them: "group / run" for each failed run,
// and the group alone when it failed with no run shown failing.
std::vector<std::string> failed_flow_names(const BatchSummary& summary);

// Failed flows judged against the list: how many still fail the gate, and what to say.
struct QuarantineReview {
  std::size_t failing = 0;
  std::vector<std::string> quarantined;  // "Checkout / pay (until 2026-01-31: reason)"
  std::vector<std::string> expired;      // "line 3 (Checkout / pay) expired on 2026-01-31"
};
QuarantineReview review_failures(const std::vector<std::string>& failed_flows,
                                 const QuarantineList& list, std::int64_t now_milliseconds);

// Marks each failed flow an active entry covers, with its date and reason, so that every report
// can say that the failure does not fail the gate.
void mark_quarantined(BatchSummary& summary, const QuarantineList& list,
                      std::int64_t now_milliseconds);
// " (quarantined until 2026-01-31: the sandbox is flaky)", or "" for a flow that is not.
std::string describe_quarantined(const std::optional<std::string>& quarantined);

// "Login / sign in | until 2026-01-31 | reason": a line of the file, for history's suggestions.
std::string format_quarantine_line(std::string_view flow, std::string_view until,
                                   std::string_view reason);

}  // namespace core
