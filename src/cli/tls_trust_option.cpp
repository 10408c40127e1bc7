#include "cli/tls_trust_option.hpp"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstring>

#include "cli/failure.hpp"

namespace cli {

void add_tls_trust_options(CLI::App& command, TlsTrustOptions& options, const std::string& target) {
  command
      .add_option("--cacert", options.cacert,
                  "Trust this CA or certificate (PEM) as well as the system's for " + target +
                      " over https (a development certificate)")
      ->type_name("FILE");
  command.add_flag(
      "--insecure", options.insecure,
      "Do not verify " + target + "'s https certificate at all (warned at every start)");
}

std::string check_tls_trust(const TlsTrustOptions& options, const std::string& target) {
  if (!options.cacert.empty() && ::access(options.cacert.c_str(), R_OK) != 0)
    throw Failure{"--cacert " + options.cacert + ": " + std::strerror(errno)};
  if (!options.insecure) return "";
  return "--insecure: " + target +
         "'s certificate is not verified; anyone on the way can read "
         "and change what is sent";
}

}  // namespace cli
