// The store from the command line: --store on the commands that read or write it, the `store`
// command, and who runs them. The store's libraries (libsqlite3, libpq) are used only by the
// helper, as the HTTP libraries are: the main program hands every use of a store to it, so
// verify, sign and parse never load them.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "cli/secret_options.hpp"
#include "core/history/flow_history.hpp"

namespace CLI {
class App;
class Option;
}  // namespace CLI

namespace cli {

// --store [URI]: given or not, and what it names ("" when given without a value: then
// AUTOSANA_WEBHOOK_STORE, else the default file).
struct StoreChoice {
  std::string uri;
  const CLI::Option* option = nullptr;  // set by add_store_option
  bool given() const;
};
void add_store_option(CLI::App& command, StoreChoice& choice, const std::string& description);

// What history shows of the whole store beside the window (for "no batch on branch ...").
struct StoreTotals {
  std::size_t batches = 0;
  std::vector<core::LaneRead> lanes;
};

// A payload read back from the store, and where it came from (the store's description).
struct StoredPayload {
  std::string payload;
  std::string source;
};

struct StoreCommandOptions {
  StoreChoice store;
  std::vector<std::string> paths;  // import
  bool require_verified = false;
  std::string max_body;
  SecretOptions secrets;
  std::string format = "ndjson";  // export: ndjson, http
  std::string output;             // export --format http: the folder
  std::string older_than;         // prune
  std::string keep_failed;
  bool json = false;  // stats
};

struct StoreRunners {
  // Called first by a command that will use a store, before it reads any input: the main
  // program replaces itself with the helper here; the helper does nothing.
  std::function<void()> hand_over;
  // history --store: the window's batches into the builder.
  std::function<StoreTotals(const StoreChoice& store, const core::HistoryFilter& filter,
                            bool verified_only, core::HistoryBuilder& history)>
      read_history;
  // summarize --baseline-from-store: the latest batch of the app and branch before the time.
  std::function<std::optional<StoredPayload>(const StoreChoice& store, const std::string& app_id,
                                             const std::string& branch,
                                             std::int64_t before_milliseconds)>
      previous_payload;
  // store import | export | prune | stats
  std::function<int(const CLI::App& command, const std::string& action,
                    const StoreCommandOptions& options)>
      store;
};

void set_store_command(CLI::App& app, int& exit_status, const StoreRunners& runners);

// The main program's runners: replace this process with the helper, same arguments.
StoreRunners store_handoff(char** argv);
// The helper's runners: the store itself.
StoreRunners store_runners();

}  // namespace cli
