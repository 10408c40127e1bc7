#include "cli/payload_input.hpp"

#include <fmt/core.h>

#include "cli/console.hpp"
#include "cli/exit_status.hpp"
#include "util/byte_input.hpp"

namespace cli {

namespace {
std::string shown_pointer(const std::string& pointer) {
  return pointer.empty() ? "(document)" : pointer;
}

void report_syntax_error(const std::string& name, const util::JsonSyntaxError& error) {
  print_error(fmt::format("{}:{}:{}: {}", name, error.line, error.column, error.message));
  if (error.context.empty()) return;  // an empty input: nothing to point at
  const std::string before = escape_for_terminal(error.context.substr(0, error.caret));
  print_diagnostic_line("  " + before + escape_for_terminal(error.context.substr(error.caret)));
  print_diagnostic_line("  " + std::string(before.size(), ' ') + "^");
}
}  // namespace

std::string input_name(const std::string& file) {
  return file.empty() || file == "-" ? "standard input" : file;
}

int exit_status_for(PayloadReading reading) {
  switch (reading) {
    case PayloadReading::valid: return exit_success;
    case PayloadReading::invalid: return exit_negative;
    case PayloadReading::unreadable: return exit_trouble;
  }
  return exit_trouble;
}

PayloadReading read_payload(const std::string& file, core::PayloadValidator& validator,
                            util::JsonHandler& also, bool strict) {
  note_terminal_input(file);
  auto input = util::ByteInput::open(file);
  if (!input) {
    print_error(input.error());
    return PayloadReading::unreadable;
  }
  const std::string name = input_name(file);
  util::JsonTee both(validator, also);
  util::JsonReader reader(both);
  std::string read_error;
  const util::JsonRefill refill = input->refill(read_error);
  const bool parsed = reader.parse(refill);
  if (!read_error.empty()) {
    print_error(read_error);
    return PayloadReading::unreadable;
  }
  if (!parsed) {
    // Nothing at all on a pipe is most often the command before it failing (verify --pipe with
    // the wrong secret): no payload to judge, which is trouble, and said as such.
    if (file.empty() || file == "-") {
      if (reader.error()->message.starts_with("empty input")) {
        print_error(
            "standard input is empty: did the command before the pipe fail? (with set -o "
            "pipefail, the pipeline's exit status says so)");
        return PayloadReading::unreadable;
      }
    }
    report_syntax_error(name, *reader.error());
    return PayloadReading::invalid;
  }
  validator.finish();
  if (reader.saw_byte_order_mark()) {
    const std::string message = name + ": the input starts with a UTF-8 byte-order mark";
    if (strict)
      print_error(message);
    else
      print_warning(message + " (ignored)");
  }
  // Name the kind when it is the less common one, so a reader knows which rules applied.
  const std::string source = validator.header().kind == core::PayloadKind::run_status
                                 ? name + " (run-status response)"
                                 : name;
  for (const core::PayloadProblem& problem : validator.problems()) {
    const std::string line =
        source + ": " + shown_pointer(problem.pointer) + ": " + problem.message;
    if (problem.is_error)
      print_error(line);
    else
      print_warning(line);
  }
  if (validator.problems_not_kept() > 0)
    print_error(fmt::format("{}: {} more problems not shown", name, validator.problems_not_kept()));
  if (!validator.valid() || (strict && reader.saw_byte_order_mark()))
    return PayloadReading::invalid;
  return PayloadReading::valid;
}

}  // namespace cli
