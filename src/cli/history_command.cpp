#include <fmt/core.h>

#include <algorithm>
#include <memory>

#include "cli/command_line_errors.hpp"
#include "cli/commands.hpp"
#include "cli/console.hpp"
#include "cli/decode_limit_option.hpp"
#include "cli/exit_status.hpp"
#include "cli/failure.hpp"
#include "cli/history_input.hpp"
#include "cli/markdown_limit_option.hpp"
#include "cli/owners_option.hpp"
#include "cli/quarantine_option.hpp"
#include "cli/secret_options.hpp"
#include "cli/store_commands.hpp"
#include "cli/terminal_style.hpp"
#include "core/history/history_render.hpp"
#include "core/history/history_window.hpp"
#include "core/render/comment_marker.hpp"
#include "core/render/markdown_limit.hpp"
#include "util/duration.hpp"
#include "util/rfc3339.hpp"

namespace cli {

namespace {
struct HistoryOptions {
  std::vector<std::string> paths;
  std::string quarantine;
  OwnersChoice owners;
  std::string format = "text";
  std::string color = "auto";
  std::size_t last = 0;
  std::string since;
  std::string branch;
  std::string app;
  bool exit_zero = false;
  bool require_verified = false;
  std::size_t max_bytes = core::default_markdown_max_bytes;
  std::string max_body;
  SecretOptions secrets;
  StoreChoice store;
};

// --since: a time (RFC 3339, or a date for its midnight UTC) or an age ("7d": a week ago).
std::int64_t parse_since(const std::string& text) {
  if (auto time = util::parse_rfc3339(text)) return *time;
  if (text.size() == 10)
    if (auto day = util::parse_rfc3339(text + "T00:00:00Z")) return *day;
  if (auto age = util::parse_duration(text)) return util::now_epoch_milliseconds() - *age;
  throw Failure{
      "--since " + text +
      ": expected a time (2025-01-31T12:00:00Z), a date (2025-01-31) or an age (7d, 12h)"};
}

// Secrets only when asked for, as listen takes them: with no option and AUTOSANA_WEBHOOK_SECRET
// unset, saved requests are read unverified (and --require-verified cannot be met).
std::vector<core::Secret> history_secrets(const CLI::App& command, const HistoryOptions& options) {
  if (!any_secret_option(options.secrets) &&
      !core::lookup_process_environment(core::default_secret_variable)) {
    if (options.require_verified)
      throw Failure{std::string("--require-verified needs a secret (--secret-env, --secret-file, "
                                "--secret or ") +
                    core::default_secret_variable + ")"};
    return {};
  }
  return load_secrets_or_fail(command, options.secrets);
}

void report_unusable_inputs(std::size_t unusable) {
  if (unusable > 0)
    print_error(fmt::format("{} {} could not be used (see above); the history leaves {} out",
                            unusable, unusable == 1 ? "input" : "inputs",
                            unusable == 1 ? "it" : "them"));
}

// The window from the store: the query runs in the database; what the whole store holds is
// given to the history, so that an empty window is explained as it is for files.
HistoryInputCounts read_store_window(const HistoryOptions& options, const StoreRunners& store,
                                     const core::HistoryFilter& filter,
                                     core::HistoryBuilder& builder, core::FlowHistory& history) {
  if (!options.paths.empty())
    throw Failure{
        "history reads either the store (--store) or PATHs, not both; to add files to "
        "the store: autosana-webhook store import PATH..."};
  const StoreTotals totals =
      store.read_history(options.store, filter, options.require_verified, builder);
  history = builder.finish();
  history.batches_filtered = totals.batches - history.batches.size();
  history.batches_read = totals.batches;
  history.lanes_read = totals.lanes;
  return {};
}

// Whether a newly failing flow fails the gate: any, unless the quarantine file covers them all.
bool newly_failing_counts(const core::FlowHistory& history,
                          const std::optional<core::QuarantineList>& quarantine,
                          const std::string& quarantine_path) {
  std::vector<std::string> flows;
  for (const core::FlowStats& stats : history.flow_stats)
    if (stats.state == core::FlowState::newly_failing)
      flows.push_back(core::flow_label(history.flows[stats.flow]));
  if (flows.empty()) return false;
  return !quarantine || still_failing(flows, *quarantine, quarantine_path);
}

// A sticky comment's marker names the lane the report is about: the app and branch asked for,
// else the window's only one, else "*".
std::string comment_marker_of(const core::FlowHistory& history, const core::HistoryFilter& filter) {
  const auto only = [&](auto field) -> std::string {
    std::string seen;
    for (const core::Lane& lane : history.lanes) {
      if (!seen.empty() && seen != lane.*field) return "*";
      seen = lane.*field;
    }
    return seen;
  };
  return core::comment_marker(filter.app_id ? *filter.app_id : only(&core::Lane::app_id),
                              filter.branch ? *filter.branch : only(&core::Lane::branch));
}

std::string render_report(const HistoryOptions& options, const core::FlowHistory& history,
                          const core::HistoryFilter& filter, const core::TextStyle& style) {
  const std::string where_whole =
      "the whole report: --format json, html or text, or the same command with --max-bytes 0";
  if (options.format == "text") return core::render_history_text(history, style);
  if (options.format == "markdown")
    return core::fit_markdown(core::render_history_markdown(history), options.max_bytes,
                              where_whole);
  if (options.format == "comment")
    return core::fit_markdown(
        comment_marker_of(history, filter) + core::render_history_markdown(history),
        options.max_bytes == 0 ? core::github_comment_max_bytes
                               : std::min(options.max_bytes, core::github_comment_max_bytes),
        where_whole);
  if (options.format == "json") return core::render_history_json(history);
  if (options.format == "github") return core::render_history_github(history);
  if (options.format == "quarantine")  // suggested for 30 days: long enough to fix, not forever
    return core::render_history_quarantine(
        history,
        util::format_rfc3339(util::now_epoch_milliseconds() + 30LL * 86'400'000).substr(0, 10));
  return core::render_history_html(history);
}

int run_history(const CLI::App& command, const HistoryOptions& options, const StoreRunners& store) {
  if (options.store.given()) store.hand_over();
  const auto quarantine = load_quarantine(options.quarantine);  // its mistakes before any reading
  const auto owners = load_owners(options.owners);
  core::HistoryFilter filter;
  if (owners && !options.owners.owner.empty())
    filter.keeps_flow = [&](const core::Flow& flow) {
      return core::is_owner(owners->of_run(flow.group, flow.name), options.owners.owner);
    };
  if (options.last > 0) filter.last = options.last;
  if (!options.since.empty()) filter.since_milliseconds = parse_since(options.since);
  if (!options.branch.empty()) filter.branch = options.branch;
  if (!options.app.empty()) filter.app_id = options.app;
  const core::TextStyle style = choose_text_style(options.color);
  // URLs are kept for the batches a report links to: the HTML grid's columns, else enough for
  // each flow's latest run.
  core::HistoryBuilder builder(filter, options.format == "html" ? core::html_grid_batches : 10);
  core::FlowHistory history;
  HistoryInputCounts counts;
  if (options.store.given()) {
    counts = read_store_window(options, store, filter, builder, history);
  } else {
    HistoryInputOptions input;
    input.secrets = history_secrets(command, options);
    input.require_verified = options.require_verified;
    input.max_decoded_body = read_max_body(options.max_body);
    std::vector<std::string> paths = options.paths;
    if (paths.empty()) paths.push_back("-");
    counts = read_history_inputs(paths, input, builder);
    history = builder.finish();
  }
  history.inputs_skipped = counts.unusable;
  report_unusable_inputs(counts.unusable);
  // No batch to judge is no verdict: a gate must not read it as "nothing newly failing".
  if (const auto empty = core::explain_empty_window(history, filter)) throw Failure{*empty};
  if (filter.keeps_flow && history.flows.empty())
    throw Failure{nothing_owned(options.owners, "in the window")};
  if (owners)
    for (const core::Flow& flow : history.flows)
      history.owners.push_back(owners->of_run(flow.group, flow.name));
  if (quarantine)
    core::mark_quarantined_flows(history, *quarantine, util::now_epoch_milliseconds());
  write_stdout(render_report(options, history, filter, style));
  if (counts.unusable > 0) return exit_trouble;
  if (options.exit_zero || !newly_failing_counts(history, quarantine, options.quarantine))
    return exit_success;
  return exit_negative;
}
}  // namespace

// The help's last part: how history judges a flow, examples and exit status.
constexpr const char* footer =
    R"help(A flow is a run, named by its group and its own name; batches are ordered by
their payload's timestamp. Passed is a pass; failed, error, terminated and unknown
statuses are failures; skipped and unfinished runs have no result. A flow is
judged on each lane (the batches of one app on one branch) on its own:
  newly failing  passed before and failing in every batch since: the first
                 failing batch (time, commit, branch) and how many since;
                 also a flaky flow whose latest 3 or more results failed
  flaky          changed status at least twice, or passed and failed on one
                 commit (and did not then fail 3 times in a row)
  fixed          failed before and passing in every batch since
  failing        failing in every batch
A flow's line takes its worst lane and names its other lanes that are not
passing.
A batch delivered twice (the same app, time, commit and results) counts once.
Saved requests are verified when a secret is given (one that does not match is
an error); without a secret they are read unverified.

Examples:
  autosana-webhook history deliveries/
  autosana-webhook history --branch main --last 50 --format markdown \
      deliveries/
  autosana-webhook history --format html deliveries/ > history.html
  autosana-webhook history --format json --since 7d deliveries/ | jq .flaky
  cat payloads/*.json | autosana-webhook history -
  autosana-webhook history --store --branch main --last 100

Exit status: 0 no flow newly failing, 1 a flow newly failing (0 with
--exit-zero, or when --quarantine covers every one; with --owner, only that
owner's flows count), 2 trouble (an input that could not be used, a signature
that does not match, a window with no batch or no flow of the --owner's, a bad
option, quarantine or owners file).
)help";

void set_history_command(CLI::App& app, int& exit_status, const StoreRunners& store) {
  auto options = std::make_shared<HistoryOptions>();
  CLI::App* command = app.add_subcommand(
      "history",
      "Across many batches: which flows newly fail (since which commit), which are flaky, which "
      "were fixed; pass rates and their trend");
  command
      ->add_option("PATH", options->paths,
                   "Payloads, saved requests (.http, as listen --save writes them) and directories "
                   "of them (read recursively: *.json, *.http); - for payloads one after another "
                   "on standard input (the default)")
      ->type_name("PATH");
  command
      ->add_option("-f,--format", options->format,
                   "text (default), markdown (GitHub step summaries), json (for scripts), html (a "
                   "self-contained page: trend chart, flows x batches grid), github (annotations "
                   "in GitHub Actions), comment (Markdown for a sticky pull request comment), "
                   "quarantine (the lines a --quarantine file needs for the flaky flows)")
      ->check(
          CLI::IsMember({"text", "markdown", "json", "html", "github", "comment", "quarantine"}))
      ->type_name("FORMAT");
  add_color_option(*command, options->color);
  command
      ->add_option("--last", options->last, "Only the latest N batches (after the other filters)")
      ->check(positive_count())
      ->type_name("N");
  command
      ->add_option("--since", options->since,
                   "Only batches from this time on: 2025-01-31T12:00:00Z, 2025-01-31, or an age "
                   "such as 7d or 12h")
      ->type_name("TIME");
  command->add_option("--branch", options->branch, "Only batches of this git branch")
      ->type_name("NAME");
  command->add_option("--app", options->app, "Only batches of this app id")->type_name("ID");
  add_max_bytes_option(*command, options->max_bytes);
  add_max_body_option(*command, options->max_body);
  command->add_flag("--require-verified", options->require_verified,
                    "Leave out every batch no secret verified: payload files, the stream, and "
                    "saved requests without a signature");
  add_secret_options(*command, options->secrets, SecretCount::several);
  add_store_option(*command, options->store,
                   "Read the batches from the store instead of files (the window's query runs in "
                   "the database): sqlite:PATH, postgres://..., a key=value string; alone, "
                   "$AUTOSANA_WEBHOOK_STORE or the default file");
  add_quarantine_option(*command, options->quarantine);
  add_owners_options(*command, options->owners);
  command->add_flag("--exit-zero", options->exit_zero,
                    "Exit 0 even when a flow is newly failing (report only)");
  command->footer(footer);
  command->callback([options, command, &exit_status, store] {
    exit_status = run_history(*command, *options, store);
  });
}

}  // namespace cli
