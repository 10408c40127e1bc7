#include "cli/command_line_errors.hpp"

#include <regex>

#include "util/suggest.hpp"
#include "util/text.hpp"

namespace cli {

namespace {
// Words people try for a command this tool calls otherwise.
const std::pair<std::string_view, std::string_view> synonyms[] = {
    {"validate", "parse"}, {"check", "verify"}, {"summary", "summarize"}, {"report", "summarize"},
    {"serve", "listen"},   {"post", "send"},    {"replay", "send"},       {"hmac", "sign"}};

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
  static const std::regex extras("The following arguments? (?:was|were) not expected: (.*)");
  std::smatch match;
  if (std::regex_match(what, match, extras))
    return "unexpected argument" +
           std::string(match[1].str().find(' ') == std::string::npos ? "" : "s") + ": " +
           match[1].str();
  return lower_first(what);
}
}  // namespace

const std::vector<std::string>& command_names() {
  static const std::vector<std::string> names{"sign",   "verify", "parse", "summarize",
                                              "sample", "listen", "send"};
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

std::string describe_parse_error(const CLI::ParseError& error, const CLI::App& app, int argc,
                                 char** argv) {
  const std::string what = error.what();
  std::smatch match;
  if (dynamic_cast<const CLI::ExtrasError*>(&error) != nullptr)
    return describe_extras(app, argc, argv, what);
  if (dynamic_cast<const CLI::RequiredError*>(&error) != nullptr &&
      what.starts_with("A subcommand")) {
    std::string list;
    for (const std::string& name : command_names()) list += (list.empty() ? "" : ", ") + name;
    return "a command is required: " + list;
  }
  static const std::regex conversion("Could not convert: (\\S+) = (.*)");
  if (std::regex_match(what, match, conversion))
    return match[1].str() + " takes a number, not '" + match[2].str() + "'";
  static const std::regex range("(\\S+): Value (\\S+) not in range (\\S+) to (\\S+)");
  if (std::regex_match(what, match, range))
    return match[1].str() + " must be from " + match[3].str() + " to " + match[4].str() + ", not " +
           match[2].str();
  static const std::regex converted("(\\S+): Value (.*) could not be converted.*");
  if (std::regex_match(what, match, converted))
    return match[1].str() + " takes a number, not '" + match[2].str() + "'";
  static const std::regex missing("(\\S+): \\d+ required (\\S+) missing");
  if (std::regex_match(what, match, missing)) {
    const std::string value = match[2].str().substr(0, match[2].str().find(':'));  // FORMAT:{...}
    return match[1].str() + " needs its " + value + " right after it, as in '" + match[1].str() +
           " " + value + "'";
  }
  static const std::regex excludes("(\\S+) excludes (\\S+)");
  if (std::regex_match(what, match, excludes))
    return match[1].str() + " cannot be combined with " + match[2].str();
  static const std::regex not_member("(\\S+): (\\S+) not in \\{(.*)\\}");
  if (std::regex_match(what, match, not_member))
    return match[1].str() + " is one of " + util::replace_all(match[3].str(), ",", ", ") +
           ", not " + match[2].str();
  return lower_first(what);
}

CLI::Validator non_negative() {
  return CLI::Validator(
      [](std::string& input) -> std::string {
        const std::string_view value = util::trim_whitespace(input);
        if (!value.empty() && value.front() == '-') return "must be 0 or more, not " + input;
        return {};
      },
      "", "non-negative");
}

}  // namespace cli
