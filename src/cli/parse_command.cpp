#include <memory>
#include <variant>

#include "cli/commands.hpp"
#include "cli/console.hpp"
#include "cli/failure.hpp"
#include "cli/payload_input.hpp"
#include "core/payload/payload_env.hpp"
#include "core/payload/payload_validator.hpp"
#include "core/summary/batch_summary.hpp"
#include "util/json_pointer.hpp"
#include "util/json_reader.hpp"
#include "util/json_writer.hpp"
#include "util/spool.hpp"
#include "util/text_escape.hpp"

namespace cli {

namespace {
struct ParseOptions {
  std::vector<std::string> files;
  bool check_only = false;
  bool compact = false;
  bool strict = false;
  std::string format = "json";
  std::vector<std::string> pointers;
  bool failed = false;
  bool raw = false;             // values exactly as they are
  bool null_separated = false;  // -z: each value ends with NUL
};

// A --get or --failed value as one line: control, bidirectional and invisible characters escaped
// (\x0a, \u202e)
// (a name with a line break must not count as two, nor an ESC drive the terminal), unless --raw;
// with -z it ends in NUL and only a NUL inside it is escaped.
void write_value(std::string_view value, const ParseOptions& options) {
  if (!value.empty() && value.back() == '\n') value.remove_suffix(1);
  if (options.null_separated) {
    std::string text(value);
    for (std::size_t at = text.find('\0'); at != std::string::npos; at = text.find('\0', at + 4))
      text.replace(at, 1, "\\x00");
    write_stdout(text + std::string(1, '\0'));
  } else {
    write_stdout((options.raw ? std::string(value) : util::escape_for_terminal(value)) + "\n");
  }
}

// What parse does with the events of a valid payload: nothing (--check, --format env), JSON or
// flat lines into the held output, or values picked by --get.
using Printer =
    std::variant<IgnoreJson, util::JsonWriter, util::JsonFlatWriter, util::JsonPointerGetter>;

void choose_printer(Printer& printer, const ParseOptions& options,
                    const std::vector<std::vector<std::string>>& pointers,
                    const util::JsonWriter::Sink& to_output) {
  if (!pointers.empty())
    printer.emplace<util::JsonPointerGetter>(pointers);
  else if (options.check_only || options.format == "env")
    printer.emplace<IgnoreJson>();
  else if (options.format == "flat")
    printer.emplace<util::JsonFlatWriter>(to_output);
  else
    printer.emplace<util::JsonWriter>(to_output, !options.compact);
}

// --get's values, each on its line; a missing one is reported and makes the status negative.
int print_values(const util::JsonPointerGetter& getter, const ParseOptions& options,
                 const std::string& name) {
  int status = exit_success;
  const auto results = getter.results();
  for (std::size_t i = 0; i < results.size(); ++i) {
    for (const std::string& value : results[i]) write_value(value, options);
    if (results[i].empty()) {
      print_error(name + ": no value at " + options.pointers[i]);
      status = exit_negative;
    }
  }
  return status;
}

// Checks one input and prints what was asked for; returns its exit status.
int parse_one(const ParseOptions& options, const std::vector<std::vector<std::string>>& pointers,
              const std::string& file) {
  // --failed: the groups that did not pass, judged as summarize judges them.
  std::vector<std::string> failed_groups;
  core::PayloadValidator::GroupSink on_group;
  if (options.failed)
    on_group = [&failed_groups](core::RunGroup&& group, const core::PayloadHeader&) {
      std::string name = group.name;
      // In progress is not failed, as summarize judges it.
      if (core::summarize_group(std::move(group), false).verdict(false) == core::Verdict::failed)
        failed_groups.push_back(std::move(name));
    };
  core::PayloadValidator validator(core::ValidationOptions{options.strict, 100}, on_group);
  // Output is kept until the document proved valid: nothing is printed for an invalid one.
  util::Spool output;
  Printer printer;
  choose_printer(printer, options, pointers,
                 [&output](std::string_view bytes) { output.append(bytes); });
  util::JsonHandler& handler =
      std::visit([](auto& chosen) -> util::JsonHandler& { return chosen; }, printer);
  if (const PayloadReading reading = read_payload(file, validator, handler, options.strict);
      reading != PayloadReading::valid)
    return exit_status_for(reading);

  if (options.check_only) return exit_success;
  if (options.failed) {
    for (const std::string& name : failed_groups) write_value(name, options);
    return exit_success;
  }
  if (const auto* getter = std::get_if<util::JsonPointerGetter>(&printer))
    return print_values(*getter, options, input_name(file));
  if (options.format == "env") {
    write_stdout(core::format_env_assignments(validator.header(), options.raw));
    return exit_success;
  }
  if (auto* writer = std::get_if<util::JsonWriter>(&printer)) writer->flush();
  if (auto* flat = std::get_if<util::JsonFlatWriter>(&printer)) flat->flush();
  auto replayed = output.replay([](std::string_view bytes) { write_stdout(bytes); });
  if (!replayed) throw Failure{replayed.error()};
  return exit_success;
}

int run_parse(ParseOptions& options) {
  if (!options.pointers.empty() && options.format != "json")
    throw Failure{"--get prints values itself; it cannot be combined with --format " +
                  options.format};
  if (options.check_only &&
      (!options.pointers.empty() || options.format != "json" || options.compact || options.failed))
    throw Failure{
        "--check prints nothing; it cannot be combined with --get, --failed, --format or "
        "--compact"};
  if (options.failed && (!options.pointers.empty() || options.format != "json" || options.compact))
    throw Failure{
        "--failed prints group names itself; it cannot be combined with --get, --format "
        "or --compact"};
  const bool prints_values = !options.pointers.empty() || options.failed;
  if (options.null_separated && !prints_values)
    throw Failure{"-z ends --get and --failed values with NUL; it needs one of them"};
  if (options.raw && !prints_values && options.format != "env")
    throw Failure{"--raw applies to --get, --failed and --format env"};
  std::vector<std::vector<std::string>> pointers;
  for (const std::string& pointer : options.pointers) {
    auto tokens = util::parse_json_pointer(pointer);
    if (!tokens) throw Failure{"--get: " + tokens.error()};
    pointers.push_back(std::move(*tokens));
  }
  if (options.files.empty()) options.files.push_back("-");
  int worst = exit_success;
  for (const std::string& file : options.files)
    worst = std::max(worst, parse_one(options, pointers, file));
  return worst;
}
}  // namespace

void set_parse_command(CLI::App& app, int& exit_status) {
  auto options = std::make_shared<ParseOptions>();
  CLI::App* command = app.add_subcommand(
      "parse",
      "Validate a payload, list every problem, print it normalised or hand fields to scripts");
  command
      ->add_option("FILE", options->files,
                   "Payloads to check (default: standard input; - for it too)")
      ->type_name("FILE");
  command->add_flag("-q,--check", options->check_only,
                    "Validate only: print nothing, problems go to standard error and the verdict "
                    "to the exit status (verify --check, by contrast, reads a list)");
  command->add_flag("--compact", options->compact, "Print the JSON on one line");
  command
      ->add_option("-f,--format", options->format,
                   "json: normalised JSON (default); env: shell assignments safe to eval; flat: "
                   "one '<JSON Pointer> = <value>' line per value")
      ->check(CLI::IsMember({"json", "env", "flat"}))
      ->type_name("FORMAT");
  command
      ->add_option("-g,--get", options->pointers,
                   "Print the value at this JSON Pointer (like /app/name): strings raw, other "
                   "values as JSON; a * segment matches every key or index "
                   "(/run_groups/*/name), one value per line; repeatable")
      ->type_name("POINTER")
      ->allow_extra_args(false);
  command->add_flag("--failed", options->failed,
                    "Print the name of each group that did not pass, one per line (as summarize "
                    "judges them)");
  command->add_flag("--raw", options->raw,
                    "Print --get, --failed and --format env values exactly, control characters "
                    "and all (default: escaped as \\x0a, \\x1b, \\u202e, one value per line)");
  command->add_flag("-z,--null", options->null_separated,
                    "End each --get and --failed value with NUL instead of a line break, as it "
                    "is (for xargs -0, read -d '')");
  command->add_flag("--strict", options->strict,
                    "Also reject unknown fields, unknown statuses and events, duplicate keys, a "
                    "byte-order mark, and summary counts that disagree with the groups");
  command->footer(
      R"help(Accepts the webhook's batch.completed payload and the run-status API response.
Problems go to standard error, each with its JSON Pointer; nothing is printed for an invalid payload.

Examples:
  autosana-webhook parse payload.json
  autosana-webhook parse --check payload.json && echo valid
  autosana-webhook parse --get /app/name --get /summary/failed_groups \
      payload.json
  autosana-webhook parse --get '/run_groups/*/runs/*/status' payload.json \
      | sort | uniq -c
  mapfile -t failed < <(autosana-webhook parse --failed payload.json)
  eval "$(autosana-webhook parse --format env payload.json)" \
      && echo "$AUTOSANA_GIT_BRANCH"
  autosana-webhook parse --format flat payload.json | grep status

Exit status: 0 valid, 1 invalid (or a --get path is missing), 2 trouble (unreadable input, bad
option, output write error). With several files, the worst.
)help");
  command->callback([options, &exit_status] { exit_status = run_parse(*options); });
}

}  // namespace cli
