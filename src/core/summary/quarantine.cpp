#include "core/summary/quarantine.hpp"

#include <fmt/core.h>

#include "util/rfc3339.hpp"
#include "util/text.hpp"

namespace core {

namespace {
// The parts of a line split at " | " (a name with '|' and no spaces around it stays whole).
std::vector<std::string_view> parts_of(std::string_view line) {
  std::vector<std::string_view> parts;
  for (std::size_t at = line.find(" | "); at != std::string_view::npos; at = line.find(" | ")) {
    parts.push_back(util::trim_whitespace(line.substr(0, at)));
    line.remove_prefix(at + 3);
  }
  parts.push_back(util::trim_whitespace(line));
  return parts;
}

util::Expected<QuarantineEntry> parse_entry(std::string_view line, std::size_t number) {
  const std::vector<std::string_view> parts = parts_of(line);
  QuarantineEntry entry;
  entry.line = number;
  entry.pattern = std::string(parts[0]);
  if (entry.pattern.empty() || entry.pattern.front() == '|')
    return util::unexpected(fmt::format("line {}: no flow", number));
  std::size_t next = 1;
  if (next < parts.size() && parts[next].substr(0, 6) == "until ") {
    const std::string date(util::trim_whitespace(parts[next].substr(6)));
    const auto start = date.size() == 10 ? util::parse_rfc3339(date + "T00:00:00Z")
                                         : util::Expected<std::int64_t>(util::unexpected(""));
    if (!start)
      return util::unexpected(
          fmt::format("line {}: 'until' takes a date as YYYY-MM-DD, not '{}'", number, date));
    entry.until = date;
    entry.until_end_milliseconds = *start + 86'400'000 - 1;
    ++next;
  }
  for (; next < parts.size(); ++next)
    entry.reason += (entry.reason.empty() ? "" : " | ") + std::string(parts[next]);
  return entry;
}
}  // namespace

util::Expected<QuarantineList> parse_quarantine(std::string_view text) {
  QuarantineList list;
  for (const ListedLine& line : listed_lines(text)) {
    auto entry = parse_entry(line.text, line.number);
    if (!entry) return util::unexpected(entry.error());
    list.entries.push_back(std::move(*entry));
  }
  return list;
}

std::string why_quarantined(const QuarantineEntry& entry) {
  std::string why = entry.until ? "until " + *entry.until : std::string();
  if (!entry.reason.empty()) why += (why.empty() ? "" : ": ") + entry.reason;
  return why;
}

std::optional<QuarantineMatch> find_quarantine(const QuarantineList& list, std::string_view flow,
                                               std::int64_t now_milliseconds) {
  std::optional<QuarantineMatch> expired;
  for (const QuarantineEntry& entry : list.entries) {
    if (!matches_flow_pattern(entry.pattern, flow)) continue;
    const bool past = entry.until && now_milliseconds > entry.until_end_milliseconds;
    if (!past) return QuarantineMatch{&entry, false};
    if (!expired) expired = QuarantineMatch{&entry, true};
  }
  return expired;
}

std::vector<std::string> failed_flow_names(const BatchSummary& summary) {
  std::vector<std::string> names;
  for (const FailedFlow& flow : summary.failed_flows())
    names.push_back(flow.run ? flow_path(flow.run->group, flow.run->name) : flow.group->name);
  return names;
}

QuarantineReview review_failures(const std::vector<std::string>& failed_flows,
                                 const QuarantineList& list, std::int64_t now_milliseconds) {
  QuarantineReview review;
  for (const std::string& flow : failed_flows) {
    const auto match = find_quarantine(list, flow, now_milliseconds);
    if (!match || match->expired) ++review.failing;
    if (!match) continue;
    const QuarantineEntry& entry = *match->entry;
    if (match->expired) {
      review.expired.push_back(fmt::format("line {} ({}) expired on {}: {} counts again",
                                           entry.line, entry.pattern, *entry.until, flow));
      continue;
    }
    const std::string why = why_quarantined(entry);
    review.quarantined.push_back(flow + (why.empty() ? "" : " (" + why + ")"));
  }
  return review;
}

void mark_quarantined(BatchSummary& summary, const QuarantineList& list,
                      std::int64_t now_milliseconds) {
  const auto mark = [&](std::optional<std::string>& quarantined, const std::string& flow) {
    const auto match = find_quarantine(list, flow, now_milliseconds);
    if (match && !match->expired) quarantined = why_quarantined(*match->entry);
  };
  for (GroupSummary& group : summary.groups) {
    if (group.failed_on_its_own(summary.incomplete())) mark(group.quarantined, group.name);
    for (RunLine& run : group.shown_runs)
      if (verdict_of(run.status, summary.incomplete()) == Verdict::failed)
        mark(run.quarantined, flow_path(run.group, run.name));
  }
  if (!summary.baseline) return;
  for (auto* runs : {&summary.baseline->newly_failing, &summary.baseline->still_failing})
    for (RunLine& run : *runs) mark(run.quarantined, flow_path(run.group, run.name));
}

std::string describe_quarantined(const std::optional<std::string>& quarantined) {
  if (!quarantined) return "";
  const bool dated = quarantined->rfind("until ", 0) == 0;
  return " (quarantined" + (quarantined->empty() ? "" : (dated ? " " : ": ") + *quarantined) + ")";
}

std::string format_quarantine_line(std::string_view flow, std::string_view until,
                                   std::string_view reason) {
  return fmt::format("{} | until {} | {}\n", flow, until, reason);
}

}  // namespace core
