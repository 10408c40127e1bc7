#include <fmt/core.h>

#include "core/render/html_document.hpp"
#include "core/summary/owners.hpp"
#include "core/summary/quarantine.hpp"
#include "core/summary/summary_render.hpp"

namespace core {

namespace {
const char* status_class(std::string_view status) {
  if (status == "passed") return "passed";
  if (status == "failed") return "failed";
  if (status == "error" || status == "errored" || status == "terminated") return "errored";
  if (status == "skipped") return "skipped";
  return "other";
}

std::string status_span(std::string_view status) {
  return fmt::format("<span class=\"status {}\">{}</span>", status_class(status),
                     escape_html(status));
}

const std::vector<std::string> nobody;

// " (quarantined until ...)" in its own span, or nothing.
std::string quarantined(const std::optional<std::string>& why) {
  if (!why) return "";
  return " <span class=\"quarantined\">" + escape_html(describe_quarantined(why)) + "</span>";
}

// " owned by @acme/payments" in its own span, or nothing when nobody is named.
std::string owned_by(const std::vector<std::string>& owners) {
  if (owners.empty()) return "";
  return " <span class=\"owners\">owned by " + escape_html(describe_owners(owners)) + "</span>";
}
}  // namespace

std::string html_summary_start() {
  return html_document_start("Autosana batch summary");
}

std::string html_summary_end() {
  return html_document_end();
}

std::string render_html_section(const BatchSummary& summary) {
  const PayloadHeader& header = summary.header;
  std::string out = "<section class=\"batch\">\n<h1>" +
                    escape_html(header.app.name.empty() ? header.app.id : header.app.name) +
                    "</h1>\n<p class=\"meta\">";
  const Verdict verdict = summary.verdict();
  out += fmt::format("<span class=\"verdict {}\">{}</span> ", verdict_name(verdict),
                     verdict == Verdict::in_progress ? "in progress" : verdict_name(verdict));
  out += escape_html(header.app.platform) + " \xC2\xB7 " + escape_html(header.app.id);
  if (header.git) {
    out +=
        " \xC2\xB7 " + escape_html(header.git->branch.empty() ? "(no branch)" : header.git->branch);
    if (!header.git->commit_sha.empty())
      out += " @ <code>" + escape_html(header.git->commit_sha.substr(0, 7)) + "</code>";
  }
  if (!header.timestamp.empty()) out += " \xC2\xB7 " + escape_html(header.timestamp);
  out += "</p>\n<div class=\"cards\">\n";
  out += fmt::format("<div class=\"card\"><b>{} of {}</b><span>groups passed</span></div>\n",
                     summary.groups_passed, summary.group_count);
  out += fmt::format("<div class=\"card\"><b>{}</b><span>runs</span></div>\n", summary.run_count);
  out += fmt::format("<div class=\"card\"><b>{}</b><span>runs failing</span></div>\n",
                     summary.failing_runs());
  if (summary.runs_in_progress() > 0)
    out += fmt::format("<div class=\"card\"><b>{}</b><span>runs in progress</span></div>\n",
                       summary.runs_in_progress());
  out += "</div>\n";
  if (!summary.warnings.empty()) {
    out += "<ul class=\"warnings\">\n";
    for (const std::string& warning : summary.warnings)
      out += "<li>" + escape_html(warning) + "</li>\n";
    out += "</ul>\n";
  }
  out +=
      "<div class=\"wide\"><table class=\"groups\"><thead><tr>"
      "<th>Group</th><th>Status</th><th>Runs</th></tr>"
      "</thead><tbody>\n";
  for (const GroupSummary* listed : summary.groups_worst_first()) {
    const GroupSummary& group = *listed;
    out += "<tr class=\"group\"><td><b>" +
           html_link(group.name.empty() ? "(unnamed group)" : group.name, group.url) +
           "</b></td><td>" + status_span(group.status) + quarantined(group.quarantined) +
           "</td><td>" + escape_html(describe_run_counts(group.run_count, group.runs_by_status)) +
           owned_by(group.failed_on_its_own(summary.incomplete()) ? group.owners : nobody) +
           "</td></tr>\n";
    for (const RunLine& run : group.shown_runs)
      out += "<tr class=\"run\"><td>" +
             html_link(run.name.empty() ? "(unnamed run)" : run.name, run.url) + "</td><td>" +
             status_span(run.status) + quarantined(run.quarantined) + "</td><td>" +
             owned_by(owners_to_name(run, summary.incomplete())) + "</td></tr>\n";
  }
  out += "</tbody></table></div>\n";
  if (summary.baseline) {
    const BaselineComparison& baseline = *summary.baseline;
    out += "<h2>Compared with the baseline</h2>\n";
    if (!baseline.baseline_source.empty())
      out += "<p class=\"meta\">This batch: <b>" + escape_html(baseline.source) + "</b> (" +
             escape_html(baseline.described) + ") \xC2\xB7 the earlier one: <b>" +
             escape_html(baseline.baseline_source) + "</b> (" +
             escape_html(baseline.baseline_described) + ")</p>\n";
    if (baseline.different_app)
      out += "<p class=\"empty\">The baseline is for a different app.</p>\n";
    const auto list = [&](const char* title, const std::vector<RunLine>& runs) {
      if (runs.empty()) return;
      out += fmt::format("<h3>{} ({})</h3>\n<ul>\n", title, runs.size());
      for (const RunLine& run : runs)
        out += "<li><b>" + escape_html(run.group) + "</b> \xE2\x80\xBA " +
               html_link(run.name, run.url) + " " + status_span(run.status) +
               owned_by(owners_to_name(run, summary.incomplete())) + "</li>\n";
      out += "</ul>\n";
    };
    list("Newly failing", baseline.newly_failing);
    list("Still failing", baseline.still_failing);
    list("Fixed", baseline.fixed);
    list("Added", baseline.added);
    list("Removed", baseline.removed);
  }
  out += "</section>\n";
  return out;
}

}  // namespace core
