#include "core/signing/secret.hpp"

#include <fmt/core.h>
#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>

#include "util/byte_input.hpp"

namespace core {

namespace {
constexpr std::size_t max_secret_file_size = 64 * 1024;

std::optional<std::string> permission_warning(const std::string& path, const std::string& name) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) return std::nullopt;
  const unsigned mode = info.st_mode & 0777u;
  if ((mode & 077u) == 0) return std::nullopt;
  return fmt::format("{} can be read or changed by other users (mode {:04o}); run chmod 600 on it",
                     name, mode);
}
}  // namespace

std::string secret_from_file_contents(std::string contents, std::string* removed) {
  std::string cut;
  if (!contents.empty() && contents.back() == '\n') {
    contents.pop_back();
    cut = "\n";
    if (!contents.empty() && contents.back() == '\r') {
      contents.pop_back();
      cut = "\r\n";
    }
  }
  if (removed != nullptr) *removed = cut;
  return contents;
}

util::Expected<LoadedSecrets> load_secrets(const std::vector<SecretSource>& sources,
                                           const EnvironmentLookup& lookup) {
  LoadedSecrets loaded;
  for (const SecretSource& source : sources) {
    const std::string& name = source.name;
    std::string value;
    std::string removed;
    switch (source.origin) {
      case SecretOrigin::environment: {
        auto found = lookup(source.argument);
        if (!found)
          return util::unexpected("no secret: the environment variable " + source.argument +
                                  " is not set");
        value = std::move(*found);
        break;
      }
      case SecretOrigin::file: {
        auto contents = util::read_file(source.argument, max_secret_file_size);
        if (!contents) return util::unexpected(contents.error());
        if (auto warning = permission_warning(source.argument, name))
          loaded.warnings.push_back(*warning);
        value = secret_from_file_contents(std::move(*contents), &removed);
        if (!removed.empty())
          loaded.notes.push_back(
              name +
              " ends with a line break, which was removed; a handler that reads the file "
              "whole keeps it and signs with another secret (--explain tries both)");
        break;
      }
      case SecretOrigin::command_line: value = source.argument; break;
    }
    if (value.empty()) return util::unexpected("the secret from " + name + " is empty");
    loaded.secrets.push_back(Secret{
        name, std::move(value), source.origin,
        source.origin == SecretOrigin::command_line ? std::string() : source.argument, removed});
  }
  return loaded;
}

std::optional<std::string> lookup_process_environment(const std::string& name) {
  const char* value = std::getenv(name.c_str());
  if (value == nullptr) return std::nullopt;
  return std::string(value);
}

}  // namespace core
