#include "core/summary/owners.hpp"

#include <fmt/core.h>

#include <algorithm>

#include "core/summary/flow_pattern.hpp"
#include "util/text.hpp"

namespace core {

namespace {
const std::vector<std::string> nobody;

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r';
}

// "@name", "@org/team" or an e-mail address: a word with an '@' that is not all of it.
bool is_owner_word(std::string_view word) {
  const auto at = word.find('@');
  return at != std::string_view::npos && word.size() > 1 && (at == 0 || at + 1 < word.size());
}

util::Expected<OwnersEntry> parse_entry(std::string_view line, std::size_t number) {
  OwnersEntry entry;
  entry.line = number;
  // Owners are the words at the end; the pattern is everything before them, spaces inside kept.
  std::size_t end = line.size();
  for (;;) {
    std::size_t start = end;
    while (start > 0 && !is_space(line[start - 1])) --start;
    const std::string_view word = line.substr(start, end - start);
    if (word.empty() || !is_owner_word(word)) break;
    entry.owners.emplace_back(word);
    end = start;
    while (end > 0 && is_space(line[end - 1])) --end;
  }
  std::reverse(entry.owners.begin(), entry.owners.end());  // found from the end
  entry.pattern = std::string(util::trim_whitespace(line.substr(0, end)));
  if (entry.pattern.empty())
    return util::unexpected(fmt::format("line {}: no flow before the owners", number));
  return entry;
}

template <typename Matches>
const std::vector<std::string>& last_match(const OwnersList& list, Matches matches) {
  for (auto entry = list.entries.rbegin(); entry != list.entries.rend(); ++entry)
    if (matches(entry->pattern)) return entry->owners;
  return nobody;
}

// The first run with this verdict, if any.
const Run* first_with(const std::vector<Run>& runs, Verdict verdict) {
  for (const Run& run : runs)
    if (verdict_of(run.status, false) == verdict) return &run;
  return nullptr;
}
}  // namespace

const std::vector<std::string>& OwnersList::of_run(std::string_view group,
                                                   std::string_view run) const {
  const std::string flow = flow_path(group, run);
  return last_match(
      *this, [&](const std::string& pattern) { return matches_flow_pattern(pattern, flow); });
}

const std::vector<std::string>& OwnersList::of_group(std::string_view group) const {
  const std::string all_runs = flow_path(group, "");
  return last_match(*this, [&](const std::string& pattern) {
    return matches_flow_pattern(pattern, group) || matches_flow_pattern(pattern, all_runs);
  });
}

bool OwnersList::names(std::string_view owner) const {
  for (const OwnersEntry& entry : entries)
    if (is_owner(entry.owners, owner)) return true;
  return false;
}

util::Expected<OwnersList> parse_owners(std::string_view text) {
  OwnersList list;
  for (const ListedLine& line : listed_lines(text)) {
    auto entry = parse_entry(line.text, line.number);
    if (!entry) return util::unexpected(entry.error());
    list.entries.push_back(std::move(*entry));
  }
  return list;
}

bool is_owner(const std::vector<std::string>& owners, std::string_view owner) {
  for (const std::string& candidate : owners)
    if (util::equal_ignoring_case(candidate, owner)) return true;
  return false;
}

std::string describe_owners(const std::vector<std::string>& owners) {
  std::string text;
  for (const std::string& owner : owners) text += (text.empty() ? "" : " ") + owner;
  return text;
}

const std::vector<std::string>& owners_to_name(const RunLine& run, bool batch_incomplete) {
  return verdict_of(run.status, batch_incomplete) == Verdict::failed ? run.owners : nobody;
}

std::vector<std::string> failed_flow_owners(const GroupSummary& group, bool batch_incomplete) {
  std::vector<std::string> all;
  const auto add = [&](const std::vector<std::string>& owners) {
    for (const std::string& owner : owners)
      if (!is_owner(all, owner)) all.push_back(owner);
  };
  if (group.failed_on_its_own(batch_incomplete)) add(group.owners);
  for (const RunLine& run : group.shown_runs) add(owners_to_name(run, batch_incomplete));
  return all;
}

void assign_owners(GroupSummary& group, const OwnersList& owners) {
  group.owners = owners.of_group(group.name);
  for (RunLine& run : group.shown_runs) run.owners = owners.of_run(run.group, run.name);
}

void assign_owners(BatchSummary& summary, const OwnersList& owners) {
  for (GroupSummary& group : summary.groups) assign_owners(group, owners);
  if (!summary.baseline) return;
  for (auto* runs :
       {&summary.baseline->newly_failing, &summary.baseline->still_failing,
        &summary.baseline->fixed, &summary.baseline->added, &summary.baseline->removed})
    for (RunLine& run : *runs) run.owners = owners.of_run(run.group, run.name);
}

std::optional<RunGroup> owned_part(RunGroup&& group, const OwnersList& owners,
                                   std::string_view owner) {
  const bool group_is_theirs = is_owner(owners.of_group(group.name), owner);
  const bool failed_on_its_own = first_with(group.runs, Verdict::failed) == nullptr;
  std::vector<Run> kept;
  for (Run& run : group.runs)
    if (is_owner(owners.of_run(group.name, run.name), owner)) kept.push_back(std::move(run));
  if (kept.empty() && !group_is_theirs) return std::nullopt;
  const bool cut = kept.size() < group.runs.size();
  group.runs = std::move(kept);
  // The group's own status is theirs only when the group is; else their runs say what it is.
  if (group_is_theirs && (!cut || failed_on_its_own)) return std::move(group);
  if (const Run* failed = first_with(group.runs, Verdict::failed))
    group.status = failed->status;
  else if (const Run* unfinished = first_with(group.runs, Verdict::in_progress))
    group.status = unfinished->status;
  else
    group.status = "passed";
  return std::move(group);
}

}  // namespace core
