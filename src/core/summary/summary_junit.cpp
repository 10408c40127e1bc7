#include <fmt/core.h>

#include <iterator>
#include <string_view>

#include "core/summary/owners.hpp"
#include "core/summary/quarantine.hpp"
#include "core/summary/summary_render.hpp"
#include "util/rfc3339.hpp"

namespace core {

namespace {
// Escapes for XML 1.0 text and attribute values; characters XML 1.0 cannot carry (most C0
// controls, U+FFFE, U+FFFF) become U+FFFD. The input is valid UTF-8 (the parser checked it).
std::string escape_xml(std::string_view text, bool attribute) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    switch (byte) {
      case '&': out += "&amp;"; continue;
      case '<': out += "&lt;"; continue;
      case '>': out += "&gt;"; continue;
      case '"': out += attribute ? "&quot;" : "\""; continue;
      case '\t': out += attribute ? "&#9;" : "\t"; continue;
      case '\n': out += attribute ? "&#10;" : "\n"; continue;
      case '\r': out += "&#13;"; continue;
      default: break;
    }
    if (byte < 0x20) {
      out += "\xEF\xBF\xBD";
    } else if (byte == 0xef && i + 2 < text.size() &&
               static_cast<unsigned char>(text[i + 1]) == 0xbf &&
               (static_cast<unsigned char>(text[i + 2]) == 0xbe ||
                static_cast<unsigned char>(text[i + 2]) == 0xbf)) {
      out += "\xEF\xBF\xBD";
      i += 2;
    } else {
      out += static_cast<char>(byte);
    }
  }
  return out;
}

std::string attr(std::string_view text) {
  return escape_xml(text, true);
}

// The schema wants a non-empty token for names and packages.
std::string non_empty(std::string_view text, std::string_view fallback) {
  for (char c : text)
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return std::string(text);
  return std::string(fallback);
}

// "YYYY-MM-DDTHH:MM:SS" in UTC: the strict schema allows no fraction and no offset.
std::string junit_timestamp(const std::string& timestamp) {
  auto parsed = util::parse_rfc3339(timestamp);
  if (!parsed) return "1970-01-01T00:00:00";
  return util::format_rfc3339(*parsed).substr(0, 19);
}

void property(std::string& out, const char* name, std::string_view value) {
  fmt::format_to(std::back_inserter(out), "      <property name=\"{}\" value=\"{}\"/>\n", name,
                 attr(value));
}
}  // namespace

std::string junit_document_start() {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n";
}

std::string junit_document_end() {
  return "</testsuites>\n";
}

std::string render_junit_suite(const GroupSummary& group, const PayloadHeader& header, int id) {
  const std::string package = non_empty(header.app.name, non_empty(header.app.id, "autosana"));
  const std::string suite_name = attr(non_empty(group.name, "(unnamed group)"));
  // A run in progress has no result yet: skipped, as a test reporter shows what did not run.
  const bool incomplete = header.is_complete == false;
  const auto not_run = [&](const RunLine& run) {
    return run.status == "skipped" || verdict_of(run.status, incomplete) == Verdict::in_progress;
  };
  std::size_t failures = 0, errors = 0, skipped = 0;
  for (const RunLine& run : group.shown_runs) {
    if (run.status == "failed")
      ++failures;
    else if (not_run(run))
      ++skipped;
    else if (run.status != "passed")
      ++errors;
  }
  std::string out = fmt::format(
      "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" "
      "time=\"0\" timestamp=\"{}\" hostname=\"autosana\" package=\"{}\" id=\"{}\">\n",
      suite_name, group.shown_runs.size(), failures, errors, skipped,
      junit_timestamp(header.timestamp), attr(package), id);
  out += "    <properties>\n";
  property(out, "status", group.status);
  property(out, "url", group.url);
  property(out, "app.id", header.app.id);
  property(out, "app.platform", header.app.platform);
  if (header.git) {
    property(out, "git.branch", header.git->branch);
    property(out, "git.commit_sha", header.git->commit_sha);
  }
  // A test case has no properties in the strict schema: the suite names its failures' owners,
  // and each failure's message its own.
  const std::vector<std::string> owners = failed_flow_owners(group, incomplete);
  if (!owners.empty()) property(out, "owners", describe_owners(owners));
  out += "    </properties>\n";
  for (const RunLine& run : group.shown_runs) {
    fmt::format_to(std::back_inserter(out), "    <testcase name=\"{}\" classname=\"{}\" time=\"0\"",
                   attr(run.name), suite_name);
    if (run.status == "passed") {
      out += "/>\n";
      continue;
    }
    out += ">\n";
    if (not_run(run)) {
      out += run.status == "skipped"
                 ? "      <skipped/>\n"
                 : "      <skipped message=\"" + attr("in progress: " + run.status) + "\"/>\n";
    } else {
      const char* element = run.status == "failed" ? "failure" : "error";
      fmt::format_to(std::back_inserter(out), "      <{0} type=\"{1}\" message=\"{2}\">{3}</{0}>\n",
                     element, attr(run.status),
                     attr("run " + run.status + describe_quarantined(run.quarantined) +
                          (run.owners.empty() ? "" : ", owned by " + describe_owners(run.owners)) +
                          ": " + run.url),
                     escape_xml(run.url, false));
    }
    out += "    </testcase>\n";
  }
  fmt::format_to(std::back_inserter(out),
                 "    <system-out>{}</system-out>\n    <system-err></system-err>\n",
                 escape_xml(group.url, false));
  out += "  </testsuite>\n";
  return out;
}

std::string render_junit(const std::vector<NamedSummary>& summaries) {
  std::string out = junit_document_start();
  int id = 0;
  for (const NamedSummary& named : summaries)
    for (const GroupSummary& group : named.summary->groups)
      out += render_junit_suite(group, named.summary->header, id++);
  return out + junit_document_end();
}

}  // namespace core
