// An owners file: who owns which flows, in the manner of GitHub's CODEOWNERS. One entry a line:
//
//   # comments and blank lines are skipped
//   *                      @acme/qa
//   Checkout / *           @acme/payments
//   Checkout / Refund *    @acme/payments @acme/support
//   Search                 @acme/search
//
// A pattern names flows as reports do ("group / run", '*' for any run of characters), then one or
// more owners: each word at the end of the line that starts with '@' (a user or @org/team) or is
// an e-mail address. The last line that matches a flow wins, and a pattern with no owners says
// nobody owns what it matches. A group that failed with no run failing is named by the group
// alone, and a pattern for all its runs ("Checkout / *") owns it too.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/payload/payload.hpp"
#include "core/summary/batch_summary.hpp"
#include "util/expected.hpp"

namespace core {

struct OwnersEntry {
  std::string pattern;
  std::vector<std::string> owners;
  std::size_t line = 0;
};

struct OwnersList {
  std::vector<OwnersEntry> entries;
  // The owners of a run, or of a group alone; none when no line names it.
  const std::vector<std::string>& of_run(std::string_view group, std::string_view run) const;
  const std::vector<std::string>& of_group(std::string_view group) const;
  // Whether a line names this owner (case does not matter, as on GitHub).
  bool names(std::string_view owner) const;
};

// The entries, or "line N: what is wrong".
util::Expected<OwnersList> parse_owners(std::string_view text);

// Whether the owner is among them; case does not matter.
bool is_owner(const std::vector<std::string>& owners, std::string_view owner);
// "@acme/payments @acme/support"
std::string describe_owners(const std::vector<std::string>& owners);

// The owners a report names beside a run: a failed run's, none for any other.
const std::vector<std::string>& owners_to_name(const RunLine& run, bool batch_incomplete);
// Everyone who owns a failed flow of the group (its failed runs, and the group itself when it
// failed with no run failing), each once, in order.
std::vector<std::string> failed_flow_owners(const GroupSummary& group, bool batch_incomplete);

// Names the owners of the group, of each run it shows, and of the runs a baseline comparison
// lists, for the reports to say.
void assign_owners(GroupSummary& group, const OwnersList& owners);
void assign_owners(BatchSummary& summary, const OwnersList& owners);

// The part of a group one owner owns: its runs, and the group itself when the group alone is
// theirs; none when nothing is. A group that is theirs keeps its status when it keeps every run,
// or failed with no run failing; otherwise it takes the status of the worst run kept (the first
// failed, else the first in progress, else passed), so that neither another team's failure nor
// a group failure nobody owns fails this owner's report. (A '*' line gives every group an owner.)
std::optional<RunGroup> owned_part(RunGroup&& group, const OwnersList& owners,
                                   std::string_view owner);

}  // namespace core
