#include <fmt/core.h>
#include <memory>

#include "cli/commands.hpp"
#include "cli/console.hpp"
#include "cli/failure.hpp"
#include "cli/payload_input.hpp"
#include "cli/terminal_style.hpp"
#include "core/batch_summary.hpp"
#include "core/summary_render.hpp"
#include "util/spool.hpp"

namespace cli {

namespace {
struct SummarizeOptions {
  std::vector<std::string> files;
  std::string format = "text";
  std::string color = "auto";
  std::string baseline;
  bool failed_only = false;
  bool verbose = false;
  bool exit_zero = false;
};

struct Baseline {
  core::RunIndex runs;
  std::string app_id;
};

Baseline read_baseline(const std::string& file) {
  Baseline baseline;
  core::PayloadValidator validator(
      {}, [&](core::RunGroup&& group, const core::PayloadHeader&) { baseline.runs.add(group); });
  IgnoreJson ignore;
  if (read_payload(file, validator, ignore, false) != PayloadReading::valid)
    throw Failure{"--baseline " + file + " is not a payload that can be compared with"};
  baseline.app_id = validator.header().app.id;
  return baseline;
}

std::vector<std::string> warning_texts(const core::PayloadValidator& validator) {
  std::vector<std::string> warnings;
  for (const auto& problem : validator.problems())
    if (!problem.is_error) warnings.push_back(problem.pointer + ": " + problem.message);
  return warnings;
}

// JUnit streams: each group's testsuite is rendered as soon as the group is complete, so a large
// batch never has all its runs in memory. A file's part is kept until the payload proved valid.
int run_junit(const SummarizeOptions& options, const std::vector<std::string>& files) {
  int next_id = 0;
  bool started = false;
  bool trouble = false;
  bool all_passed = true;
  for (const std::string& file : files) {
    util::Spool part;
    std::vector<core::GroupSummary> early;  // groups that came before the app and timestamp
    core::SummaryBuilder totals(core::SummaryOptions{});
    core::PayloadValidator validator(
        {}, [&](core::RunGroup&& group, const core::PayloadHeader& header) {
          core::GroupSummary summary = core::summarize_group(std::move(group), true);
          if (!options.failed_only || !summary.passed()) {
            if (!header.timestamp.empty() && !header.app.id.empty())
              part.append(core::render_junit_suite(summary, header, next_id++));
            else
              early.push_back(summary);
          }
          totals.add_group(std::move(summary), false);
        });
    IgnoreJson ignore;
    if (read_payload(file, validator, ignore, false) != PayloadReading::valid) {
      trouble = true;
      continue;
    }
    for (const core::GroupSummary& summary : early)
      part.append(core::render_junit_suite(summary, validator.header(), next_id++));
    if (!started) write_stdout(core::junit_document_start());
    started = true;
    auto replayed = part.replay([](std::string_view bytes) { write_stdout(bytes); });
    if (!replayed) throw Failure{replayed.error()};
    all_passed = all_passed && totals.finish(validator.header(), {}).passed();
  }
  if (started) write_stdout(core::junit_document_end());
  if (trouble) return exit_trouble;
  return options.exit_zero || all_passed ? exit_success : exit_negative;
}

int run_summarize(const SummarizeOptions& options) {
  if (options.format == "junit" && !options.baseline.empty())
    throw Failure{"--baseline has no place in JUnit output; use --format text, markdown or json"};
  std::vector<std::string> files = options.files;
  if (files.empty()) files.push_back("-");
  if (options.format == "junit") return run_junit(options, files);
  const core::TextStyle style = choose_text_style(options.color);
  std::optional<Baseline> baseline;
  if (!options.baseline.empty()) baseline = read_baseline(options.baseline);
  const core::SummaryOptions summary_options{options.failed_only, options.verbose};
  std::vector<std::unique_ptr<core::BatchSummary>> summaries;
  bool trouble = false;
  std::size_t groups = 0, groups_passed = 0;
  for (const std::string& file : files) {
    core::SummaryBuilder builder(summary_options);
    core::RunIndex runs;
    core::PayloadValidator validator({}, [&](core::RunGroup&& group, const core::PayloadHeader&) {
      if (baseline) runs.add(group);
      builder.add_group(std::move(group));
    });
    IgnoreJson ignore;
    if (read_payload(file, validator, ignore, false) != PayloadReading::valid) {
      trouble = true;  // an invalid payload cannot be summarised: trouble, as documented
      continue;
    }
    auto summary = std::make_unique<core::BatchSummary>(
        builder.finish(validator.header(), warning_texts(validator)));
    if (baseline) {
      summary->baseline = runs.compare_with(baseline->runs);
      summary->baseline->different_app = baseline->app_id != summary->header.app.id;
    }
    groups += summary->group_count;
    groups_passed += summary->groups_passed;
    const bool several = files.size() > 1;
    if (options.format == "text") {
      if (several)
        write_stdout(style.toned(core::Tone::strong,
                                 "==> " + escape_for_terminal(input_name(file)) + " <==") +
                     "\n");
      write_stdout(core::render_text(*summary, style));
      if (several) write_stdout("\n");
    } else if (options.format == "markdown") {
      write_stdout(core::render_markdown(*summary));
    } else if (options.format == "json") {
      write_stdout(core::render_json(*summary));
    }
    summaries.push_back(std::move(summary));
  }
  if (summaries.size() > 1 && (options.format == "text" || options.format == "markdown"))
    write_stdout(fmt::format("Total: {} in {} payloads\n",
                             core::describe_group_totals(groups_passed, groups), summaries.size()));
  if (trouble) return exit_trouble;
  if (options.exit_zero) return exit_success;
  for (const auto& summary : summaries)
    if (!summary->passed()) return exit_negative;
  return exit_success;
}
}  // namespace

void set_summarize_command(CLI::App& app, int& exit_status) {
  auto options = std::make_shared<SummarizeOptions>();
  CLI::App* command = app.add_subcommand(
      "summarize", "Summarise a batch for a person or a CI system: what failed and where to click");
  command
      ->add_option("FILE", options->files,
                   "Payloads to summarise (default: standard input; - for it too)")
      ->type_name("FILE");
  command
      ->add_option("-f,--format", options->format,
                   "text (default), markdown (GitHub step summaries, PR comments), json (for "
                   "scripts), junit (JUnit XML for test reporters)")
      ->check(CLI::IsMember({"text", "markdown", "json", "junit"}))
      ->type_name("FORMAT");
  add_color_option(*command, options->color);
  command->add_flag("--failed-only", options->failed_only,
                    "Show only the groups that did not pass");
  command->add_flag("--verbose", options->verbose,
                    "List every run, not only those that need attention");
  command
      ->add_option("--baseline", options->baseline,
                   "An earlier payload of the same app: show runs newly failing, fixed, still "
                   "failing, added and removed")
      ->type_name("PREVIOUS");
  command->add_flag("--exit-zero", options->exit_zero, "Exit 0 whenever a summary was produced");
  command->footer(R"help(Examples:
  autosana-webhook summarize payload.json
  autosana-webhook summarize --format markdown payload.json >> "$GITHUB_STEP_SUMMARY"
  autosana-webhook summarize --format junit payload.json > autosana-junit.xml
  autosana-webhook summarize --baseline previous.json payload.json
  autosana-webhook verify --pipe --request delivery.http | autosana-webhook summarize

Exit status: 0 every group passed (skipped runs fail nothing), 1 a group or run failed, errored,
was terminated or has a status this tool does not know (0 with --exit-zero), 2 trouble
(unreadable or invalid payload, bad option, output write error).
)help");
  command->callback([options, &exit_status] { exit_status = run_summarize(*options); });
}

}  // namespace cli
