#include <fmt/core.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>
#include <utility>

#include "cli/commands.hpp"
#include "cli/console.hpp"
#include "cli/failure.hpp"
#include "cli/markdown_limit_option.hpp"
#include "cli/owners_option.hpp"
#include "cli/payload_input.hpp"
#include "cli/quarantine_option.hpp"
#include "cli/store_commands.hpp"
#include "cli/terminal_style.hpp"
#include "cli/version.hpp"
#include "core/render/comment_marker.hpp"
#include "core/render/markdown_limit.hpp"
#include "core/summary/batch_summary.hpp"
#include "core/summary/summary_render.hpp"
#include "util/json_reader.hpp"
#include "util/rfc3339.hpp"
#include "util/spool.hpp"

namespace cli {

namespace {
struct SummarizeOptions {
  std::vector<std::string> files;
  std::string quarantine;
  OwnersChoice owners;
  std::string format = "text";
  std::string color = "auto";
  std::string baseline;
  bool failed_only = false;
  bool verbose = false;
  bool exit_zero = false;
  bool fail_on_incomplete = false;
  std::size_t max_bytes = core::default_markdown_max_bytes;
  std::vector<std::string> outputs;  // FORMAT=FILE
  bool format_given = false;
  bool baseline_from_store = false;
  StoreChoice store;
};

struct Baseline {
  core::RunIndex runs;
  std::string app_id;
  std::string source, described;
};

// A baseline's runs, cut to one owner's when a report is: another team's runs would otherwise
// read as removed.
std::function<void(core::RunGroup&&, const core::PayloadHeader&)> add_runs_to(
    Baseline& baseline, const std::optional<core::OwnersList>& owners, const std::string& owner) {
  return [&baseline, &owners, &owner](core::RunGroup&& group, const core::PayloadHeader&) {
    if (!owners || owner.empty()) return baseline.runs.add(group);
    if (auto part = core::owned_part(std::move(group), *owners, owner)) baseline.runs.add(*part);
  };
}

// The previous batch of the same app and branch, from the store; none when it holds none.
std::optional<Baseline> baseline_from_store(const SummarizeOptions& options,
                                            const StoreRunners& store,
                                            const core::PayloadHeader& header,
                                            const std::optional<core::OwnersList>& owners) {
  const auto time = util::parse_rfc3339(header.timestamp);
  if (!time) return std::nullopt;
  const std::string branch = header.git ? header.git->branch : std::string();
  const auto payload = store.previous_payload(options.store, header.app.id, branch, *time);
  if (!payload) {
    print_warning(
        fmt::format("no earlier batch of app {} on {} in the store: nothing to compare with",
                    header.app.id, branch.empty() ? "no branch" : "branch " + branch));
    return std::nullopt;
  }
  Baseline baseline;
  core::PayloadValidator validator({}, add_runs_to(baseline, owners, options.owners.owner));
  util::JsonReader reader(validator);
  if (!reader.parse(std::string_view(payload->payload))) return std::nullopt;
  validator.finish();
  if (!validator.valid()) return std::nullopt;
  baseline.app_id = validator.header().app.id;
  baseline.source = payload->source;
  baseline.described = core::describe_batch(validator.header());
  return baseline;
}

Baseline read_baseline(const std::string& file, const std::optional<core::OwnersList>& owners,
                       const std::string& owner) {
  Baseline baseline;
  core::PayloadValidator validator({}, add_runs_to(baseline, owners, owner));
  IgnoreJson ignore;
  if (read_payload(file, validator, ignore, false) != PayloadReading::valid)
    throw Failure{"--baseline " + file + " is not a payload that can be compared with"};
  baseline.app_id = validator.header().app.id;
  baseline.source = file;
  baseline.described = core::describe_batch(validator.header());
  return baseline;
}

std::vector<std::string> warning_texts(const core::PayloadValidator& validator) {
  std::vector<std::string> warnings;
  for (const auto& problem : validator.problems())
    if (!problem.is_error) warnings.push_back(problem.pointer + ": " + problem.message);
  return warnings;
}

// Where one format goes: standard output ("-") or a file, opened before any payload is read.
// A file is written beside its place under a temporary name and renamed into place only once its
// report is whole: a CI job that fails half-way never leaves half a report, nor an empty one,
// where an earlier one was.
class Destination {
 public:
  Destination(std::string format, std::string path)
      : format_(std::move(format)), path_(std::move(path)) {
    if (path_ == "-") return;
    const auto slash = path_.rfind('/');
    const std::string folder = slash == std::string::npos ? "" : path_.substr(0, slash + 1);
    const std::string name = slash == std::string::npos ? path_ : path_.substr(slash + 1);
    temporary_ = folder + "." + name + ".XXXXXX";
    const int fd = ::mkstemp(temporary_.data());
    if (fd < 0) throw Failure{"--output " + path_ + ": " + std::strerror(errno)};
    // mkstemp makes it 0600; the report gets the mode any new file would.
    const mode_t mask = ::umask(0);
    ::umask(mask);
    ::fchmod(fd, 0666 & ~mask);
    file_ = ::fdopen(fd, "wb");
    if (file_ == nullptr) {
      ::close(fd);
      ::unlink(temporary_.c_str());
      throw Failure{"--output " + path_ + ": " + std::strerror(errno)};
    }
  }
  Destination(const Destination&) = delete;
  Destination& operator=(const Destination&) = delete;
  ~Destination() {
    if (file_ == nullptr) return;
    std::fclose(file_);
    ::unlink(temporary_.c_str());
  }

  const std::string& format() const { return format_; }
  bool to_stdout() const { return file_ == nullptr; }
  void write(std::string_view bytes) {
    if (limited())
      held_.append(bytes);
    else
      write_now(bytes);
  }
  // Markdown is held to the end and cut to max_bytes there, whole lines only (see
  // core::fit_markdown); where_whole says where the rest can be had.
  void limit(std::size_t max_bytes, std::string where_whole) {
    if (format_ != "markdown" && format_ != "comment") return;
    // A comment is always within GitHub's limit for a comment's body.
    max_bytes_ = format_ == "markdown" ? max_bytes
                 : max_bytes == 0      ? core::github_comment_max_bytes
                                       : std::min(max_bytes, core::github_comment_max_bytes);
    where_whole_ = std::move(where_whole);
  }
  const std::string& path() const { return path_; }
  // Closes a file and puts it in place when its report is whole; else leaves what was there
  // and says so. False when the file could not be written: the command is trouble then.
  bool finish(bool whole) {
    if (limited()) {
      const std::size_t max_bytes = std::exchange(max_bytes_, 0);
      write_now(core::fit_markdown(std::move(held_), max_bytes, where_whole_));
    }
    if (file_ == nullptr) return true;
    const bool closed = std::fclose(file_) == 0;
    file_ = nullptr;
    if (!failed_ && closed && whole && ::rename(temporary_.c_str(), path_.c_str()) == 0)
      return true;
    const int error = errno;
    ::unlink(temporary_.c_str());
    if (!whole) {
      print_error("--output " + path_ +
                  ": not written, as the report is not whole (see above); what was there is "
                  "left as it was");
      return true;
    }
    print_error("--output " + path_ + ": cannot write: " + std::strerror(error));
    return false;
  }

  // JUnit streams: each group's testsuite is rendered as soon as the group is complete, so a
  // large batch never has all its runs in memory. A file's part is kept until the payload proved
  // valid.
  std::unique_ptr<util::Spool> junit_part;
  bool junit_started = false;
  bool html_started = false;     // one page for every payload
  bool comment_started = false;  // its marker written

 private:
  std::string format_;
  std::string path_;
  bool limited() const { return max_bytes_ > 0; }
  void write_now(std::string_view bytes) {
    if (file_ == nullptr) return write_stdout(bytes);
    if (!failed_ && std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size())
      failed_ = true;
  }

  std::string temporary_;
  std::FILE* file_ = nullptr;
  bool failed_ = false;
  std::size_t max_bytes_ = 0;
  std::string held_;
  std::string where_whole_;
};

// "--output markdown=summary.md" into its format and file, checked.
std::unique_ptr<Destination> parse_output(const std::string& text) {
  const auto equals = text.find('=');
  const std::string format = text.substr(0, equals);
  if (equals == std::string::npos || equals + 1 == text.size())
    throw Failure{"--output " + text +
                  ": expected FORMAT=FILE, as in markdown=summary.md (- for "
                  "standard output)"};
  if (format != "text" && format != "markdown" && format != "json" && format != "junit" &&
      format != "html" && format != "github" && format != "comment" && format != "ctrf")
    throw Failure{
        "--output " + text +
        ": the format is one of text, markdown, json, junit, html, github, comment, ctrf, not " +
        format};
  return std::make_unique<Destination>(format, text.substr(equals + 1));
}

std::vector<std::unique_ptr<Destination>> open_destinations(const SummarizeOptions& options) {
  std::vector<std::unique_ptr<Destination>> destinations;
  if (options.outputs.empty()) {
    destinations.push_back(std::make_unique<Destination>(options.format, "-"));
    return destinations;
  }
  if (options.format_given)
    throw Failure{
        "--format and --output: with --output, give every format there "
        "(text=-, markdown=FILE, ...)"};
  for (const std::string& text : options.outputs) destinations.push_back(parse_output(text));
  std::size_t to_stdout = 0;
  for (const auto& destination : destinations) to_stdout += destination->to_stdout() ? 1U : 0U;
  if (to_stdout > 1) throw Failure{"--output: only one format can go to standard output (-)"};
  return destinations;
}

// A Markdown report over max_bytes ends early and says where the whole report is: in the other
// files this command writes, or from the same command without the limit.
void limit_markdown(std::vector<std::unique_ptr<Destination>>& destinations,
                    std::size_t max_bytes) {
  std::string files;
  for (const auto& destination : destinations)
    if (destination->format() != "markdown" && destination->format() != "comment" &&
        !destination->to_stdout())
      files += (files.empty() ? "" : ", ") + destination->path();
  const std::string where = files.empty() ? "the whole report: the same command with --max-bytes 0"
                                          : "the whole report is in " + files;
  for (auto& destination : destinations) destination->limit(max_bytes, where);
}

// One run of the command: every payload read once and written to every destination.
class SummarizeRun {
 public:
  SummarizeRun(const SummarizeOptions& options, const StoreRunners& store)
      : options_(options),
        store_(store),
        destinations_(open_destinations(options)),
        // Colour only where a person reads it: standard output (as --color says), never a file.
        style_(choose_text_style(options.color)),
        file_style_(choose_text_style(options.color == "always" ? "always" : "never")) {
    limit_markdown(destinations_, options.max_bytes);
    bool others = false;
    for (const auto& destination : destinations_) {
      (destination->format() == "junit" ? junit_ : others) = true;
      ctrf_ = ctrf_ || destination->format() == "ctrf";
    }
    const bool compares = !options.baseline.empty() || options.baseline_from_store;
    if (junit_ && compares && !others)
      throw Failure{"--baseline has no place in JUnit output; use --format text, markdown or json"};
    if (!options.baseline.empty() && options.baseline_from_store)
      throw Failure{"--baseline and --baseline-from-store both name a baseline; give one"};
    owners_ = load_owners(options.owners);
    if (!options.baseline.empty())
      baseline_ = read_baseline(options.baseline, owners_, options.owners.owner);
    quarantine_ = load_quarantine(options.quarantine);
    if (options.store.given() && !options.baseline_from_store)
      print_warning("--store names where --baseline-from-store looks; without it, it does nothing");
  }

  int run() {
    std::vector<std::string> files = options_.files;
    if (files.empty()) files.push_back("-");
    for (const std::string& file : files) summarize(file, files.size() > 1);
    finish();
    if (trouble_) return exit_trouble;
    return options_.exit_zero || gate_passes_ ? exit_success : exit_negative;
  }

 private:
  void summarize(const std::string& file, bool several) {
    core::SummaryBuilder builder({options_.failed_only, options_.verbose});
    core::SummaryBuilder every_run({options_.failed_only, true});  // CTRF: a test per run
    core::RunIndex runs;
    std::vector<core::GroupSummary> early;  // JUnit: groups before the app and timestamp
    for (auto& destination : destinations_)
      destination->junit_part = std::make_unique<util::Spool>();
    std::size_t groups_owned = 0;
    core::PayloadValidator validator(
        {}, [&](core::RunGroup&& whole, const core::PayloadHeader& header) {
          std::optional<core::RunGroup> owned = owned_part(std::move(whole));
          if (!owned) return;
          core::RunGroup& group = *owned;
          ++groups_owned;
          if (baseline_ || options_.baseline_from_store) runs.add(group);
          if (junit_) render_junit_early(group, header, early);
          if (ctrf_) every_run.add_group(core::RunGroup(group));
          builder.add_group(std::move(group));
        });
    IgnoreJson ignore;
    if (read_payload(file, validator, ignore, false) != PayloadReading::valid) {
      trouble_ = true;  // an invalid payload cannot be summarised: trouble, as documented
      return;
    }
    if (groups_owned == 0 && !options_.owners.owner.empty()) {
      print_error(nothing_owned(options_.owners, ("in " + input_name(file)).c_str()));
      trouble_ = true;  // a report with nothing in it is no verdict
      return;
    }
    core::BatchSummary summary = builder.finish(validator.header(), warning_texts(validator));
    if (ctrf_) {
      core::BatchSummary all_runs = every_run.finish(validator.header(), {});
      if (owners_) core::assign_owners(all_runs, *owners_);
      ctrf_report_.add(all_runs);
    }
    if (options_.baseline_from_store)
      baseline_ = baseline_from_store(options_, store_, validator.header(), owners_);
    if (baseline_) compare(summary, runs, file);
    if (owners_) core::assign_owners(summary, *owners_);
    if (quarantine_) core::mark_quarantined(summary, *quarantine_, util::now_epoch_milliseconds());
    groups_passed_ += summary.groups_passed;
    groups_failed_ += summary.groups_failed;
    groups_in_progress_ += summary.groups_in_progress;
    // Runs in progress fail nothing yet, unless asked to; quarantined flows fail nothing.
    bool fails = summary.failed();
    if (fails && quarantine_)
      fails = still_failing(core::failed_flow_names(summary), *quarantine_, options_.quarantine);
    const bool unfinished =
        summary.verdict() == core::Verdict::in_progress || summary.groups_in_progress > 0;
    gate_passes_ = gate_passes_ && !fails && !(options_.fail_on_incomplete && unfinished);
    for (auto& destination : destinations_) write(*destination, summary, file, several, early);
    next_junit_id_ += static_cast<int>(early.size());
    ++summarised_;
  }

  // The group, or the part of it the --owner owns; all of it without --owner.
  std::optional<core::RunGroup> owned_part(core::RunGroup&& group) const {
    if (!owners_ || options_.owners.owner.empty()) return std::move(group);
    return core::owned_part(std::move(group), *owners_, options_.owners.owner);
  }

  // JUnit streams: a group's testsuite is rendered as soon as the group is complete and the
  // payload's header is known, so a large batch never has all its runs in memory.
  void render_junit_early(const core::RunGroup& group, const core::PayloadHeader& header,
                          std::vector<core::GroupSummary>& early) {
    core::GroupSummary summary = core::summarize_group(core::RunGroup(group), true);
    if (options_.failed_only && summary.passed()) return;
    if (owners_) core::assign_owners(summary, *owners_);
    // A group with a status that is not final waits for whether the batch is complete.
    const bool header_known =
        !header.timestamp.empty() && !header.app.id.empty() &&
        (header.is_complete.has_value() || !summary.depends_on_completeness());
    if (!header_known) return early.push_back(std::move(summary));
    for (auto& destination : destinations_)
      if (destination->format() == "junit")
        destination->junit_part->append(core::render_junit_suite(summary, header, next_junit_id_));
    ++next_junit_id_;
  }

  void compare(core::BatchSummary& summary, const core::RunIndex& runs, const std::string& file) {
    summary.baseline = runs.compare_with(baseline_->runs);
    summary.baseline->different_app = baseline_->app_id != summary.header.app.id;
    summary.baseline->source = input_name(file);
    summary.baseline->described = core::describe_batch(summary.header);
    summary.baseline->baseline_source = baseline_->source;
    summary.baseline->baseline_described = baseline_->described;
  }

  void write(Destination& destination, const core::BatchSummary& summary, const std::string& file,
             bool several, const std::vector<core::GroupSummary>& early) {
    const std::string& format = destination.format();
    const core::TextStyle& chosen = destination.to_stdout() ? style_ : file_style_;
    if (format == "text") {
      if (several)
        destination.write(chosen.toned(core::Tone::strong,
                                       "==> " + escape_for_terminal(input_name(file)) + " <==") +
                          "\n");
      destination.write(core::render_text(summary, chosen));
      if (several) destination.write("\n");
    } else if (format == "markdown") {
      destination.write(core::render_markdown(summary));
    } else if (format == "ctrf") {
      return;  // one document for every payload, written whole at the end
    } else if (format == "json") {
      destination.write(core::render_json(summary));
    } else if (format == "github") {
      destination.write(core::render_github(summary));
    } else if (format == "comment") {
      // The marker names the first payload's app and branch: the lane whose comment this is.
      if (!destination.comment_started)
        destination.write(core::comment_marker(
            summary.header.app.id, summary.header.git ? summary.header.git->branch : ""));
      destination.comment_started = true;
      destination.write(core::render_markdown(summary));
    } else if (format == "html") {
      if (!destination.html_started) destination.write(core::html_summary_start());
      destination.html_started = true;
      destination.write(core::render_html_section(summary));
    } else {
      for (std::size_t i = 0; i < early.size(); ++i)
        destination.junit_part->append(core::render_junit_suite(
            early[i], summary.header, next_junit_id_ + static_cast<int>(i)));
      if (!destination.junit_started) destination.write(core::junit_document_start());
      destination.junit_started = true;
      auto replayed =
          destination.junit_part->replay([&](std::string_view bytes) { destination.write(bytes); });
      if (!replayed) throw Failure{replayed.error()};
    }
  }

  void finish() {
    for (auto& destination : destinations_) {
      const std::string& format = destination->format();
      if (summarised_ > 1 && (format == "text" || format == "markdown" || format == "comment"))
        destination->write(fmt::format(
            "Total: {} in {} payloads\n",
            core::describe_group_totals(groups_passed_, groups_failed_, groups_in_progress_),
            summarised_));
      if (format == "junit" && destination->junit_started)
        destination->write(core::junit_document_end());
      if (format == "html" && destination->html_started)
        destination->write(core::html_summary_end());
      if (format == "ctrf" && summarised_ > 0)
        destination->write(ctrf_report_.finish(std::string(program_name) + " " + program_version));
      if (!destination->finish(!trouble_)) trouble_ = true;
    }
  }

  const SummarizeOptions& options_;
  const StoreRunners& store_;
  std::vector<std::unique_ptr<Destination>> destinations_;
  core::TextStyle style_, file_style_;
  std::optional<Baseline> baseline_;
  bool junit_ = false;
  bool ctrf_ = false;
  core::CtrfReport ctrf_report_;  // every payload's runs, written at the end as one document
  std::optional<core::QuarantineList> quarantine_;
  std::optional<core::OwnersList> owners_;
  bool trouble_ = false;
  bool gate_passes_ = true;
  int next_junit_id_ = 0;
  std::size_t summarised_ = 0;
  std::size_t groups_passed_ = 0, groups_failed_ = 0, groups_in_progress_ = 0;
};

int run_summarize(const SummarizeOptions& options, const StoreRunners& store) {
  if (options.baseline_from_store) store.hand_over();
  return SummarizeRun(options, store).run();
}
}  // namespace

// The help's last part: what counts as in progress, examples and exit status.
constexpr const char* footer = R"help(Examples:
  autosana-webhook summarize payload.json
  autosana-webhook summarize --format markdown payload.json \
      >> "$GITHUB_STEP_SUMMARY"
  autosana-webhook summarize --format junit payload.json > autosana-junit.xml
  autosana-webhook summarize --format html payload.json > summary.html
  autosana-webhook summarize -o markdown="$GITHUB_STEP_SUMMARY" \
      -o junit=autosana-junit.xml -o text=- payload.json
  autosana-webhook summarize --baseline previous.json payload.json
  autosana-webhook summarize --baseline-from-store payload.json
  autosana-webhook verify --pipe --request delivery.http \
      | autosana-webhook summarize

Running, queued, pending and in_progress runs (and, in a run-status response with
is_complete false, any status that is not final) are in progress: neither passed
nor failed.

Exit status: 0 no group or run failed (skipped runs fail nothing, nor do runs in
progress unless --fail-on-incomplete), 1 a group or run failed, errored, was
terminated or has a status this tool does not know (0 with --exit-zero, or when
--quarantine covers every such flow; with --owner, only that owner's flows
count), 2 trouble (unreadable, empty or invalid input, bad option, quarantine or
owners file, no flow of the --owner's, output write error).
)help";

void set_summarize_command(CLI::App& app, int& exit_status, const StoreRunners& store) {
  auto options = std::make_shared<SummarizeOptions>();
  CLI::App* command = app.add_subcommand(
      "summarize", "Summarise a batch for a person or a CI system: what failed and where to click");
  command
      ->add_option("FILE", options->files,
                   "Payloads to summarise (default: standard input; - for it too)")
      ->type_name("FILE");
  command
      ->add_option(
          "-f,--format", options->format,
          "text (default), markdown (GitHub step summaries, PR comments), json (for "
          "scripts), junit (JUnit XML for test reporters), html (a self-contained page), "
          "github (an annotation per failed flow in GitHub Actions), comment (Markdown for "
          "a sticky pull request comment, with a hidden marker)")
      ->check(
          CLI::IsMember({"text", "markdown", "json", "junit", "html", "github", "comment", "ctrf"}))
      ->type_name("FORMAT")
      ->each([options](const std::string&) { options->format_given = true; });
  command
      ->add_option("-o,--output", options->outputs,
                   "Write this format to this file (- for standard output), e.g. "
                   "markdown=summary.md junit=autosana-junit.xml: one read of the payloads for "
                   "every format, one exit status; repeatable, instead of --format. A file is "
                   "put in place only when its report is whole")
      ->type_name("FORMAT=FILE")
      ->allow_extra_args(false);
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
  command->add_flag("--baseline-from-store", options->baseline_from_store,
                    "Compare with the previous batch of the same app and branch in the store "
                    "(see --store)");
  add_store_option(*command, options->store,
                   "The store --baseline-from-store reads: sqlite:PATH, postgres://..., a "
                   "key=value string; alone, $AUTOSANA_WEBHOOK_STORE or the default file");
  command->add_flag("--exit-zero", options->exit_zero, "Exit 0 whenever a summary was produced");
  add_max_bytes_option(*command, options->max_bytes);
  add_quarantine_option(*command, options->quarantine);
  add_owners_options(*command, options->owners);
  command->add_flag("--fail-on-incomplete", options->fail_on_incomplete,
                    "Exit 1 also when a run or group is still in progress (running, queued, "
                    "pending, in_progress), which by default fails nothing");
  command->footer(footer);
  command->callback(
      [options, &exit_status, store] { exit_status = run_summarize(*options, store); });
}

}  // namespace cli
