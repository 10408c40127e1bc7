#pragma once

namespace cli {

struct NetworkRunners;
struct StoreRunners;

// Parses the command line, runs the chosen subcommand and returns the exit status. This is the
// one place where errors of every kind become "autosana-webhook: error: ..." and a status.
// listen and send go to the given runners (see network_commands.hpp), and so does every use of a
// store (store_commands.hpp).
int run_app(int argc, char** argv, const NetworkRunners& network, const StoreRunners& store);

}  // namespace cli
