#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "core/history/history_render.hpp"
#include "core/render/html_document.hpp"
#include "core/summary/owners.hpp"
#include "core/summary/quarantine.hpp"

namespace core {

namespace {
std::string batch_caption(const HistoryBatch& batch) {
  return batch.timestamp + " \xC2\xB7 " + describe_commit(batch);
}

void card(std::string& out, const std::string& value, const char* label) {
  out += "<div class=\"card\"><b>" + value + "</b><span>" + label + "</span></div>\n";
}

// The pass rate of each batch (the latest html_chart_batches), one point each, over three
// gridlines from the axis' low end to 100%. Each point's title says which batch it is.
void trend_chart(std::string& out, const FlowHistory& history) {
  constexpr double width = 900, height = 220, left = 44, right = 12, top = 12, bottom = 28;
  const std::size_t first =
      history.batches.size() > html_chart_batches ? history.batches.size() - html_chart_batches : 0;
  std::vector<std::size_t> points;
  for (std::size_t i = first; i < history.batches.size(); ++i)
    if (history.batch_stats[i].results() > 0) points.push_back(i);
  // The axis fits the data: rates between 85% and 100% are drawn over 80-100%, not flattened
  // against a 0% they never come near. It starts at a multiple of 10%, below the lowest rate.
  double lowest = 1.0;
  for (std::size_t index : points) {
    const BatchStats& stats = history.batch_stats[index];
    lowest = std::min(lowest, *pass_rate(stats.passed, stats.results()));
  }
  const int floor_percent =
      lowest >= 0.5 ? static_cast<int>(std::floor((lowest * 100.0 - 5.0) / 10.0)) * 10 : 0;
  const double axis_low = floor_percent / 100.0;
  out += fmt::format(
      "<svg class=\"trend\" viewBox=\"0 0 {} {}\" role=\"img\" aria-label=\"Pass rate per "
      "batch\">\n",
      width, height);
  const double plot_width = width - left - right, plot_height = height - top - bottom;
  for (int percent : {floor_percent, (floor_percent + 100) / 2, 100}) {
    const double y = top + plot_height * (1.0 - (percent / 100.0 - axis_low) / (1.0 - axis_low));
    out += fmt::format(
        "<line class=\"axis\" x1=\"{}\" y1=\"{:.1f}\" x2=\"{}\" y2=\"{:.1f}\"/>"
        "<text class=\"label\" x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\">{}%</text>\n",
        left, y, width - right, y, left - 6, y + 4, percent);
  }
  if (points.empty()) {
    out += "</svg>\n";
    return;
  }
  const auto x_of = [&](std::size_t n) {
    return points.size() == 1 ? left + plot_width / 2
                              : left + plot_width * static_cast<double>(n) /
                                           static_cast<double>(points.size() - 1);
  };
  const auto y_of = [&](std::size_t index) {
    const BatchStats& stats = history.batch_stats[index];
    return top + plot_height * (1.0 - (*pass_rate(stats.passed, stats.results()) - axis_low) /
                                          (1.0 - axis_low));
  };
  std::string line;
  for (std::size_t n = 0; n < points.size(); ++n)
    line += fmt::format("{}{:.1f},{:.1f}", n == 0 ? "" : " ", x_of(n), y_of(points[n]));
  out += "<polyline points=\"" + line + "\"/>\n";
  const double radius = points.size() > 200 ? 1.5 : 3.5;
  for (std::size_t n = 0; n < points.size(); ++n) {
    const std::size_t index = points[n];
    const BatchStats& stats = history.batch_stats[index];
    out += fmt::format(
        "<circle class=\"point{}\" cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"{}\"><title>{} \xC2\xB7 {} "
        "({} of {} passed)</title></circle>\n",
        stats.failed > 0 ? " low" : "", x_of(n), y_of(index), radius,
        escape_html(batch_caption(history.batches[index])),
        describe_pass_rate(stats.passed, stats.results()), stats.passed, stats.results());
  }
  const auto label = [&](std::size_t n, const char* anchor) {
    out += fmt::format("<text class=\"label\" x=\"{:.1f}\" y=\"{}\" text-anchor=\"{}\">{}</text>\n",
                       x_of(n), height - 8, anchor,
                       escape_html(history.batches[points[n]].timestamp.substr(0, 10)));
  };
  label(0, points.size() == 1 ? "middle" : "start");
  if (points.size() > 1) label(points.size() - 1, "end");
  out += "</svg>\n";
}

std::string flow_cell(const FlowHistory& history, const FlowStats& stats) {
  const Flow& flow = history.flows[stats.flow];
  const std::string others = describe_other_lanes(history, stats);
  const std::string owners = describe_owners(owners_to_name(history, stats));
  return "<td><b>" + escape_html(flow.group.empty() ? "(unnamed group)" : flow.group) +
         "</b> \xE2\x80\xBA " +
         html_link(flow.name.empty() ? "(unnamed run)" : flow.name, latest_url(history, stats)) +
         (history.quarantined_of(stats.flow)
              ? " <span class=\"quarantined\">" +
                    escape_html(describe_quarantined(history.quarantined_of(stats.flow))) +
                    "</span>"
              : "") +
         (owners.empty() ? ""
                         : " <span class=\"owners\">owned by " + escape_html(owners) + "</span>") +
         (others.empty() ? "" : "<br><small>" + escape_html(others) + "</small>") + "</td>";
}

void since_table(std::string& out, const FlowHistory& history, FlowState state, const char* title,
                 const char* id, const char* count_title) {
  out += fmt::format("<h2 id=\"{}\">{} ({})</h2>\n", id, title, history.count(state));
  if (history.count(state) == 0) {
    out += "<p class=\"empty\">None.</p>\n";
    return;
  }
  const bool fixed = state == FlowState::fixed;  // with how long it was broken
  out += fmt::format(
      "<div class=\"wide\"><table class=\"{}\"><thead><tr>"
      "<th>Flow</th><th>Since</th><th>Commit</th><th>Branch</th>"
      "<th class=\"num\">{}</th>{}</tr></thead><tbody>\n",
      id, count_title, fixed ? "<th>Before the fix</th>" : "");
  for (const FlowStats& stats : history.flow_stats) {
    if (stats.state != state) continue;
    const HistoryBatch& since = history.batches[*stats.since];
    out += "<tr>" + flow_cell(history, stats) + "<td>" + escape_html(since.timestamp) +
           "</td><td><code>" + escape_html(since.commit_sha.substr(0, 7)) + "</code></td><td>" +
           escape_html(since.branch) +
           fmt::format("</td><td class=\"num\">{}</td>", stats.batches_since) +
           (fixed ? "<td>" + escape_html(describe_time_to_fix(history, stats)) + "</td>" : "") +
           "</tr>\n";
  }
  out += "</tbody></table></div>\n";
}

// A mark beside the colour, for readers who cannot tell red from green: a cross for a failure.
const char* cell_mark(RunOutcome outcome) {
  switch (outcome) {
    case RunOutcome::failed: return "\xE2\x9C\x95";  // ✕
    case RunOutcome::errored: return "!";
    case RunOutcome::terminated: return "\xE2\x96\xA0";  // ■
    case RunOutcome::skipped: return "\xE2\x80\x93";     // –
    case RunOutcome::unfinished: return "\xE2\x80\xA6";  // …
    case RunOutcome::passed:
    case RunOutcome::absent: return "";
  }
  return "";
}

// The branch most batches of the window ran on: the others' columns are marked.
std::string main_branch(const FlowHistory& history) {
  std::map<std::string, std::size_t> counts;
  for (const HistoryBatch& batch : history.batches) ++counts[batch.branch];
  std::string main;
  std::size_t most = 0;
  for (const auto& [branch, count] : counts)
    if (count > most || (count == most && branch == "main")) {
      main = branch;
      most = count;
    }
  return main;
}

// Flows down, the latest html_grid_batches batches across, each cell coloured (and marked) by
// what the run came to and linked to the run on Autosana; other branches' columns are marked.
void grid(std::string& out, const FlowHistory& history) {
  const std::size_t first =
      history.batches.size() > html_grid_batches ? history.batches.size() - html_grid_batches : 0;
  const std::size_t columns = history.batches.size() - first;
  out += fmt::format(
      "<h2 id=\"grid\">Flows \xC3\x97 batches</h2>\n<p class=\"meta\">{} {}"
      " \xC3\x97 the latest {} of {} {}, oldest on the left. Each cell links"
      " to its run; hover for its batch.</p>\n",
      history.flow_stats.size(), history.flow_stats.size() == 1 ? "flow" : "flows", columns,
      history.batches.size(), history.batches.size() == 1 ? "batch" : "batches");
  out +=
      "<p class=\"legend\"><span><i style=\"background:var(--pass)\"></i>"
      "passed</span><span><i style=\"background:var(--fail)\"></i>\xE2\x9C\x95 "
      "failed</span><span><i "
      "style=\"background:var(--other)\"></i>! error, \xE2\x96\xA0 terminated</span><span><i "
      "style=\"background:var(--muted)\"></i>\xE2\x80\x93 skipped, \xE2\x80\xA6 "
      "unfinished</span><span><i "
      "style=\"background:var(--none)\"></i>not in the batch</span></p>\n";
  const std::string main = main_branch(history);
  bool other_branches = false;
  for (std::size_t i = first; i < history.batches.size(); ++i)
    other_branches = other_branches || history.batches[i].branch != main;
  if (other_branches)
    out +=
        "<p class=\"legend\"><span>Commits in <em class=\"other-branch\">amber italics</em>: "
        "batches of another branch than " +
        escape_html(main.empty() ? "(no branch)" : main) + ".</span></p>\n";
  out += "<div class=\"scroll\"><table class=\"grid\"><thead><tr><th></th>";
  for (std::size_t i = first; i < history.batches.size(); ++i) {
    const HistoryBatch& batch = history.batches[i];
    out += std::string("<th class=\"batch") + (batch.branch != main ? " other-branch" : "") +
           "\" title=\"" + escape_html(batch_caption(batch)) + "\">" +
           escape_html(batch.commit_sha.substr(0, 7)) + "</th>";
  }
  out += "</tr></thead><tbody>\n";
  for (const FlowStats& stats : history.flow_stats) {
    const std::string label = flow_label(history.flows[stats.flow]);
    out += "<tr><th class=\"flow\" title=\"" + escape_html(label) + "\">" + escape_html(label) +
           "</th>";
    for (std::size_t i = first; i < history.batches.size(); ++i) {
      const HistoryBatch& batch = history.batches[i];
      const RunOutcome outcome = batch.outcome(stats.flow);
      const std::string title =
          escape_html(batch_caption(batch)) + " \xC2\xB7 " +
          (outcome == RunOutcome::absent ? "not in this batch" : run_outcome_name(outcome));
      const std::string target = html_link_target(batch.url(stats.flow));
      const char* mark = cell_mark(outcome);
      out += fmt::format("<td class=\"cell {}\" title=\"{}\">", run_outcome_name(outcome), title);
      if (!target.empty())
        out += "<a href=\"" + target + "\" rel=\"noopener noreferrer\">" + mark + "</a>";
      else
        out += mark;
      out += "</td>";
    }
    out += "</tr>\n";
  }
  out += "</tbody></table></div>\n";
}
}  // namespace

std::string render_history_html(const FlowHistory& history) {
  const std::string apps = describe_apps(history);
  std::string out = html_document_start("Flow history" + (apps.empty() ? "" : ": " + apps));
  const std::size_t newly_failing = history.count(FlowState::newly_failing);
  out += "<h1>Flow history" + (apps.empty() ? "" : ": " + escape_html(apps)) + "</h1>\n";
  out += "<p class=\"meta\">" +
         (newly_failing > 0
              ? fmt::format("<span class=\"verdict failed\">{} newly failing</span>", newly_failing)
              : std::string("<span class=\"verdict passed\">nothing newly failing</span>")) +
         " " + escape_html(describe_window(history));
  if (const std::string left_out = describe_left_out(history); !left_out.empty())
    out += " (" + escape_html(left_out) + ")";
  out += "</p>\n";
  const BatchStats totals = history_totals(history);
  out += "<div class=\"cards\">\n";
  card(out, fmt::format("{}", history.batches.size()), "batches");
  card(out, describe_pass_rate(totals.passed, totals.results()), "of runs passed");
  card(out, fmt::format("{}", history.flow_stats.size()), "flows");
  card(out, fmt::format("{}", newly_failing), "newly failing");
  card(out, fmt::format("{}", history.count(FlowState::flaky)), "flaky");
  card(out, fmt::format("{}", history.count(FlowState::fixed)), "fixed");
  out += "</div>\n";
  out += "<h2 id=\"trend\">Pass rate per batch</h2>\n";
  trend_chart(out, history);
  since_table(out, history, FlowState::newly_failing, "Newly failing", "newly-failing",
              "Failing batches");
  out += fmt::format("<h2 id=\"flaky\">Flaky ({})</h2>\n", history.count(FlowState::flaky));
  if (history.count(FlowState::flaky) == 0) {
    out += "<p class=\"empty\">None.</p>\n";
  } else {
    out +=
        "<div class=\"wide\"><table class=\"flaky\"><thead><tr>"
        "<th>Flow</th><th class=\"num\">Flips</th>"
        "<th class=\"num\">Passed</th><th class=\"num\">Pass rate</th></tr></thead><tbody>\n";
    for (const FlowStats& stats : history.flow_stats)
      if (stats.state == FlowState::flaky)
        out += "<tr>" + flow_cell(history, stats) +
               fmt::format(
                   "<td class=\"num\">{}</td><td class=\"num\">{} of {}</td>"
                   "<td class=\"num\">{}</td></tr>\n",
                   stats.flips, stats.passed, stats.results(),
                   describe_pass_rate(stats.passed, stats.results()));
    out += "</tbody></table></div>\n";
  }
  since_table(out, history, FlowState::fixed, "Fixed", "fixed", "Passing batches");
  if (!history.batches.empty()) grid(out, history);
  out +=
      "<h2 id=\"flows\">Pass rate per flow</h2>\n"
      "<div class=\"wide\"><table class=\"flows\"><thead><tr>"
      "<th>Flow</th><th>State</th><th class=\"num\">Passed</th><th class=\"num\">Pass rate</th>"
      "<th class=\"num\">Flips</th></tr></thead><tbody>\n";
  for (const FlowStats& stats : history.flow_stats)
    out += "<tr>" + flow_cell(history, stats) +
           fmt::format(
               "<td>{}</td><td class=\"num\">{} of {}</td><td class=\"num\">{}</td>"
               "<td class=\"num\">{}</td></tr>\n",
               flow_state_words(stats.state), stats.passed, stats.results(),
               describe_pass_rate(stats.passed, stats.results()), stats.flips);
  out += "</tbody></table></div>\n";
  out += html_document_end();
  return out;
}

}  // namespace core
