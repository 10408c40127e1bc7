#include "cli/secret_options.hpp"

#include <CLI/CLI.hpp>

#include <fmt/core.h>
#include <cstring>

#include "cli/console.hpp"
#include "cli/failure.hpp"

namespace cli {

void add_secret_options(CLI::App& command, SecretOptions& options, SecretCount count) {
  // Verifying tries every secret given (rotation); signing uses exactly one.
  const std::string how_many =
      count == SecretCount::several ? "; repeatable, every one is tried" : "; one secret in all";
  options.variable_option =
      command
          .add_option("--secret-env", options.variables,
                      std::string("Read the secret from this environment variable (default: ") +
                          core::default_secret_variable + ")" + how_many)
          ->type_name("NAME")
          ->allow_extra_args(false)
          ->group("Secrets");
  options.file_option =
      command
          .add_option(
              "--secret-file", options.files,
              "Read the secret from this file (one trailing LF or CRLF is removed)" + how_many)
          ->type_name("PATH")
          ->allow_extra_args(false)
          ->group("Secrets");
  options.value_option =
      command
          .add_option("--secret", options.values,
                      "The secret itself; visible to other local users, prefer the two above")
          ->type_name("VALUE")
          ->allow_extra_args(false)
          ->group("Secrets");
}

bool any_secret_option(const SecretOptions& options) {
  return !options.variables.empty() || !options.files.empty() || !options.values.empty();
}

core::SecretSource variable_source(const std::string& variable) {
  return {core::SecretOrigin::environment, variable, "--secret-env " + variable};
}

std::vector<core::SecretSource> secret_sources(const CLI::App& command,
                                               const SecretOptions& options) {
  std::vector<core::SecretSource> sources;
  std::size_t next_variable = 0;
  std::size_t next_file = 0;
  std::size_t next_value = 0;
  // parse_order() lists one entry per occurrence, in command-line order.
  for (const CLI::Option* option : command.parse_order()) {
    if (option == options.variable_option && next_variable < options.variables.size()) {
      sources.push_back(variable_source(options.variables[next_variable++]));
    } else if (option == options.file_option && next_file < options.files.size()) {
      const std::string& path = options.files[next_file++];
      sources.push_back({core::SecretOrigin::file, path, "--secret-file " + path});
    } else if (option == options.value_option && next_value < options.values.size()) {
      // Named by position: its text is the secret.
      ++next_value;
      sources.push_back({core::SecretOrigin::command_line, options.values[next_value - 1],
                         fmt::format("--secret #{}", next_value)});
    }
  }
  if (sources.empty()) sources.push_back(variable_source(core::default_secret_variable));
  return sources;
}

std::vector<core::Secret> load_secrets_or_fail(const CLI::App& command,
                                               const SecretOptions& options, bool quiet) {
  auto loaded =
      core::load_secrets(secret_sources(command, options), core::lookup_process_environment);
  if (!loaded) {
    std::string message = loaded.error();
    if (!any_secret_option(options)) message += " (or use --secret-file PATH or --secret-env NAME)";
    throw Failure{message};
  }
  for (const core::Secret& secret : loaded->secrets) register_secret_text(secret.value);
  for (const std::string& warning : loaded->warnings) print_warning(warning);
  if (!quiet)
    for (const std::string& note : loaded->notes) print_note(note);
  if (!options.values.empty())
    print_warning(
        "--secret puts the secret on the command line, where other local users can see it; "
        "prefer --secret-env or --secret-file");
  return std::move(loaded->secrets);
}

core::Secret load_one_secret_or_fail(const CLI::App& command, const SecretOptions& options) {
  std::vector<core::Secret> secrets = load_secrets_or_fail(command, options);
  if (secrets.size() != 1)
    throw Failure{
        fmt::format("{} uses one secret, but {} were given", command.get_name(), secrets.size())};
  return std::move(secrets.front());
}

void register_command_line_secrets(int argc, const char* const* argv) {
  constexpr std::string_view option = "--secret";
  for (int i = 1; i < argc; ++i) {
    const std::string_view argument = argv[i];
    if (argument == option && i + 1 < argc)
      register_secret_text(argv[i + 1]);
    else if (argument.substr(0, option.size() + 1) == "--secret=")
      register_secret_text(std::string(argument.substr(option.size() + 1)));
  }
}

}  // namespace cli
