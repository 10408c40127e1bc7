#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "cli/failure.hpp"
#include "cli/network_commands.hpp"
#include "cli/store_commands.hpp"

namespace cli {

namespace {
constexpr const char* helper_name = "autosana-webhook-net";

std::string own_directory() {
  std::vector<char> buffer(4096);
  const ssize_t length = ::readlink("/proc/self/exe", buffer.data(), buffer.size() - 1);
  if (length <= 0) return ".";
  std::string path(buffer.data(), static_cast<std::size_t>(length));
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? "." : path.substr(0, slash);
}

// Beside this program in a build tree; in libexec once installed (the path is set at build time
// relative to bin/, so an installed tree can be moved as a whole).
[[noreturn]] void exec_helper(char** argv) {
  const std::string directory = own_directory();
  const std::vector<std::string> candidates{
      directory + "/" + helper_name,
      directory + "/" + AUTOSANA_HELPER_FROM_BINDIR + "/" + helper_name};
  int first_error = 0;
  for (const std::string& candidate : candidates) {
    ::execv(candidate.c_str(), argv);
    if (first_error == 0 || errno != ENOENT) first_error = errno;
  }
  throw Failure{std::string("cannot start the helper ") + helper_name + " (looked in " +
                candidates[0].substr(0, candidates[0].rfind('/')) + " and " +
                candidates[1].substr(0, candidates[1].rfind('/')) +
                "): " + std::strerror(first_error) + "; is the package installed completely?"};
}
}  // namespace

NetworkRunners network_handoff(char** argv) {
  return NetworkRunners{[argv](const CLI::App&, const ListenOptions&) -> int { exec_helper(argv); },
                        [argv](const CLI::App&, const SendOptions&) -> int { exec_helper(argv); }};
}

StoreRunners store_handoff(char** argv) {
  StoreRunners runners;
  runners.hand_over = [argv] { exec_helper(argv); };
  runners.read_history = [argv](const StoreChoice&, const core::HistoryFilter&, bool,
                                core::HistoryBuilder&) -> StoreTotals { exec_helper(argv); };
  runners.previous_payload = [argv](const StoreChoice&, const std::string&, const std::string&,
                                    std::int64_t) -> std::optional<StoredPayload> {
    exec_helper(argv);
  };
  runners.store = [argv](const CLI::App&, const std::string&, const StoreCommandOptions&) -> int {
    exec_helper(argv);
  };
  return runners;
}

}  // namespace cli
