#pragma once

namespace cli {

// Parses the command line, runs the chosen subcommand and returns the exit status. This is the
// one place where errors of every kind become "autosana-webhook: error: ..." and a status.
int run_app(int argc, char** argv);

}  // namespace cli
