#include "cli/command_line_errors.hpp"

#include <algorithm>
#include <charconv>
#include <optional>

#include "util/suggest.hpp"
#include "util/text.hpp"

namespace cli {

namespace {
// Words people try for a command this tool calls otherwise.
const std::pair<std::string_view, std::string_view> synonyms[] = {
    {"validate", "parse"}, {"check", "verify"}, {"summary", "summarize"}, {"report", "summarize"},
    {"serve", "listen"},   {"post", "send"},    {"replay", "send"},       {"hmac", "sign"},
    {"trend", "history"},  {"flaky", "history"}};

std::string lower_first(std::string text) {
  if (!text.empty()) text[0] = util::to_lower_ascii(text[0]);
  return text;
}

const CLI::App* chosen_command(const CLI::App& app) {
  const auto chosen = app.get_subcommands();
  return chosen.empty() ? nullptr : chosen.front();
}

std::vector<std::string> option_names(const CLI::App& command) {
  std::vector<std::string> names;
  for (const CLI::Option* option : command.get_options()) {
    for (const std::string& name : option->get_lnames()) names.push_back("--" + name);
    for (const std::string& name : option->get_snames()) names.push_back("-" + name);
  }
  return names;
}

// The first argument that looks like an option and is none of the command's.
std::optional<std::string> unknown_option(const CLI::App& command, int argc, char** argv) {
  const std::vector<std::string> known = option_names(command);
  for (int i = 2; i < argc; ++i) {
    std::string_view argument = argv[i];
    if (argument == "--") break;
    if (argument.size() < 2 || argument[0] != '-' ||
        (argument[1] >= '0' && argument[1] <= '9'))  // a negative number is a value
      continue;
    const std::string name(argument.substr(0, argument.find('=')));
    if (argument[1] != '-' && name.size() > 2) continue;  // -qs: a cluster of short flags
    if (std::find(known.begin(), known.end(), name) == known.end()) return name;
  }
  return std::nullopt;
}

std::string describe_extras(const CLI::App& app, int argc, char** argv, const std::string& what) {
  const CLI::App* command = chosen_command(app);
  if (command != nullptr) {
    if (auto unknown = unknown_option(*command, argc, argv)) {
      std::string text = "unknown option '" + *unknown + "' for " + command->get_name();
      if (auto near = util::nearest(*unknown, option_names(*command)))
        text += "; did you mean '" + *near + "'?";
      return text;
    }
  }
  // "The following arguments were not expected: a b": positionals beyond what it takes.
  const auto colon = what.find(": ");
  if (colon != std::string::npos) {
    const std::string extra = what.substr(colon + 2);
    return "unexpected argument" + std::string(extra.find(' ') == std::string::npos ? "" : "s") +
           ": " + extra;
  }
  return lower_first(what);
}
}  // namespace

const std::vector<std::string>& command_names() {
  static const std::vector<std::string> names{"sign",   "verify",  "parse",  "summarize", "history",
                                              "sample", "vectors", "listen", "send",      "store"};
  return names;
}

std::string describe_unknown_command(std::string_view word) {
  std::string text = "unknown command '" + std::string(word) + "'";
  std::optional<std::string> near = util::nearest(word, command_names());
  for (const auto& [synonym, command] : synonyms)
    if (!near && util::equal_ignoring_case(word, synonym)) near = std::string(command);
  if (near) return text + "; did you mean '" + *near + "'?";
  std::string list;
  for (const std::string& name : command_names())
    list += (list.empty() ? "" : name == command_names().back() ? " or " : ", ") + name;
  return text + "; the commands are " + list;
}

namespace {
// An option's value refused by CLI11 ("--port: Value 99999 not in range 0 to 65535"), as one
// sentence; none when it is another kind of message.
std::optional<std::string> describe_value_error(const std::string& what) {
  const auto colon = what.find(": ");
  const std::string name = colon == std::string::npos ? "" : what.substr(0, colon);
  std::string detail = colon == std::string::npos ? "" : what.substr(colon + 2);
  // "(must be 0 or more, not -1) AND (Value -1 not in range 0 to 65535)": two validators that
  // both refused; the range says the most, so one sentence from it.
  if (const auto both = detail.find(") AND (");
      detail.starts_with("(") && both != std::string::npos) {
    const std::string first = detail.substr(1, both - 1);
    const std::string second = detail.substr(both + 7, detail.size() - both - 8);
    detail = second.starts_with("Value ") ? second : first;
    if (!detail.starts_with("Value ")) return name + ": " + detail;
  }
  if (!name.empty() && detail.starts_with("Value ")) {
    const std::string value_and_rest = detail.substr(6);
    const auto range = value_and_rest.find(" not in range ");
    if (range != std::string::npos) {
      const std::string bounds = value_and_rest.substr(range + 14);
      const auto to = bounds.find(" to ");
      if (to != std::string::npos)
        return name + " must be from " + bounds.substr(0, to) + " to " + bounds.substr(to + 4) +
               ", not " + value_and_rest.substr(0, range);
    }
    const auto converted = value_and_rest.find(" could not be converted");
    if (converted != std::string::npos)
      return name + " takes a number, not '" + value_and_rest.substr(0, converted) + "'";
  }
  if (!name.empty() && detail.ends_with(" missing")) {
    // "--format: 1 required FORMAT:{value,hex} missing"
    const auto required = detail.find(" required ");
    if (required != std::string::npos) {
      std::string value = detail.substr(required + 10, detail.size() - required - 10 - 8);
      value = value.substr(0, value.find(':'));
      return name + " needs its " + value + " right after it, as in '" + name + " " + value + "'";
    }
  }
  if (!name.empty() && detail.ends_with("}")) {
    // "--platform: beos not in {android,ios,web}"
    const auto not_in = detail.find(" not in {");
    if (not_in != std::string::npos)
      return name + " is one of " +
             util::replace_all(detail.substr(not_in + 9, detail.size() - not_in - 10), ",", ", ") +
             ", not " + detail.substr(0, not_in);
  }
  return std::nullopt;
}
}  // namespace

std::string describe_parse_error(const CLI::ParseError& error, const CLI::App& app, int argc,
                                 char** argv) {
  const std::string what = error.what();
  if (dynamic_cast<const CLI::ExtrasError*>(&error) != nullptr)
    return describe_extras(app, argc, argv, what);
  if (dynamic_cast<const CLI::RequiredError*>(&error) != nullptr &&
      what.starts_with("A subcommand")) {
    std::string list;
    for (const std::string& name : command_names()) list += (list.empty() ? "" : ", ") + name;
    return "a command is required: " + list;
  }
  if (dynamic_cast<const CLI::RequiredError*>(&error) != nullptr &&
      what.ends_with(" is required")) {
    // "URL is required": a positional argument left out.
    const std::string missing = what.substr(0, what.size() - 12);
    const CLI::App* command = chosen_command(app);
    if (!missing.starts_with("-") && command != nullptr)
      return command->get_name() + " needs its " + missing + " argument";
  }
  // CLI11's messages, read by their fixed words (no std::regex: it costs compile time, and
  // GCC 12 warns inside it under the sanitizers).
  if (what.starts_with("Could not convert: ")) {
    const std::string rest = what.substr(19);
    const auto equals = rest.find(" = ");
    if (equals != std::string::npos)
      return rest.substr(0, equals) + " takes a number, not '" + rest.substr(equals + 3) + "'";
  }
  if (auto value = describe_value_error(what)) return *value;
  if (const auto excludes = what.find(" excludes "); excludes != std::string::npos)
    return what.substr(0, excludes) + " cannot be combined with " + what.substr(excludes + 10);
  return lower_first(what);
}

CLI::Validator whole_number(std::uint64_t min, std::uint64_t max) {
  return CLI::Validator(
      [min, max](std::string& input) -> std::string {
        const auto value = util::parse_decimal(util::trim_whitespace(input));
        if (!value || *value < min || *value > max)
          return "must be a whole number from " + std::to_string(min) + " to " +
                 std::to_string(max) + ", not " + input;
        return {};
      },
      "", "whole number");
}

CLI::Validator positive_count(std::uint64_t max) {
  return CLI::Validator(
      [max](std::string& input) -> std::string {
        const auto value = util::parse_decimal(util::trim_whitespace(input));
        if (!value || *value == 0) return "must be a count of 1 or more, not " + input;
        if (*value > max)
          return "must be a count of at most " + std::to_string(max) + ", not " + input;
        return {};
      },
      "", "positive count");
}

}  // namespace cli
