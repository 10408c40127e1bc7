#include <memory>

#include "cli/commands.hpp"
#include "cli/console.hpp"
#include "cli/failure.hpp"
#include "core/payload_env.hpp"
#include "core/payload_validator.hpp"
#include "util/byte_input.hpp"
#include "util/json_pointer.hpp"
#include "util/json_reader.hpp"
#include "util/json_writer.hpp"
#include "util/spool.hpp"

namespace cli {

namespace {
struct ParseOptions {
  std::vector<std::string> files;
  bool check_only = false;
  bool compact = false;
  bool strict = false;
  std::string format = "json";
  std::vector<std::string> pointers;
};

// Discards events: the handler paired with the validator when nothing is printed.
class NoOutput : public util::JsonHandler {
 public:
  void begin_object(const util::JsonPath&) override {}
  void key(const util::JsonPath&, std::string_view) override {}
  void end_object(const util::JsonPath&, std::size_t) override {}
  void begin_array(const util::JsonPath&) override {}
  void end_array(const util::JsonPath&, std::size_t) override {}
  void scalar(const util::JsonPath&, util::JsonScalarKind, std::string_view) override {}
};

std::string shown_pointer(const std::string& pointer) {
  return pointer.empty() ? "(document)" : pointer;
}

void report_syntax_error(const std::string& name, const util::JsonSyntaxError& error) {
  print_error(name + ":" + std::to_string(error.line) + ":" + std::to_string(error.column) + ": " +
              error.message);
  const std::string before = escape_for_terminal(error.context.substr(0, error.caret));
  if (error.context.empty()) return;  // an empty input: nothing to point at
  print_diagnostic_line("  " + before + escape_for_terminal(error.context.substr(error.caret)));
  print_diagnostic_line("  " + std::string(before.size(), ' ') + "^");
}

// Checks one input and prints what was asked for; returns its exit status.
int parse_one(const ParseOptions& options, const std::vector<std::vector<std::string>>& pointers,
              const std::string& file) {
  auto input = util::ByteInput::open(file);
  if (!input) {
    print_error(input.error());
    return exit_trouble;
  }
  const std::string name = file.empty() || file == "-" ? "standard input" : file;

  core::PayloadValidator validator(core::ValidationOptions{options.strict, 100});
  // Output is kept until the document proved valid: nothing is printed for an invalid one.
  util::Spool output;
  const auto to_output = [&output](std::string_view bytes) { output.append(bytes); };
  std::unique_ptr<util::JsonHandler> printer;
  util::JsonPointerGetter* getter = nullptr;
  util::JsonWriter* writer = nullptr;
  util::JsonFlatWriter* flat = nullptr;
  if (!pointers.empty()) {
    auto owned = std::make_unique<util::JsonPointerGetter>(pointers);
    getter = owned.get();
    printer = std::move(owned);
  } else if (options.check_only || options.format == "env") {
    printer = std::make_unique<NoOutput>();
  } else if (options.format == "flat") {
    auto owned = std::make_unique<util::JsonFlatWriter>(to_output);
    flat = owned.get();
    printer = std::move(owned);
  } else {
    auto owned = std::make_unique<util::JsonWriter>(to_output, !options.compact);
    writer = owned.get();
    printer = std::move(owned);
  }
  util::JsonTee both(validator, *printer);
  util::JsonReader reader(both);
  std::string read_error;
  const util::JsonRefill refill = [&](char* buffer, std::size_t capacity) -> std::size_t {
    auto got = input->read_some(buffer, capacity);
    if (!got) {
      read_error = got.error();
      return 0;
    }
    return *got;
  };
  const bool parsed = reader.parse(refill);
  if (!read_error.empty()) {
    print_error(read_error);
    return exit_trouble;
  }
  if (!parsed) {
    report_syntax_error(name, *reader.error());
    return exit_negative;
  }
  validator.finish();
  if (reader.saw_byte_order_mark()) {
    const std::string message = name + ": the input starts with a UTF-8 byte-order mark";
    if (options.strict)
      print_error(message);
    else
      print_warning(message + " (ignored)");
  }
  // Name the kind when it is the less common one, so a reader knows which rules applied.
  const std::string source =
      validator.header().kind == core::PayloadKind::run_status ? name + " (run-status response)" : name;
  for (const core::PayloadProblem& problem : validator.problems()) {
    const std::string line = source + ": " + shown_pointer(problem.pointer) + ": " + problem.message;
    if (problem.is_error)
      print_error(line);
    else
      print_warning(line);
  }
  if (validator.problems_not_kept() > 0)
    print_error(name + ": " + std::to_string(validator.problems_not_kept()) +
                " more problems not shown");
  if (!validator.valid() || (options.strict && reader.saw_byte_order_mark())) return exit_negative;

  if (options.check_only) return exit_success;
  if (getter != nullptr) {
    const auto results = getter->results();
    int status = exit_success;
    for (std::size_t i = 0; i < results.size(); ++i) {
      if (results[i]) {
        write_stdout(*results[i]);
      } else {
        print_error(name + ": no value at " + options.pointers[i]);
        status = exit_negative;
      }
    }
    return status;
  }
  if (options.format == "env") {
    write_stdout(core::format_env_assignments(validator.header()));
    return exit_success;
  }
  if (writer != nullptr) writer->flush();
  if (flat != nullptr) flat->flush();
  auto replayed = output.replay([](std::string_view bytes) { write_stdout(bytes); });
  if (!replayed) {
    print_error(replayed.error());
    return exit_trouble;
  }
  return exit_success;
}

int run_parse(ParseOptions& options) {
  if (!options.pointers.empty() && options.format != "json")
    throw Failure{"--get prints values itself; it cannot be combined with --format " +
                  options.format};
  if (options.check_only &&
      (!options.pointers.empty() || options.format != "json" || options.compact))
    throw Failure{
        "--check prints nothing; it cannot be combined with --get, --format or --compact"};
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
  command->add_flag("-q,--check", options->check_only, "Validate only; print nothing");
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
                   "values as JSON; repeatable")
      ->type_name("POINTER")
      ->allow_extra_args(false);
  command->add_flag("--strict", options->strict,
                    "Also reject unknown fields, unknown statuses and events, duplicate keys, a "
                    "byte-order mark, and summary counts that disagree with the groups");
  command->footer(
      R"help(Accepts the webhook's batch.completed payload and the run-status API response.
Problems go to standard error, each with its JSON Pointer; nothing is printed for an invalid payload.

Examples:
  autosana-webhook parse payload.json
  autosana-webhook parse --check payload.json && echo valid
  autosana-webhook parse --get /app/name --get /summary/failed_groups payload.json
  eval "$(autosana-webhook parse --format env payload.json)" && echo "$AUTOSANA_GIT_BRANCH"
  autosana-webhook parse --format flat payload.json | grep status

Exit status: 0 valid, 1 invalid (or a --get path is missing), 2 trouble (unreadable input, bad
option, output write error). With several files, the worst.
)help");
  command->callback([options, &exit_status] { exit_status = run_parse(*options); });
}

}  // namespace cli
