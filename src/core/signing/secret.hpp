// Signing secrets and where they come from. A secret is only ever named by its source (the CLI
// names it after its option, "--secret-file old.txt"), so that no message can carry its value.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "util/expected.hpp"

namespace core {

inline constexpr const char* default_secret_variable = "AUTOSANA_WEBHOOK_SECRET";

enum class SecretOrigin { environment, file, command_line };

struct SecretSource {
  SecretOrigin origin;
  std::string argument;  // variable name, path, or the value itself for command_line
  std::string name;      // how messages name it; never the value
};

struct Secret {
  std::string source;  // how messages name it: its SecretSource's name
  std::string value;
  SecretOrigin origin = SecretOrigin::command_line;
  std::string location{};  // the variable's name or the file's path; empty for a given value
  // "\n" or "\r\n" when the file's line break at the end was removed: a handler that reads the
  // file whole signs with it kept.
  std::string removed_line_break{};
};

struct LoadedSecrets {
  std::vector<Secret> secrets;
  std::vector<std::string> warnings;
  std::vector<std::string> notes;
};

using EnvironmentLookup = std::function<std::optional<std::string>(const std::string& name)>;

// Removes one trailing LF or CRLF, as left by `echo secret > file`; nothing else. What it removed
// goes to *removed when given.
std::string secret_from_file_contents(std::string contents, std::string* removed = nullptr);

// Loads each source in order; an unset variable, unreadable file or empty secret is an error.
// Warnings: a secret file that other users can read. Notes: a line break removed from a file.
util::Expected<LoadedSecrets> load_secrets(const std::vector<SecretSource>& sources,
                                           const EnvironmentLookup& lookup);

std::optional<std::string> lookup_process_environment(const std::string& name);

}  // namespace core
