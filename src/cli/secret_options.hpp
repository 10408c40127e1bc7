// The secret options every signing subcommand shares: --secret-env, --secret-file, --secret,
// each repeatable, read in the order given on the command line.
#pragma once

#include <string>
#include <vector>

#include "core/signing/secret.hpp"

// CLI11 itself is only needed where options are declared; the rest passes commands along.
namespace CLI {
class App;
class Option;
}  // namespace CLI

namespace cli {

struct SecretOptions {
  std::vector<std::string> variables;
  std::vector<std::string> files;
  std::vector<std::string> values;
  CLI::Option* variable_option = nullptr;
  CLI::Option* file_option = nullptr;
  CLI::Option* value_option = nullptr;
};

// Whether a command tries every secret given (verify, listen) or signs with one (sign, send).
enum class SecretCount { several, one };
void add_secret_options(CLI::App& command, SecretOptions& options, SecretCount count);

// Whether any secret option was given (otherwise the default variable is used).
bool any_secret_option(const SecretOptions& options);

// A secret read from an environment variable, named as --secret-env names it.
core::SecretSource variable_source(const std::string& variable);

// The sources in command-line order, or the default variable when none was given.
std::vector<core::SecretSource> secret_sources(const CLI::App& command,
                                               const SecretOptions& options);

// Loads the secrets, prints their warnings and registers their values for redaction;
// throws Failure (exit 2) when one is missing or empty.
// Warnings go to stderr, and notes (a line break removed from a file) unless quiet.
std::vector<core::Secret> load_secrets_or_fail(const CLI::App& command,
                                               const SecretOptions& options, bool quiet = false);

// For commands that sign: exactly one secret, or Failure naming the command ("sign uses one
// secret, but 2 were given").
core::Secret load_one_secret_or_fail(const CLI::App& command, const SecretOptions& options);

// Secret texts given with --secret, found before parsing so that even a parse error that
// quotes the command line cannot show them.
void register_command_line_secrets(int argc, const char* const* argv);

}  // namespace cli
